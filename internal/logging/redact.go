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

// RedactURL returns raw with its password, and any password-like query
// parameter, replaced by "****", so it can be logged or printed. A value
// that is not a URL is returned unchanged unless it looks like one with
// credentials ("scheme://user:pass@host"), which is then cut at the "@".
func RedactURL(raw string) string {
	if !strings.Contains(raw, "://") {
		return raw
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

// RedactText returns s with every URL in it passed through RedactURL, for
// error messages that may quote a connection string.
func RedactText(s string) string {
	if !strings.Contains(s, "://") {
		return s
	}
	return urlInText.ReplaceAllStringFunc(s, RedactURL)
}
