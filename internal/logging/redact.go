package logging

import (
	"net/url"
	"regexp"
	"strings"
)

// Redacted replaces every secret RedactURL removes.
const Redacted = "****"

// secretParams are URL query parameters that carry secrets (PostgreSQL
// connection strings accept a password in the query).
var secretParams = []string{"password", "sslpassword", "passfile", "token", "secret"}

// userinfo finds "user:password@" anywhere in a value that is not a
// well-formed URL ("depot:pw@imap.example", "postgres//u:pw@h/db"): the
// user part stops at a slash or colon, the password runs to the last "@"
// of the word.
var userinfo = regexp.MustCompile(`([^\s:/@"'<>«»]+):([^\s"'<>«»]+)@`)

// HasUserinfo reports whether s holds a "user:password@" pattern.
func HasUserinfo(s string) bool { return userinfo.MatchString(s) }

// redactUserinfo masks the password of every "user:password@" in s. A
// match whose "password" starts with "//" is a well-formed URL that
// RedactURL has already handled; it is left alone. When the user part is
// ambiguous ("postgres:/u:pw@h"), more is masked rather than less.
func redactUserinfo(s string) string {
	return userinfo.ReplaceAllStringFunc(s, func(m string) string {
		sm := userinfo.FindStringSubmatch(m)
		if strings.HasPrefix(sm[2], "//") {
			return m
		}
		return sm[1] + ":" + Redacted + "@"
	})
}

// RedactURL returns raw with its password, and any password-like query
// parameter, replaced by "****", so it can be logged or printed. A value
// that is not a URL still has any "user:password@" in it masked, and one
// that looks like a URL with credentials but does not parse
// ("scheme://user:pass@host") is cut at the "@".
func RedactURL(raw string) string {
	if !strings.Contains(raw, "://") {
		return redactUserinfo(raw)
	}
	u, err := url.Parse(raw)
	if err != nil {
		// Unparseable but possibly holding credentials: keep scheme and
		// what follows the last "@".
		i := strings.Index(raw, "://")
		if at := strings.LastIndex(raw, "@"); at > i {
			return raw[:i+3] + Redacted + raw[at:]
		}
		return raw
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), Redacted)
		}
	}
	if u.RawQuery != "" {
		q := u.Query()
		changed := false
		for k := range q {
			for _, s := range secretParams {
				if strings.EqualFold(k, s) {
					q[k] = []string{Redacted}
					changed = true
				}
			}
		}
		if changed {
			u.RawQuery = q.Encode()
		}
	}
	// url.URL.String escapes "*" in userinfo as "%2A"; undo it for
	// readability.
	return strings.ReplaceAll(u.String(), "%2A%2A%2A%2A", Redacted)
}

// urlInText finds URL-like words in a text.
var urlInText = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.-]*://[^\s"'<>]+`)

// RedactText returns s with every URL in it passed through RedactURL, and
// any other "user:password@" masked, for error messages that may quote a
// connection string.
func RedactText(s string) string {
	if strings.Contains(s, "://") {
		s = urlInText.ReplaceAllStringFunc(s, RedactURL)
	}
	return redactUserinfo(s)
}
