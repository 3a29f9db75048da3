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

// TestDatabaseSchemeCase checks that a PostgreSQL URL is recognised
// whatever the case of its scheme, and handed to the driver lowercased:
// "Postgres://u:pw@host/db" must never open a SQLite file of that name.
func TestDatabaseSchemeCase(t *testing.T) {
	for _, in := range []string{"Postgres://u:pw@db.example.fr/pactd", "POSTGRESQL://u:pw@db.example.fr/pactd", "postgres://u:pw@db.example.fr/pactd"} {
		cfg, err := Load("", envMap(map[string]string{"PACTD_DATABASE": in}))
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if !cfg.IsPostgres() {
			t.Errorf("%s: IsPostgres %v, database %q", in, cfg.IsPostgres(), cfg.Database)
		}
		if want := strings.ToLower(in[:strings.Index(in, "://")]) + in[strings.Index(in, "://"):]; cfg.Database != want {
			t.Errorf("%s: database %q, want %q", in, cfg.Database, want)
		}
	}
	if _, err := Load("", envMap(map[string]string{"PACTD_DATABASE": "MySQL://u:pw@h/db"})); err == nil ||
		!strings.Contains(err.Error(), "le schéma « mysql:// » n'est pas pris en charge") {
		t.Errorf("MySQL:// = %v", err)
	}
}
