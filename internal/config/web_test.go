package config

import (
	"strings"
	"testing"
)

// TestWebConfigErrors checks that every mistake in [web] is refused with a
// French sentence naming the key, and never prints the client secret.
func TestWebConfigErrors(t *testing.T) {
	const secret = "S3cr3t-client"
	oidc := `[web]
public_url = "https://pactd.example.fr"
[web.oidc]
issuer = "https://auth.example.fr"
client_id = "pactd"
`
	tests := []struct {
		name, file string
		env        map[string]string
		want       string
	}{
		{"public url over http", "[web]\npublic_url = \"http://pactd.example.fr\"\n", nil,
			"web.public_url (FILE) : l'adresse « http://pactd.example.fr » doit commencer par https://"},
		{"public url with a path", "[web]\npublic_url = \"https://example.fr/pactd\"\n", nil, "ne doit pas avoir de chemin"},
		{"public url not a url", "[web]\npublic_url = \"pactd.example.fr\"\n", nil, "n'est pas une adresse https://serveur valide"},
		{"bad role entry", "[web]\nadministrators = [\"jean dupont\"]\n", nil,
			"web.administrators (FILE) : « jean dupont » n'est ni une adresse électronique ni un domaine"},
		{"bad national domain", "[web]\nnational = [\"@\"]\n", nil, "web.national (FILE) : « @ »"},
		{"session too long", "[web]\nsession_duration = \"720h\"\n", nil, "web.session_duration (FILE) : la durée 720h0m0s doit être comprise"},
		{"oidc without secret", oidc, nil, "web.oidc.client_secret (FILE) : indiquez le secret client"},
		{"oidc without client id", "[web]\npublic_url = \"https://p.fr\"\n[web.oidc]\nissuer = \"https://auth.example.fr\"\n", nil, "web.oidc.client_id (FILE) : indiquez l'identifiant client"},
		{"oidc over http", "[web]\npublic_url = \"https://p.fr\"\n[web.oidc]\nissuer = \"http://auth.example.fr\"\nclient_id = \"x\"\n", map[string]string{"PACTD_OIDC_CLIENT_SECRET": secret}, "web.oidc.issuer (FILE) : l'adresse « http://auth.example.fr » doit commencer par https://"},
		{"oidc without email scope", oidc + "scopes = [\"openid\"]\n", map[string]string{"PACTD_OIDC_CLIENT_SECRET": secret}, "web.oidc.scopes (FILE) : la liste doit contenir au moins « openid » et « email »"},
		{"login without public url", "[web.admin]\npassword_hash_file = \"/etc/pactd/hash\"\n", nil, "web.public_url (FILE) : indiquez l'adresse publique du site"},
		{"admin without user", "[web]\npublic_url = \"https://p.fr\"\n[web.admin]\nuser = \"\"\npassword_hash_file = \"/h\"\n", nil, "web.admin.user (FILE) : indiquez l'identifiant"},
		{"public url from the environment", "", map[string]string{"PACTD_PUBLIC_URL": "ftp://x"}, "PACTD_PUBLIC_URL : « ftp://x » n'est pas une adresse"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := writeFile(t, t.TempDir(), "pactd.toml", tc.file)
			_, err := Load(p, envMap(tc.env))
			if err == nil {
				t.Fatalf("got no error, want %q", tc.want)
			}
			want := strings.ReplaceAll(tc.want, "(FILE)", "("+p+")")
			if !strings.Contains(err.Error(), want) {
				t.Errorf("got  %q\nwant it to contain %q", err, want)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error shows the client secret: %q", err)
			}
		})
	}
}

// TestWebConfigOIDC checks a valid OIDC configuration: the secret from a
// file, the default redirect URL, and the secret masked by pactd config.
func TestWebConfigOIDC(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "pactd.toml", `http_addr = "0.0.0.0:8080"
[web]
public_url = "https://pactd.example.fr/"
administrators = ["Admin@Example.fr", "@sg.example.fr"]
[web.oidc]
issuer = "https://auth.example.fr/api/v2"
client_id = "pactd"
`)
	secret := writeFile(t, dir, "secret", "S3cr3t-client\n")
	cfg, err := Load(p, envMap(map[string]string{"PACTD_OIDC_CLIENT_SECRET_FILE": secret}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Web.OIDC.ClientSecret != "S3cr3t-client" || !cfg.OIDCEnabled() || cfg.LocalAdminEnabled() {
		t.Errorf("OIDC configuration read as %+v", cfg.Web.OIDC)
	}
	if got := cfg.RedirectURL(); got != "https://pactd.example.fr/connexion/retour" {
		t.Errorf("RedirectURL = %q", got)
	}
	if err := cfg.CheckExposure(); err != nil {
		t.Errorf("0.0.0.0 with OIDC refused: %v", err)
	}
	out, err := cfg.RedactedTOML()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "S3cr3t") || !strings.Contains(string(out), `client_secret = "****"`) {
		t.Errorf("pactd config does not mask the client secret:\n%s", out)
	}
}

// TestCheckExposure checks SPEC §9 "No login configured: loopback only".
func TestCheckExposure(t *testing.T) {
	for _, tc := range []struct {
		addr string
		ok   bool
	}{
		{"127.0.0.1:8080", true}, {"localhost:8080", true}, {"[::1]:8080", true}, {"127.0.0.2:9000", true},
		{"0.0.0.0:8080", false}, {":8080", false}, {"192.0.2.10:8080", false}, {"[::]:8080", false},
	} {
		cfg, err := Load("", envMap(map[string]string{"PACTD_HTTP_ADDR": tc.addr}))
		if err != nil {
			t.Fatal(err)
		}
		err = cfg.CheckExposure()
		if tc.ok != (err == nil) {
			t.Errorf("%s: CheckExposure = %v, want ok %v", tc.addr, err, tc.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "PACTD_HTTP_ADDR : le site écouterait sur") ||
			err != nil && !strings.Contains(err.Error(), "web.admin.password_hash_file") {
			t.Errorf("%s: message %q does not say what to set", tc.addr, err)
		}
	}
}
