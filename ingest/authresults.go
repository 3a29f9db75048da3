package ingest

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// AuthResults is one parsed Authentication-Results header field (RFC 8601).
type AuthResults struct {
	// AuthServID names the server that did the checks ("mx.example.fr"),
	// lower case; "" for a header written without one, as Exchange Online
	// writes its own (see AuthServMicrosoft365).
	AuthServID string
	Version    int // 1 when absent
	Results    []AuthResult
}

// AuthResult is one method's result: "dkim=pass header.d=ain.fr".
type AuthResult struct {
	Method string // lower case: "dkim", "spf", "dmarc", ...
	Result string // lower case: "pass", "fail", "none", ...
	Reason string
	// Props holds the properties by "ptype.property", lower case keys:
	// "header.d" → "ain.fr". Properties without a type ("action=none",
	// which Microsoft 365 writes) are skipped.
	Props map[string]string
}

// ErrAuthResultsSyntax is wrapped by ParseAuthResults errors.
var ErrAuthResultsSyntax = errors.New("malformed Authentication-Results")

// ParseAuthResults parses the value of an Authentication-Results header
// field (RFC 8601 §2.2), comments and folding whitespace included. "none"
// (no result) gives no Results. Unknown methods are kept and properties
// without a type skipped, so that a server's additions do not make its
// header unreadable.
//
// A header that starts with a result ("spf=pass ...") has no authserv-id:
// Exchange Online writes its own so, and scatters bare domain names and
// properties between semicolons ("header.d=a.fr;a.fr; dmarc=pass"). Such a
// header is read leniently (bare words skipped, a property after a
// semicolon joined to the result before it) and comes back with an empty
// AuthServID; an RFC 8601 header is read strictly.
func ParseAuthResults(value string) (*AuthResults, error) {
	l := &arLexer{s: value}
	id, ok := l.value()
	if !ok || id == "" {
		return nil, fmt.Errorf("%w: no authserv-id", ErrAuthResultsSyntax)
	}
	ar := &AuthResults{AuthServID: strings.ToLower(id), Version: 1}
	l.cfws()
	if l.peek() == '=' {
		// No authserv-id: what was read is the first method.
		l.i = 0
		ar.AuthServID = ""
		if err := l.results(ar, true); err != nil {
			return nil, err
		}
		return ar, nil
	}
	if l.peek() >= '0' && l.peek() <= '9' {
		n := l.atom()
		v, err := strconv.Atoi(n)
		if err != nil {
			return nil, fmt.Errorf("%w: version %q", ErrAuthResultsSyntax, n)
		}
		ar.Version = v
	}
	l.cfws()
	if l.eof() {
		// RFC 7601 made "; none" explicit, but servers still write the
		// id alone: no result.
		return ar, nil
	}
	if !l.consume(';') {
		return nil, fmt.Errorf("%w: expected ';' at %d", ErrAuthResultsSyntax, l.i)
	}
	if err := l.results(ar, false); err != nil {
		return nil, err
	}
	return ar, nil
}

// results reads the resinfo list after the authserv-id (and its ';'), or
// from the start in lenient (Microsoft) form.
func (l *arLexer) results(ar *AuthResults, lenient bool) error {
	for first := true; ; first = false {
		if !first {
			if l.eof() {
				return nil
			}
			if !l.consume(';') {
				return fmt.Errorf("%w: expected ';' at %d", ErrAuthResultsSyntax, l.i)
			}
		}
		l.cfws()
		if l.eof() {
			return nil // a trailing ';' is common and harmless
		}
		if l.peek() == ';' {
			if lenient {
				continue
			}
			return fmt.Errorf("%w: empty result at %d", ErrAuthResultsSyntax, l.i)
		}
		method := strings.ToLower(l.atom())
		if method == "" {
			return fmt.Errorf("%w: expected a method at %d", ErrAuthResultsSyntax, l.i)
		}
		l.cfws()
		if method == "none" && (l.eof() || l.peek() == ';') {
			continue
		}
		if lenient && (l.eof() || l.peek() == ';') {
			continue // a bare domain name between results
		}
		if !l.consume('=') {
			return fmt.Errorf("%w: expected '=' after %q", ErrAuthResultsSyntax, method)
		}
		l.cfws()
		if lenient && strings.Contains(method, ".") && len(ar.Results) > 0 {
			// "; header.from=a.fr": a property of the result before.
			v, ok := l.pvalue()
			if !ok {
				return fmt.Errorf("%w: unterminated value of %q", ErrAuthResultsSyntax, method)
			}
			last := &ar.Results[len(ar.Results)-1]
			setProp(last, method, v)
			if err := l.props(last); err != nil {
				return err
			}
			continue
		}
		if slash := strings.IndexByte(method, '/'); slash >= 0 {
			method = method[:slash] // method-version
		}
		if method == "" {
			return fmt.Errorf("%w: empty method at %d", ErrAuthResultsSyntax, l.i)
		}
		r := AuthResult{Method: method, Result: strings.ToLower(l.atom())}
		if r.Result == "" {
			return fmt.Errorf("%w: no result for %q", ErrAuthResultsSyntax, method)
		}
		if err := l.props(&r); err != nil {
			return err
		}
		ar.Results = append(ar.Results, r)
	}
}

