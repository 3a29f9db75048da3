package web_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"

	"github.com/pactd/pactd/internal/web"
	"github.com/pactd/pactd/internal/webtest"
)

func newRequest(t *testing.T, method, u string, form url.Values) *http.Request {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return req
}

// noRedirect is a client that shows redirections instead of following them.
var noRedirect = &http.Client{Timeout: 30 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func send(t *testing.T, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// loginOIDC logs u in through the site's OpenID provider in a real
// browser, from the page asked for to the page shown after login, and
// returns the browser.
func loginOIDC(t *testing.T, s *site, u webtest.User, path string) *webtest.Browser {
	t.Helper()
	b := webtest.NewBrowser(t)
	if st := b.Navigate(s.URL + path); st != http.StatusOK || !strings.HasPrefix(b.Location(), s.URL+"/connexion?retour=") {
		t.Fatalf("anonymous %s: status %d at %s, want the login page", path, st, b.Location())
	}
	b.Screenshot("connexion")
	if st := b.Click("#connexion-oidc"); st != http.StatusOK || !strings.HasPrefix(b.Location(), s.prov.Issuer+"/login/") {
		t.Fatalf("login button: status %d at %s, want the provider's form", st, b.Location())
	}
	b.Fill("#username", u.Login)
	b.Fill("#password", u.Password)
	b.Click("button[type=submit]")
	return b
}

// sessionOf returns the session cookie the browser holds for the site,
// after checking how the browser stored it.
func sessionOf(t *testing.T, s *site, b *webtest.Browser) string {
	t.Helper()
	var c *network.Cookie
	for _, x := range b.Cookies(s.URL + "/") {
		if x.Name == web.SessionCookie {
			c = x
		}
	}
	if c == nil {
		t.Fatalf("no session cookie in the browser after login")
	}
	if !c.HTTPOnly || !c.Secure || c.SameSite != network.CookieSameSiteLax || c.Path != "/" || c.Domain != "127.0.0.1" {
		t.Errorf("session cookie stored as HttpOnly %v Secure %v SameSite %q Path %q Domain %q", c.HTTPOnly, c.Secure, c.SameSite, c.Path, c.Domain)
	}
	if exp := time.Unix(int64(c.Expires), 0); exp.Before(time.Now().Add(7*time.Hour)) || exp.After(time.Now().Add(9*time.Hour)) {
		t.Errorf("session cookie expires %s, want in 8 h", exp)
	}
	return c.Value
}
