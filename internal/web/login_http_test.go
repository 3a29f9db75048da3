package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/auth"
	"github.com/pactd/pactd/internal/web"
	"github.com/pactd/pactd/internal/webtest"
)

// csrfOf reads the hidden CSRF field of a page.
var csrfOf = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// loginForm gets the login page with c and returns its CSRF token.
func loginForm(t *testing.T, s *site, c *http.Client) string {
	t.Helper()
	resp, err := c.Get(s.URL + "/connexion")
	if err != nil {
		t.Fatal(err)
	}
	body := readBody(t, resp)
	m := csrfOf.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("login page without CSRF field: %s", body)
	}
	return m[1]
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func postForm(t *testing.T, c *http.Client, u string, form url.Values) (int, string) {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, readBody(t, resp)
}

// TestLocalAdminForm checks the local administrator's form: its CSRF
// token is required, a wrong password fails in French, and after five
// failures from one address even the right password is refused for a
// while.
func TestLocalAdminForm(t *testing.T) {
	s := newSite(t)
	c := webtest.NewClient(t)
	token := loginForm(t, s, c)
	good := url.Values{"csrf": {token}, "utilisateur": {localUser}, "motdepasse": {localPassword}, "retour": {"/territoires/" + bravo.SIREN}}

	if code, body := postForm(t, webtest.NewClient(t), s.URL+"/connexion/admin", good); code != http.StatusForbidden ||
		!strings.Contains(body, "Le formulaire a expiré ou ne vient pas de ce site") {
		t.Errorf("without the CSRF cookie: got %d", code)
	}
	forged := url.Values{"csrf": {"AAAA" + token[4:]}, "utilisateur": {localUser}, "motdepasse": {localPassword}}
	if code, _ := postForm(t, c, s.URL+"/connexion/admin", forged); code != http.StatusForbidden {
		t.Errorf("with a forged token: got %d, want 403", code)
	}
	req := newRequest(t, "POST", s.URL+"/connexion/admin", good)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if resp, body := send(t, req); resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "envoyé depuis un autre site") {
		t.Errorf("cross-site POST: got %d", resp.StatusCode)
	}

	resp, err := c.PostForm(s.URL+"/connexion/admin", good)
	if err != nil {
		t.Fatal(err)
	}
	readBody(t, resp)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/territoires/"+bravo.SIREN {
		t.Fatalf("right password: got %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, err = c.Get(s.URL + "/territoires/" + bravo.SIREN)
	if err != nil {
		t.Fatal(err)
	}
	if body := readBody(t, resp); resp.StatusCode != 200 || !strings.Contains(body, bravo.Name) {
		t.Errorf("local admin on bravo's page: got %d", resp.StatusCode)
	}

	bad := url.Values{"csrf": {token}, "utilisateur": {localUser}, "motdepasse": {"pas le bon"}}
	attacker := webtest.NewClient(t)
	bad.Set("csrf", loginForm(t, s, attacker))
	start := time.Now()
	for i := range 5 {
		code, body := postForm(t, attacker, s.URL+"/connexion/admin", bad)
		if code != http.StatusUnauthorized || !strings.Contains(body, "Identifiant ou mot de passe incorrect.") {
			t.Fatalf("failure %d: got %d", i+1, code)
		}
	}
	if d := time.Since(start); d < 5*10*time.Millisecond {
		t.Errorf("five failures took %s: the delay after each failure is missing", d)
	}
	good.Set("csrf", bad.Get("csrf"))
	code, body := postForm(t, attacker, s.URL+"/connexion/admin", good)
	if code != http.StatusTooManyRequests || !strings.Contains(body, "Trop de tentatives de connexion ont échoué : réessayez après") {
		t.Errorf("sixth try with the right password: got %d", code)
	}
	wrongUser := url.Values{"csrf": {token}, "utilisateur": {"root"}, "motdepasse": {localPassword}}
	if code, _ := postForm(t, webtest.NewClient(t), s.URL+"/connexion/admin", wrongUser); code != http.StatusForbidden {
		t.Errorf("wrong user without a cookie: got %d, want the CSRF refusal", code)
	}
}