// props reads the properties of r up to the next ';' or the end.
func (l *arLexer) props(r *AuthResult) error {
	for {
		l.cfws()
		if l.eof() || l.peek() == ';' {
			return nil
		}
		key := strings.ToLower(l.atom())
		if key == "" {
			return fmt.Errorf("%w: unexpected %q at %d", ErrAuthResultsSyntax, l.peek(), l.i)
		}
		l.cfws()
		if !l.consume('=') {
			return fmt.Errorf("%w: expected '=' after %q", ErrAuthResultsSyntax, key)
		}
		l.cfws()
		v, ok := l.pvalue()
		if !ok {
			return fmt.Errorf("%w: unterminated value of %q", ErrAuthResultsSyntax, key)
		}
		setProp(r, key, v)
	}
}

// setProp records a property; one without a type ("action=none") is
// skipped, as RFC 8601 §2.7 asks of properties a reader does not know.
func setProp(r *AuthResult, key, v string) {
	switch {
	case key == "reason":
		r.Reason = v
	case strings.Contains(key, "."):
		if r.Props == nil {
			r.Props = map[string]string{}
		}
		r.Props[key] = v
	}
}

// arLexer reads the tokens of an Authentication-Results value.
type arLexer struct {
	s string
	i int
}

func (l *arLexer) eof() bool { return l.i >= len(l.s) }

func (l *arLexer) peek() byte {
	if l.eof() {
		return 0
	}
	return l.s[l.i]
}

func (l *arLexer) consume(c byte) bool {
	if l.peek() == c && !l.eof() {
		l.i++
		return true
	}
	return false
}

// cfws skips folding whitespace and (nested) comments.
func (l *arLexer) cfws() {
	for !l.eof() {
		switch c := l.s[l.i]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			l.i++
		case c == '(':
			depth := 0
			for !l.eof() {
				c := l.s[l.i]
				l.i++
				if c == '\\' {
					if !l.eof() {
						l.i++
					}
					continue
				}
				if c == '(' {
					depth++
				} else if c == ')' {
					depth--
					if depth == 0 {
						break
					}
				}
			}
		default:
			return
		}
	}
}

// atom reads a token: anything but whitespace, specials "()<>;=\"" and
// controls.
func (l *arLexer) atom() string {
	start := l.i
	for !l.eof() {
		c := l.s[l.i]
		if c <= ' ' || c == 0x7f || strings.IndexByte("()<>;=\",", c) >= 0 {
			break
		}
		l.i++
	}
	return l.s[start:l.i]
}

// value reads a token or a quoted string, after optional CFWS.
func (l *arLexer) value() (string, bool) {
	l.cfws()
	if l.peek() == '"' {
		return l.quoted()
	}
	return l.atom(), true
}

// pvalue reads a property value: a quoted string, or everything up to
// whitespace, ';' or a comment ("user@example.com", "abc+/=").
func (l *arLexer) pvalue() (string, bool) {
	if l.peek() == '"' {
		return l.quoted()
	}
	start := l.i
	for !l.eof() {
		c := l.s[l.i]
		if c <= ' ' || c == ';' || c == '(' || c == ')' {
			break
		}
		l.i++
	}
	return l.s[start:l.i], true
}

func (l *arLexer) quoted() (string, bool) {
	l.i++ // opening quote
	var b strings.Builder
	for !l.eof() {
		c := l.s[l.i]
		l.i++
		switch c {
		case '\\':
			if !l.eof() {
				b.WriteByte(l.s[l.i])
				l.i++
			}
		case '"':
			return b.String(), true
		default:
			b.WriteByte(c)
		}
	}
	return "", false
}
