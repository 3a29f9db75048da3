package web

import (
	"crypto/hmac"
	"encoding/base64"
	"net/http"
	"time"

	"github.com/pactd/pactd/internal/auth"
)

// CSRFField is the name of the hidden form field that carries the token;
// scripts may send it in the header CSRFHeader instead.
const (
	CSRFField  = "csrf"
	CSRFHeader = "X-CSRF-Token"
)

// CSRFToken returns the token a form of this page must send back in its
// CSRFField (every POST is checked before its handler runs). It sets the
// browser's CSRF cookie when missing, so call it before writing the body.
// The token is the cookie's random value signed with the session's ID: a
// page of another site can neither read it nor make it. Without login
// (loopback) it returns "" and nothing is checked but the origin.
func (s *Server) CSRFToken(w http.ResponseWriter, r *http.Request) string {
	if s.Auth == nil {
		return ""
	}
	seed := ""
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
		seed = c.Value
	} else {
		seed = auth.RandomToken(24)
		setCookie(w, csrfCookie, seed, time.Time{}, http.SameSiteStrictMode)
		// The request's own cookie is what the next check reads; make the
		// token for the cookie just set.
		r.AddCookie(&http.Cookie{Name: csrfCookie, Value: seed})
	}
	return s.csrfFor(seed, s.sessionID(r))
}

func (s *Server) csrfFor(seed, sessionID string) string {
	return base64.RawURLEncoding.EncodeToString(s.Auth.Signer.MAC(auth.PurposeCSRF, []byte(seed+"|"+sessionID)))
}

// sessionID returns the ID of r's valid session, "" without one.
func (s *Server) sessionID(r *http.Request) string {
	if ss, ok := s.session(r); ok {
		return ss.ID
	}
	return ""
}

// csrfOK checks the token of an unsafe request against its cookie and
// session. The body must already be bounded (the gate does it).
func (s *Server) csrfOK(r *http.Request) bool {
	if s.Auth == nil {
		return true // loopback only, and CrossOriginProtection still applies
	}
	c, err := r.Cookie(csrfCookie)
	if err != nil || len(c.Value) < 32 {
		return false
	}
	got := r.Header.Get(CSRFHeader)
	if got == "" {
		got = r.PostFormValue(CSRFField)
	}
	want := s.csrfFor(c.Value, s.sessionID(r))
	return got != "" && hmac.Equal([]byte(got), []byte(want))
}
