package auth

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// OIDCConfig is the relying party's configuration (web.oidc).
type OIDCConfig struct {
	Issuer       string // as the provider's discovery document names itself
	ClientID     string
	ClientSecret string
	RedirectURL  string   // pactd's callback, registered at the provider
	Scopes       []string // "openid" and "email" at least
	// HTTPClient talks to the provider; default: a client with a 15 s
	// timeout.
	HTTPClient *http.Client
}

// Errors of a login that the provider or the browser got wrong; pages say
// them in French.
var (
	ErrUnverifiedEmail = errors.New("the provider did not vouch for the e-mail address")
	ErrNonce           = errors.New("ID token nonce does not match the login")
	ErrProvider        = errors.New("identity provider unreachable or misconfigured")
)

// OIDC is an OpenID Connect relying party: the authorization code flow with
// PKCE (S256), a state and a nonce, the ID token verified by go-oidc
// (signature by the provider's published keys, issuer, audience, expiry),
// and an address that counts only when the provider says it is verified.
// The provider is discovered at the first login and again after a failure,
// so that pactd starts while the provider is down.
type OIDC struct {
	cfg OIDCConfig

	mu       sync.Mutex
	provider *oidc.Provider
}

// NewOIDC returns the relying party of cfg; nothing is fetched yet.
func NewOIDC(cfg OIDCConfig) *OIDC {
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 15 * time.Second}
	}
	return &OIDC{cfg: cfg}
}

// Issuer returns the configured issuer.
func (o *OIDC) Issuer() string { return o.cfg.Issuer }

func (o *OIDC) discover(ctx context.Context) (*oidc.Provider, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.provider != nil {
		return o.provider, nil
	}
	p, err := oidc.NewProvider(oidc.ClientContext(ctx, o.cfg.HTTPClient), o.cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("discover OpenID provider %s: %w: %w", o.cfg.Issuer, ErrProvider, err)
	}
	o.provider = p
	return p, nil
}

func (o *OIDC) oauth2(p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{ClientID: o.cfg.ClientID, ClientSecret: o.cfg.ClientSecret,
		Endpoint: p.Endpoint(), RedirectURL: o.cfg.RedirectURL, Scopes: o.cfg.Scopes}
}

// LoginState is what pactd keeps, signed, in the browser between the
// redirection to the provider and the return: the values the return must
// match and where to go afterwards.
type LoginState struct {
	State    string `json:"state"`
	Nonce    string `json:"nonce"`
	Verifier string `json:"pkce"`
	Return   string `json:"ret"`
}

// Start returns the provider's authorization URL for a new login and the
// state to keep until the return. ret is the local path to go back to.
func (o *OIDC) Start(ctx context.Context, ret string) (string, LoginState, error) {
	p, err := o.discover(ctx)
	if err != nil {
		return "", LoginState{}, err
	}
	st := LoginState{State: RandomToken(24), Nonce: RandomToken(24), Verifier: oauth2.GenerateVerifier(), Return: ret}
	u := o.oauth2(p).AuthCodeURL(st.State, oidc.Nonce(st.Nonce), oauth2.S256ChallengeOption(st.Verifier))
	return u, st, nil
}

// Identity is who the provider vouched for.
type Identity struct {
	Subject string
	Email   string // lower case, verified
	Name    string
}

// claims are the ID token and userinfo claims pactd reads. ProConnect
// names people with given_name and usual_name.
type claims struct {
	Subject       string `json:"sub"`
	Email         string `json:"email"`
	EmailVerified *bool  `json:"email_verified"`
	Name          string `json:"name"`
	GivenName     string `json:"given_name"`
	FamilyName    string `json:"family_name"`
	UsualName     string `json:"usual_name"`
}

func (c claims) name() string {
	if c.Name != "" {
		return c.Name
	}
	family := c.FamilyName
	if c.UsualName != "" {
		family = c.UsualName
	}
	return strings.TrimSpace(c.GivenName + " " + family)
}

// Finish completes a login on the provider's return: state must be the
// one of st (the caller checked it came back signed), code is exchanged
// with the PKCE verifier, and the ID token is verified, its nonce included.
// The address comes from the ID token, or from the userinfo endpoint when
// the token has none (for the same subject); without email_verified true it
// is ErrUnverifiedEmail.
func (o *OIDC) Finish(ctx context.Context, st LoginState, state, code string) (Identity, error) {
	if subtle.ConstantTimeCompare([]byte(state), []byte(st.State)) != 1 || st.State == "" {
		return Identity{}, fmt.Errorf("check OIDC state: %w", ErrBadToken)
	}
	p, err := o.discover(ctx)
	if err != nil {
		return Identity{}, err
	}
	ctx = oidc.ClientContext(ctx, o.cfg.HTTPClient)
	conf := o.oauth2(p)
	tok, err := conf.Exchange(ctx, code, oauth2.VerifierOption(st.Verifier))
	if err != nil {
		return Identity{}, fmt.Errorf("exchange authorization code: %w", err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return Identity{}, fmt.Errorf("read token response: no id_token: %w", ErrProvider)
	}
	idt, err := p.Verifier(&oidc.Config{ClientID: o.cfg.ClientID}).Verify(ctx, raw)
	if err != nil {
		return Identity{}, fmt.Errorf("verify ID token: %w", err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(st.Nonce)) != 1 {
		return Identity{}, ErrNonce
	}
	if idt.AccessTokenHash != "" {
		if err := idt.VerifyAccessToken(tok.AccessToken); err != nil {
			return Identity{}, fmt.Errorf("verify access token hash: %w", err)
		}
	}
	var c claims
	if err := idt.Claims(&c); err != nil {
		return Identity{}, fmt.Errorf("read ID token claims: %w", err)
	}
	if c.Email == "" {
		ui, err := p.UserInfo(ctx, oauth2.StaticTokenSource(tok))
		if err != nil {
			return Identity{}, fmt.Errorf("read userinfo: %w", err)
		}
		var uc claims
		if err := ui.Claims(&uc); err != nil {
			return Identity{}, fmt.Errorf("read userinfo claims: %w", err)
		}
		if uc.Subject != idt.Subject {
			return Identity{}, fmt.Errorf("userinfo for subject %q, ID token for %q: %w", uc.Subject, idt.Subject, ErrProvider)
		}
		uc.Subject = idt.Subject
		c = uc
	}
	email := NormalizeEmail(c.Email)
	if email == "" || c.EmailVerified == nil || !*c.EmailVerified {
		return Identity{}, ErrUnverifiedEmail
	}
	return Identity{Subject: idt.Subject, Email: email, Name: c.name()}, nil
}

// Reset forgets the discovered provider, so that the next login discovers
// it again (after a failure that may come from rotated endpoints).
func (o *OIDC) Reset() {
	o.mu.Lock()
	o.provider = nil
	o.mu.Unlock()
}
