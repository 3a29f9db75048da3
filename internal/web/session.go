package web

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/pactd/pactd/internal/auth"
	"github.com/pactd/pactd/reconcile"
)

// SessionStore keeps the sessions closed before their expiry; the stores
// (internal/sqlstore) provide it.
type SessionStore interface {
	RevokeSession(ctx context.Context, id string, expires time.Time) error
	SessionRevoked(ctx context.Context, id string) (bool, error)
}

// Auth is how the status site knows who asks. With a nil Server.Auth no
// login is configured: the site answers requests from loopback only, to
// whoever is there, as administrateur (SPEC §9).
type Auth struct {
	// PublicURL is the site's address as browsers see it (web.public_url):
	// the Host header must name its host, and redirections point at it.
	PublicURL *url.URL
	Signer    *auth.Signer // master key shared by the replicas
	Sessions  SessionStore
	// SessionDuration is how long a login lasts (default 8 h).
	SessionDuration time.Duration
	Rules           auth.Rules
	// OIDC is the OpenID Connect relying party, nil without one;
	// ProviderName names it on the login button ("ProConnect").
	OIDC         *auth.OIDC
	ProviderName string
	// Admin is the local administrator, nil without one; Limiter bounds
	// its failed logins and FailureDelay (default 1 s) slows each one.
	Admin        *auth.LocalAdmin
	Limiter      *auth.Limiter
	FailureDelay time.Duration
	// Contact says whom a person without a role should ask, in French
	// ("la délégation, pacte@solidarites.gouv.fr").
	Contact string
}

// Cookie names. The __Host- prefix makes browsers refuse a cookie set by
// another host or path, or without Secure. SessionCookie is exported for
// tests that replay a session.
const (
	SessionCookie = "__Host-pactd-session"
	loginCookie   = "__Host-pactd-connexion"
	csrfCookie    = "__Host-pactd-csrf"
)

type personKey struct{}

// PersonFrom returns the person making the request, as the route's access
// check established it: nil on public routes for someone not logged in.
// Handlers show what PersonFrom(ctx).Sees and no more.
func PersonFrom(ctx context.Context) *auth.Person {
	p, _ := ctx.Value(personKey{}).(*auth.Person)
	return p
}

// WithPerson returns ctx carrying p, for tests of handlers built on this
// package.
func WithPerson(ctx context.Context, p *auth.Person) context.Context {
	return context.WithValue(ctx, personKey{}, p)
}

// loopbackPerson is whoever reaches a site without login over loopback.
var loopbackPerson = &auth.Person{Name: "accès local sans connexion", Method: auth.MethodLoopback, Role: auth.Administrateur}

// person returns who makes r: the loopback person without Auth, the
// session's person with its role computed now, or nil when there is no
// valid session.
func (s *Server) person(r *http.Request) (*auth.Person, error) {
	if s.Auth == nil {
		if fromLoopback(r) {
			return loopbackPerson, nil
		}
		return nil, nil
	}
	ss, ok := s.session(r)
	if !ok {
		return nil, nil
	}
	revoked, err := s.Auth.Sessions.SessionRevoked(r.Context(), ss.ID)
	if err != nil {
		return nil, err
	}
	if revoked {
		return nil, nil
	}
	p := &auth.Person{Email: ss.Email, Name: ss.Name, Method: ss.Method, SessionID: ss.ID}
	if ss.Method == auth.MethodLocal {
		p.Role = auth.Administrateur
		return p, nil
	}
	// The configured roles first: they need no register.
	if p.Role, _ = s.Auth.Rules.Assign(ss.Email, nil); p.Role != auth.None {
		return p, nil
	}
	reg, err := s.Source.LatestRegister(r.Context())
	if err != nil && !errors.Is(err, reconcile.ErrNotFound) {
		return nil, err
	}
	p.Role, p.SIRENs = s.Auth.Rules.Assign(ss.Email, reg)
	return p, nil
}

// session reads and checks the session cookie.
func (s *Server) session(r *http.Request) (auth.Session, bool) {
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return auth.Session{}, false
	}
	ss, err := s.Auth.Signer.OpenSession(c.Value, s.now())
	return ss, err == nil
}

// startSession logs the person in: a new session cookie, whatever was
// there before (a new session ID at each login, against session fixation).
func (s *Server) startSession(w http.ResponseWriter, email, name string, m auth.Method, issuer string) (auth.Session, error) {
	ss := auth.NewSession(email, name, m, s.now(), s.sessionDuration())
	ss.Provider = issuer
	v, err := s.Auth.Signer.SealSession(ss)
	if err != nil {
		return ss, err
	}
	setCookie(w, SessionCookie, v, ss.Expires, http.SameSiteLaxMode)
	return ss, nil
}

func (s *Server) sessionDuration() time.Duration {
	if s.Auth.SessionDuration > 0 {
		return s.Auth.SessionDuration
	}
	return 8 * time.Hour
}

// setCookie sets a cookie pactd's way: HttpOnly, Secure, path /, no
// domain; a zero expiry makes it last until the browser closes.
func setCookie(w http.ResponseWriter, name, value string, expires time.Time, same http.SameSite) {
	c := &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, Secure: true, SameSite: same}
	if !expires.IsZero() {
		c.Expires = expires
		c.MaxAge = int(time.Until(expires).Seconds())
		if c.MaxAge <= 0 {
			c.MaxAge = -1
		}
	}
	http.SetCookie(w, c)
}

// clearCookie deletes a cookie.
func clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", HttpOnly: true, Secure: true, MaxAge: -1, SameSite: http.SameSiteLaxMode})
}

// fromLoopback reports whether r comes from the loopback interface.
func fromLoopback(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
