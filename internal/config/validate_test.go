package config

import (
	"strings"
	"testing"
)

// TestConfigMalformedSecrets checks that a malformed address holding a
// password is refused without printing the password.
func TestConfigMalformedSecrets(t *testing.T) {
	const secret = "Secret"
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"imap without scheme", map[string]string{"PACTD_IMAP_URL": "depot:" + secret + "@imap.example"}, "PACTD_IMAP_URL : l'adresse « depot:****@imap.example » est invalide"},
		{"database missing colon", map[string]string{"PACTD_DATABASE": "postgres//u:" + secret + "@h/db"}, "PACTD_DATABASE : « postgres//u:****@h/db » ressemble à une adresse de serveur mal écrite"},
		{"smtp without scheme", map[string]string{"PACTD_SMTP_URL": "pactd:" + secret + "@smtp.example", "PACTD_MAIL_FROM": "a@b.fr"}, "PACTD_SMTP_URL : l'adresse « pactd:****@smtp.example » est invalide"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load("", envMap(tc.env))
			if err == nil {
				t.Fatalf("got no error, want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %q, want it to contain %q", err, tc.want)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error %q shows the password", err)
			}
		})
	}
}

// TestConfigSQLitePathWithAt checks that an ordinary SQLite path with an
// "@" but no "user:" before it is still accepted.
func TestConfigSQLitePathWithAt(t *testing.T) {
	cfg, err := Load("", envMap(map[string]string{"PACTD_DATABASE": "/srv/pactd@prod/pactd.db"}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Database != "/srv/pactd@prod/pactd.db" {
		t.Errorf("got %q", cfg.Database)
	}
}