// TestOIDCReturnChecks drives the OIDC login without a browser and
// tampers with each thing the return must check: the state, the nonce,
// the PKCE verifier, a second use of the same login, an error from the
// provider.
func TestOIDCReturnChecks(t *testing.T) {
	s := newSite(t)
	// start begins a login and returns the client, the provider's
	// callback URL for alphaUser and the signed login state.
	start := func(t *testing.T) (*http.Client, *url.URL) {
		c := webtest.NewClient(t)
		resp, err := c.Get(s.URL + "/connexion/oidc?retour=/territoires/" + alpha.SIREN)
		if err != nil {
			t.Fatal(err)
		}
		readBody(t, resp)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("start: %d", resp.StatusCode)
		}
		au, _ := url.Parse(resp.Header.Get("Location"))
		if q := au.Query(); q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("nonce") == "" || len(q.Get("state")) < 32 {
			t.Errorf("authorization request lacks PKCE, nonce or state: %s", au.RawQuery)
		}
		return c, s.prov.Authorize(t, c, au.String(), alphaUser)
	}
	finish := func(t *testing.T, c *http.Client, cb string) (int, string) {
		resp, err := c.Get(cb)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, readBody(t, resp)
	}

	t.Run("good", func(t *testing.T) {
		c, cb := start(t)
		resp, err := c.Get(cb.String())
		if err != nil {
			t.Fatal(err)
		}
		readBody(t, resp)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/territoires/"+alpha.SIREN {
			t.Fatalf("got %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		// The same return again: the login cookie was used up.
		if code, body := finish(t, c, cb.String()); code != http.StatusBadRequest || !strings.Contains(body, "La connexion a expiré ou n&#39;a pas commencé sur ce site") {
			t.Errorf("replayed return: got %d", code)
		}
	})
	t.Run("state", func(t *testing.T) {
		c, cb := start(t)
		q := cb.Query()
		q.Set("state", "AAAA"+q.Get("state")[4:])
		cb.RawQuery = q.Encode()
		if code, _ := finish(t, c, cb.String()); code != http.StatusUnauthorized {
			t.Errorf("another state: got %d, want 401", code)
		}
	})
	t.Run("nonce and verifier", func(t *testing.T) {
		for _, tamper := range []func(*auth.LoginState){
			func(st *auth.LoginState) { st.Nonce = auth.RandomToken(24) },
			func(st *auth.LoginState) { st.Verifier = auth.RandomToken(32) },
		} {
			c, cb := start(t)
			// Rewrite the signed login cookie as only the server could:
			// the provider's answer must still be refused.
			u, _ := url.Parse(s.URL)
			var st auth.LoginState
			var cookie *http.Cookie
			for _, ck := range c.Jar.Cookies(u) {
				if ck.Name == "__Host-pactd-connexion" {
					cookie = ck
				}
			}
			if cookie == nil || s.server.Auth.Signer.Open(auth.PurposeLogin, cookie.Value, time.Now(), &st) != nil {
				t.Fatal("no signed login cookie")
			}
			tamper(&st)
			v, _ := s.server.Auth.Signer.Seal(auth.PurposeLogin, st, time.Now().Add(time.Minute))
			c.Jar.SetCookies(u, []*http.Cookie{{Name: "__Host-pactd-connexion", Value: v, Path: "/", Secure: true}})
			if code, body := finish(t, c, cb.String()); code != http.StatusUnauthorized || !strings.Contains(body, "La connexion n&#39;a pas pu être vérifiée") {
				t.Errorf("tampered login state: got %d", code)
			}
		}
	})
	t.Run("return to another site", func(t *testing.T) {
		for _, ret := range []string{"//evil.test/x", "https://evil.test/", "/\\evil.test", "/connexion/oidc"} {
			c := webtest.NewClient(t)
			resp, err := c.Get(s.URL + "/connexion/oidc?retour=" + url.QueryEscape(ret))
			if err != nil {
				t.Fatal(err)
			}
			readBody(t, resp)
			cb := s.prov.Authorize(t, c, resp.Header.Get("Location"), alphaUser)
			resp, err = c.Get(cb.String())
			if err != nil {
				t.Fatal(err)
			}
			readBody(t, resp)
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
				t.Errorf("retour=%q: got %d to %q, want 303 to /", ret, resp.StatusCode, resp.Header.Get("Location"))
			}
		}
	})
	t.Run("provider error", func(t *testing.T) {
		c, cb := start(t)
		q := cb.Query()
		cb.RawQuery = url.Values{"error": {"access_denied"}, "state": {q.Get("state")}}.Encode()
		if code, _ := finish(t, c, cb.String()); code != http.StatusUnauthorized {
			t.Errorf("access_denied: got %d, want 401", code)
		}
	})
}

