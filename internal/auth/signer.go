package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// MinKeyLen is the shortest signing key accepted, in bytes.
const MinKeyLen = 32

// ErrBadToken is returned for a cookie value that is malformed, signed with
// another key or for another purpose, or expired. Callers treat it as no
// cookie at all.
var ErrBadToken = errors.New("invalid or expired token")

// Signer signs and checks the values pactd gives browsers to keep: the
// session, the login in progress, the CSRF token. Each purpose signs with
// its own key derived from the master key, so a value made for one
// purpose is refused for another. Every replica given the same master key
// accepts the others' values.
type Signer struct {
	master []byte
}

// NewSigner returns a Signer on key, which must be at least MinKeyLen
// bytes of randomness.
func NewSigner(key []byte) (*Signer, error) {
	if len(key) < MinKeyLen {
		return nil, fmt.Errorf("signing key of %d bytes: need at least %d", len(key), MinKeyLen)
	}
	return &Signer{master: append([]byte(nil), key...)}, nil
}

// MAC returns the HMAC-SHA256 of data under the key of purpose.
func (s *Signer) MAC(purpose string, data []byte) []byte {
	k := hmac.New(sha256.New, s.master)
	k.Write([]byte("pactd/" + purpose))
	m := hmac.New(sha256.New, k.Sum(nil))
	m.Write(data)
	return m.Sum(nil)
}

// envelope is what a signed value holds besides its payload.
type envelope struct {
	Exp     int64           `json:"exp"` // Unix seconds
	Payload json.RawMessage `json:"p"`
}

// Seal returns v (as JSON) signed for purpose, valid until exp, as
// "base64url(json).base64url(mac)": readable by whoever holds it, which is
// why nothing secret goes in v.
func (s *Signer) Seal(purpose string, v any, exp time.Time) (string, error) {
	p, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode %s token: %w", purpose, err)
	}
	body, err := json.Marshal(envelope{Exp: exp.Unix(), Payload: p})
	if err != nil {
		return "", fmt.Errorf("encode %s token: %w", purpose, err)
	}
	enc := base64.RawURLEncoding.EncodeToString(body)
	return enc + "." + base64.RawURLEncoding.EncodeToString(s.MAC(purpose, []byte(enc))), nil
}

// Open checks a value made by Seal for purpose and, when its signature is
// right and it has not expired at now, decodes its payload into v. Any
// other case returns ErrBadToken.
func (s *Signer) Open(purpose, token string, now time.Time, v any) error {
	enc, sig, ok := strings.Cut(token, ".")
	if !ok || len(token) > 8192 {
		return ErrBadToken
	}
	mac, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(mac, s.MAC(purpose, []byte(enc))) {
		return ErrBadToken
	}
	body, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil {
		return ErrBadToken
	}
	var e envelope
	if err := json.Unmarshal(body, &e); err != nil || !now.Before(time.Unix(e.Exp, 0)) {
		return ErrBadToken
	}
	if err := json.Unmarshal(e.Payload, v); err != nil {
		return ErrBadToken
	}
	return nil
}
