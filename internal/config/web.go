package config

import (
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/pactd/pactd/internal/auth"
)

// WebConfig is the status site's logins and roles (SPEC §9): OpenID
// Connect, one local administrator, or neither (then the site stays on
// loopback).
type WebConfig struct {
	// PublicURL is the site's address as browsers see it, https (http
	// only for a loopback host); required with a login.
	PublicURL string `toml:"public_url"`
	// SessionDuration is how long a login lasts.
	SessionDuration Duration `toml:"session_duration"`
	// SessionKeyFile holds the key that signs session cookies (at least 32
	// bytes); empty: a key generated once and kept in the database.
	SessionKeyFile string `toml:"session_key_file"`
	// Contact tells people without a role whom to ask.
	Contact string `toml:"contact"`
	// Administrators and National are addresses or "@domain" entries.
	Administrators []string         `toml:"administrators"`
	National       []string         `toml:"national"`
	OIDC           OIDCConfig       `toml:"oidc"`
	Admin          LocalAdminConfig `toml:"admin"`
}

// OIDCConfig is the OpenID Connect provider (ProConnect or another).
type OIDCConfig struct {
	Issuer       string   `toml:"issuer"`
	ClientID     string   `toml:"client_id"`
	ClientSecret string   `toml:"client_secret"` // better: PACTD_OIDC_CLIENT_SECRET_FILE
	RedirectURL  string   `toml:"redirect_url"`  // default: public_url + /connexion/retour
	Scopes       []string `toml:"scopes"`
	// Name names the provider on the login button ("ProConnect").
	Name string `toml:"name"`
}

// LocalAdminConfig is the one local administrator account.
type LocalAdminConfig struct {
	User             string `toml:"user"`
	PasswordHashFile string `toml:"password_hash_file"`
}

// CallbackPath is where the OIDC provider sends browsers back; the
// default redirect_url is public_url followed by it.
const CallbackPath = "/connexion/retour"

// defaultWeb returns the defaults of [web].
func defaultWeb() WebConfig {
	return WebConfig{SessionDuration: Duration{8 * time.Hour}, Administrators: []string{}, National: []string{},
		OIDC:  OIDCConfig{Scopes: []string{"openid", "email", "profile"}},
		Admin: LocalAdminConfig{User: "admin"}}
}

// OIDCEnabled reports whether an OpenID Connect provider is configured.
func (c *Config) OIDCEnabled() bool { return c.Web.OIDC.Issuer != "" }

// LocalAdminEnabled reports whether the local administrator is configured.
func (c *Config) LocalAdminEnabled() bool { return c.Web.Admin.PasswordHashFile != "" }

// LoginEnabled reports whether people log in to the status site.
func (c *Config) LoginEnabled() bool { return c.OIDCEnabled() || c.LocalAdminEnabled() }

// RedirectURL returns web.oidc.redirect_url, or its default.
func (c *Config) RedirectURL() string {
	if c.Web.OIDC.RedirectURL != "" {
		return c.Web.OIDC.RedirectURL
	}
	return strings.TrimSuffix(c.Web.PublicURL, "/") + CallbackPath
}

func (c *Config) validateWeb() error {
	w := c.Web
	if w.PublicURL != "" {
		if err := c.checkSiteURL("web.public_url", w.PublicURL, true); err != nil {
			return err
		}
	}
	if d := w.SessionDuration.Duration; d < 5*time.Minute || d > 7*24*time.Hour {
		return c.bad("web.session_duration", "la durée %s doit être comprise entre 5m et 168h", d)
	}
	for _, l := range []struct {
		key     string
		entries []string
	}{{"web.administrators", w.Administrators}, {"web.national", w.National}} {
		for _, e := range l.entries {
			if !auth.ValidEntry(e) {
				return c.bad(l.key, "« %s » n'est ni une adresse électronique ni un domaine écrit @domaine.fr", e)
			}
		}
	}
	if c.OIDCEnabled() {
		o := w.OIDC
		if err := c.checkSiteURL("web.oidc.issuer", o.Issuer, false); err != nil {
			return err
		}
		switch {
		case strings.TrimSpace(o.ClientID) == "":
			return c.bad("web.oidc.client_id", "indiquez l'identifiant client que le fournisseur d'identité a attribué à pactd")
		case o.ClientSecret == "":
			return c.bad("web.oidc.client_secret", "indiquez le secret client du fournisseur d'identité, de préférence par la variable PACTD_OIDC_CLIENT_SECRET_FILE")
		case !contains(o.Scopes, "openid") || !contains(o.Scopes, "email"):
			return c.bad("web.oidc.scopes", "la liste doit contenir au moins « openid » et « email »")
		}
		if o.RedirectURL != "" {
			if err := c.checkSiteURL("web.oidc.redirect_url", o.RedirectURL, false); err != nil {
				return err
			}
		}
	}
	if c.LocalAdminEnabled() && strings.TrimSpace(w.Admin.User) == "" {
		return c.bad("web.admin.user", "indiquez l'identifiant de l'administrateur local")
	}
	if c.LoginEnabled() && w.PublicURL == "" {
		return c.bad("web.public_url", "indiquez l'adresse publique du site (par exemple https://pactd.example.fr) : la connexion en a besoin pour les redirections et le contrôle de l'en-tête Host")
	}
	return nil
}

// checkSiteURL checks an https URL (http only to a loopback host); bare
// refuses a path, a query or a fragment.
func (c *Config) checkSiteURL(key, raw string, bare bool) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || u.User != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return c.bad(key, "« %s » n'est pas une adresse https://serveur valide", raw)
	}
	if u.Scheme == "http" && !loopbackHost(u.Hostname()) {
		return c.bad(key, "l'adresse « %s » doit commencer par https:// (http:// n'est admis que vers 127.0.0.1 ou localhost)", raw)
	}
	if bare && ((u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "") {
		return c.bad(key, "l'adresse « %s » ne doit pas avoir de chemin : pactd est servi à la racine de son nom de domaine", raw)
	}
	return nil
}

// CheckExposure refuses to serve the status site beyond loopback without
// a login (SPEC §9); pactd run calls it before listening.
func (c *Config) CheckExposure() error {
	host, _, err := net.SplitHostPort(c.HTTPAddr)
	if err != nil || c.LoginEnabled() || loopbackHost(host) {
		return nil // a bad address is validate's to report
	}
	shown := host
	if shown == "" {
		shown = "toutes les interfaces"
	}
	return fmt.Errorf("%s : le site écouterait sur %s sans connexion configurée, ouvert à tout le réseau. Configurez une connexion (web.oidc.issuer, web.oidc.client_id et PACTD_OIDC_CLIENT_SECRET_FILE, ou web.admin.password_hash_file) avec web.public_url, ou écoutez sur 127.0.0.1",
		c.KeyName("http_addr"), shown)
}

// loopbackHost reports whether host is "localhost" or a loopback address.
func loopbackHost(host string) bool {
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func contains(list []string, v string) bool {
	for _, s := range list {
		if strings.EqualFold(strings.TrimSpace(s), v) {
			return true
		}
	}
	return false
}