// TestSessionCookie checks that the session cookie is refused when
// tampered with or signed with another key, and accepted from another
// replica that shares the key.
func TestSessionCookie(t *testing.T) {
	s := newSite(t)
	c, resp := s.prov.LoginHTTP(t, s.URL, national)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	u, _ := url.Parse(s.URL)
	var session string
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == web.SessionCookie {
			session = ck.Value
		}
	}
	if r, _ := s.get(t, "/territoires/"+alpha.SIREN, session); r.StatusCode != http.StatusOK {
		t.Fatalf("session: got %d", r.StatusCode)
	}
	// A second replica on the same database reads the same key.
	key, err := s.st.WebSecret(context.Background(), "session_key", auth.NewKey())
	if err != nil {
		t.Fatal(err)
	}
	replica := *s.server
	ra := *s.server.Auth
	ra.Signer, _ = auth.NewSigner(key)
	replica.Auth = &ra
	rs := httptest.NewServer(replica.Handler())
	defer rs.Close()
	req := newRequest(t, "GET", rs.URL+"/territoires/"+alpha.SIREN, nil)
	req.Host = u.Host // behind one public URL
	req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: session})
	if r, _ := send(t, req); r.StatusCode != http.StatusOK {
		t.Errorf("other replica: got %d, want 200", r.StatusCode)
	}

	other, _ := auth.NewSigner(auth.NewKey())
	forged, _ := other.SealSession(auth.Session{ID: "x", Email: admin.Email, Method: auth.MethodOIDC, Expires: time.Now().Add(time.Hour)})
	for name, v := range map[string]string{
		"tampered":     session[:len(session)-3] + "AAA",
		"other key":    forged,
		"payload swap": strings.Replace(session, strings.Split(session, ".")[0], strings.Split(forged, ".")[0], 1),
	} {
		if r, _ := s.get(t, "/territoires/"+alpha.SIREN, v); r.StatusCode != http.StatusSeeOther {
			t.Errorf("%s cookie: got %d, want 303 to the login page", name, r.StatusCode)
		}
	}
}

// TestHostAndLoopback checks the Host header against the public URL, and
// that a site without login answers loopback only.
func TestHostAndLoopback(t *testing.T) {
	s := newSite(t)
	req := newRequest(t, "GET", s.URL+"/connexion", nil)
	req.Host = "pactd.evil.test"
	if r, _ := send(t, req); r.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("foreign Host: got %d, want 421", r.StatusCode)
	}

	// /healthz is not on the status site (it has its own listener,
	// metrics_addr), even through a reverse proxy on the machine.
	req = newRequest(t, "GET", s.URL+"/healthz", nil)
	req.Host = "pactd.example.fr"
	if r, _ := send(t, req); r.StatusCode != http.StatusNotFound {
		t.Errorf("/healthz with the public Host: got %d, want 404", r.StatusCode)
	}

	open := &web.Server{Source: s.st}
	h := open.Handler()
	for _, tc := range []struct {
		remote, host string
		want         int
	}{
		{"127.0.0.1:5000", "127.0.0.1:8080", 200},
		{"[::1]:5000", "localhost:8080", 200},
		{"192.0.2.7:5000", "127.0.0.1:8080", 403},
		{"127.0.0.1:5000", "pactd.example.fr", 421}, // DNS rebinding
	} {
		req := httptest.NewRequest("GET", "/territoires/"+alpha.SIREN+"?annee=2025", nil)
		req.RemoteAddr, req.Host = tc.remote, tc.host
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != tc.want {
			t.Errorf("no login, from %s to %s: got %d, want %d", tc.remote, tc.host, w.Code, tc.want)
		}
	}
}
