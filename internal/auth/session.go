package auth

import (
	"crypto/rand"
	"encoding/base64"
	"time"
)

// Session is what the session cookie carries: who logged in, how, and
// until when. The role is not in it: it is computed on every request from
// the configuration and the latest register.
type Session struct {
	ID       string    `json:"sid"` // random, for logout
	Email    string    `json:"email,omitempty"`
	Name     string    `json:"name,omitempty"`
	Method   Method    `json:"m"`
	Issued   time.Time `json:"iat"`
	Expires  time.Time `json:"exp"`
	Provider string    `json:"iss,omitempty"` // the OIDC issuer, for the record
}

// Purposes of the signed values.
const (
	PurposeSession = "session"
	PurposeLogin   = "login" // an OIDC login in progress: state, nonce, PKCE verifier
	PurposeCSRF    = "csrf"
)

// NewSession returns a session of d from now with a fresh random ID.
func NewSession(email, name string, m Method, now time.Time, d time.Duration) Session {
	return Session{ID: RandomToken(18), Email: email, Name: name, Method: m, Issued: now.UTC(), Expires: now.Add(d).UTC()}
}

// SealSession signs the session for its cookie.
func (s *Signer) SealSession(ss Session) (string, error) {
	return s.Seal(PurposeSession, ss, ss.Expires)
}

// OpenSession reads a session cookie, or returns ErrBadToken.
func (s *Signer) OpenSession(token string, now time.Time) (Session, error) {
	var ss Session
	if err := s.Open(PurposeSession, token, now, &ss); err != nil {
		return Session{}, err
	}
	if ss.ID == "" || !now.Before(ss.Expires) {
		return Session{}, ErrBadToken
	}
	return ss, nil
}

// RandomToken returns n random bytes in base64url, for identifiers, OIDC
// state and nonce. It panics if the system has no randomness (crypto/rand
// never returns an error on Linux).
func RandomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// NewKey returns a fresh random signing key of MinKeyLen*2 bytes.
func NewKey() []byte {
	b := make([]byte, MinKeyLen*2)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand: " + err.Error())
	}
	return b
}
