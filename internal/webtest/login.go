package webtest

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// NewClient returns an HTTP client with a cookie jar that does not follow
// redirections: tests see each step. Go's jar, like browsers, sends Secure
// cookies to loopback over plain HTTP.
func NewClient(t testing.TB) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// loginID finds the authorization request's ID in the provider's form.
var loginID = regexp.MustCompile(`name="id" value="([^"]+)"`)

// Authorize plays the person at the provider without a browser: from the
// authorization URL (where the relying party sent the browser), it fills
// the provider's login form as u and returns the URL the provider sends
// the browser back to (the relying party's callback, with code and state,
// or with an error), without following it. c must keep cookies (NewClient).
func (p *Provider) Authorize(t testing.TB, c *http.Client, authURL string, u User) *url.URL {
	t.Helper()
	next := authURL
	for range 10 {
		resp := get(t, c, next)
		body := readAll(t, resp)
		loc := resp.Header.Get("Location")
		switch {
		case resp.StatusCode == http.StatusOK && strings.Contains(body, `action="/login/username"`):
			m := loginID.FindStringSubmatch(body)
			if m == nil {
				t.Fatalf("provider login form without request id")
			}
			form := url.Values{"id": {m[1]}, "username": {u.Login}, "password": {u.Password}}
			resp, err := c.PostForm(p.Issuer+"/login/username", form)
			if err != nil {
				t.Fatalf("post provider login form: %v", err)
			}
			b := readAll(t, resp)
			if resp.StatusCode != http.StatusFound {
				t.Fatalf("provider refused %s: %d %s", u.Login, resp.StatusCode, b)
			}
			next = resolve(t, p.Issuer+"/login/username", resp.Header.Get("Location"))
		case loc != "" && strings.HasPrefix(resolve(t, next, loc), p.Issuer):
			next = resolve(t, next, loc)
		case loc != "":
			return mustParse(t, resolve(t, next, loc))
		default:
			t.Fatalf("provider answered %d at %s: %.300s", resp.StatusCode, next, body)
		}
	}
	t.Fatalf("provider redirected more than 10 times")
	return nil
}

// LoginHTTP logs u in to the site at siteURL through its OpenID provider
// without a browser (GET /connexion/oidc, the provider's form, the
// callback) and returns the client holding the session cookie, and the
// response of the callback (a 303 to the page asked for on success).
func (p *Provider) LoginHTTP(t testing.TB, siteURL string, u User) (*http.Client, *http.Response) {
	t.Helper()
	c := NewClient(t)
	resp := get(t, c, siteURL+"/connexion/oidc")
	readAll(t, resp)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("start login: status %d", resp.StatusCode)
	}
	cb := p.Authorize(t, c, resp.Header.Get("Location"), u)
	resp = get(t, c, cb.String())
	readAll(t, resp)
	return c, resp
}

func get(t testing.TB, c *http.Client, u string) *http.Response {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	return resp
}

func readAll(t testing.TB, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		t.Fatalf("read response: %v", err)
	}
	return string(b)
}

func resolve(t testing.TB, base, ref string) string {
	t.Helper()
	return mustParse(t, base).ResolveReference(mustParse(t, ref)).String()
}

func mustParse(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatalf("parse URL %q: %v", s, err)
	}
	return u
}
