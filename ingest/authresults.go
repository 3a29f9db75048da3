package ingest

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// AuthResults is one parsed Authentication-Results header field (RFC 8601).
type AuthResults struct {
	// AuthServID names the server that did the checks ("mx.example.fr").
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
	// "header.d" → "ain.fr".
	Props map[string]string
}

// ErrAuthResultsSyntax is wrapped by ParseAuthResults errors.
var ErrAuthResultsSyntax = errors.New("malformed Authentication-Results")

// ParseAuthResults parses the value of an Authentication-Results header
// field (RFC 8601 §2.2), comments and folding whitespace included. "none"
// (no result) gives no Results.
func ParseAuthResults(value string) (*AuthResults, error) {
	l := &arLexer{s: value}
	id, ok := l.value()
	if !ok || id == "" {
		return nil, fmt.Errorf("%w: no authserv-id", ErrAuthResultsSyntax)
	}
	ar := &AuthResults{AuthServID: strings.ToLower(id), Version: 1}
	l.cfws()
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
	for !l.eof() {
		if !l.consume(';') {
			return nil, fmt.Errorf("%w: expected ';' at %d", ErrAuthResultsSyntax, l.i)
		}
		l.cfws()
		if l.eof() {
			break // a trailing ';' is common and harmless
		}
		method := strings.ToLower(l.atom())
		if method == "" {
			return nil, fmt.Errorf("%w: expected a method at %d", ErrAuthResultsSyntax, l.i)
		}
		l.cfws()
		if method == "none" && (l.eof() || l.peek() == ';') {
			continue
		}
		if slash := strings.IndexByte(method, '/'); slash >= 0 {
			method = method[:slash] // method-version
		}
		if method == "" {
			return nil, fmt.Errorf("%w: empty method at %d", ErrAuthResultsSyntax, l.i)
		}
		if !l.consume('=') {
			return nil, fmt.Errorf("%w: expected '=' after %q", ErrAuthResultsSyntax, method)
		}
		l.cfws()
		r := AuthResult{Method: method, Result: strings.ToLower(l.atom())}
		if r.Result == "" {
			return nil, fmt.Errorf("%w: no result for %q", ErrAuthResultsSyntax, method)
		}
		for {
			l.cfws()
			if l.eof() || l.peek() == ';' {
				break
			}
			key := strings.ToLower(l.atom())
			if key == "" {
				return nil, fmt.Errorf("%w: unexpected %q at %d", ErrAuthResultsSyntax, l.peek(), l.i)
			}
			l.cfws()
			if !l.consume('=') {
				return nil, fmt.Errorf("%w: expected '=' after %q", ErrAuthResultsSyntax, key)
			}
			l.cfws()
			v, ok := l.pvalue()
			if !ok {
				return nil, fmt.Errorf("%w: unterminated value of %q", ErrAuthResultsSyntax, key)
			}
			if key == "reason" {
				r.Reason = v
				continue
			}
			if !strings.Contains(key, ".") {
				return nil, fmt.Errorf("%w: property %q has no type", ErrAuthResultsSyntax, key)
			}
			if r.Props == nil {
				r.Props = map[string]string{}
			}
			r.Props[key] = v
		}
		ar.Results = append(ar.Results, r)
	}
	return ar, nil
}

// AuthPassed reports whether the message whose Authentication-Results
// header values are given (in message order, topmost first) passed DKIM or
// DMARC according to a trusted server. Only the topmost header from a
// trusted authserv-id counts: the trusted server prepends its own, and one
// further down was written by someone else, perhaps the forger (RFC 8601
// §5). It returns a French sentence saying why when it did not pass.
func AuthPassed(headers []string, trusted []string) (bool, string) {
	for _, h := range headers {
		ar, err := ParseAuthResults(h)
		if err != nil {
			continue
		}
		if !containsFold(trusted, ar.AuthServID) {
			continue
		}
		for _, r := range ar.Results {
			if (r.Method == "dkim" || r.Method == "dmarc") && r.Result == "pass" {
				return true, ""
			}
		}
		return false, fmt.Sprintf("Le serveur de messagerie %s n'a validé ni la signature DKIM ni la politique DMARC de l'expéditeur : son adresse ne peut pas être vérifiée.", ar.AuthServID)
	}
	return false, "Le message ne porte aucun résultat d'authentification (DKIM ou DMARC) d'un serveur de confiance : l'adresse de l'expéditeur ne peut pas être vérifiée."
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(strings.TrimSpace(x), s) {
			return true
		}
	}
	return false
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
