package daemon

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/pactd/pactd/internal/auth"
	"github.com/pactd/pactd/internal/config"
	"github.com/pactd/pactd/internal/web"
)

// sessionKeyName is the name of the session key in the store's web_secrets.
const sessionKeyName = "session_key"

// webAuth builds the status site's logins from [web], or returns nil when
// none is configured (the site then answers on loopback only). Errors are
// French sentences naming the key.
func webAuth(ctx context.Context, cfg *config.Config, store web.SessionStore, secrets func(ctx context.Context, name string, fresh []byte) ([]byte, error)) (*web.Auth, error) {
	if !cfg.LoginEnabled() {
		return nil, nil
	}
	w := cfg.Web
	pub, err := url.Parse(strings.TrimSuffix(w.PublicURL, "/"))
	if err != nil {
		return nil, fmt.Errorf("%s : adresse invalide", cfg.KeyName("web.public_url"))
	}
	key, err := sessionKey(ctx, cfg, secrets)
	if err != nil {
		return nil, err
	}
	signer, err := auth.NewSigner(key)
	if err != nil {
		return nil, fmt.Errorf("%s : la clé doit faire au moins %d octets", cfg.KeyName("web.session_key_file"), auth.MinKeyLen)
	}
	a := &web.Auth{PublicURL: pub, Signer: signer, Sessions: store, SessionDuration: w.SessionDuration.Duration,
		Rules: auth.Rules{Administrators: w.Administrators, National: w.National}, Contact: w.Contact,
		Limiter: &auth.Limiter{}, ProviderName: w.OIDC.Name}
	if cfg.OIDCEnabled() {
		a.OIDC = auth.NewOIDC(auth.OIDCConfig{Issuer: w.OIDC.Issuer, ClientID: w.OIDC.ClientID,
			ClientSecret: w.OIDC.ClientSecret, RedirectURL: cfg.RedirectURL(), Scopes: w.OIDC.Scopes})
	}
	if cfg.LocalAdminEnabled() {
		b, err := os.ReadFile(w.Admin.PasswordHashFile)
		if err != nil {
			return nil, fmt.Errorf("%s : le fichier %s est illisible (%s)", cfg.KeyName("web.admin.password_hash_file"), w.Admin.PasswordHashFile, config.FileReason(err))
		}
		if a.Admin, err = auth.NewLocalAdmin(w.Admin.User, string(b)); err != nil {
			return nil, fmt.Errorf("%s : le fichier %s ne contient pas une empreinte bcrypt ; produisez-la avec pactd hash-password", cfg.KeyName("web.admin.password_hash_file"), w.Admin.PasswordHashFile)
		}
	}
	return a, nil
}

// sessionKey reads web.session_key_file, or takes the key the first
// replica stored in the database (storing a fresh one if none is there).
func sessionKey(ctx context.Context, cfg *config.Config, secrets func(ctx context.Context, name string, fresh []byte) ([]byte, error)) ([]byte, error) {
	if f := cfg.Web.SessionKeyFile; f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("%s : le fichier %s est illisible (%s)", cfg.KeyName("web.session_key_file"), f, config.FileReason(err))
		}
		if len(b) < auth.MinKeyLen {
			return nil, fmt.Errorf("%s : le fichier %s contient %d octets ; il en faut au moins %d (head -c 64 /dev/urandom > %s)", cfg.KeyName("web.session_key_file"), f, len(b), auth.MinKeyLen, f)
		}
		return b, nil
	}
	key, err := secrets(ctx, sessionKeyName, auth.NewKey())
	if err != nil {
		return nil, fmt.Errorf("lire la clé de session dans la base de données : %w", err)
	}
	return key, nil
}
