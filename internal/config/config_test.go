package config

import (
	"encoding"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// envMap returns a getenv reading from m.
func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadConfigDefaults(t *testing.T) {
	got, err := Load("", envMap(nil))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	want := Default()
	want.sources = map[string]string{}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if got.Database != "./data/pactd.db" || got.Watch.Dir != "./depot" || got.HTTPAddr != "127.0.0.1:8080" {
		t.Errorf("SPEC §7 defaults: got %q %q %q", got.Database, got.Watch.Dir, got.HTTPAddr)
	}
}

func TestEnvOverrides(t *testing.T) {
	tests := []struct {
		name, value string
		get         func(*Config) string
		want        string
	}{
		{"PACTD_DATABASE", "/data/pactd.db", func(c *Config) string { return c.Database }, "/data/pactd.db"},
		{"PACTD_IMAP_URL", "imaps://bob%40example.test:bob-pw@127.0.0.1:1993/INBOX", func(c *Config) string { return c.IMAP[0].URL }, "imaps://bob%40example.test:bob-pw@127.0.0.1:1993/INBOX"},
		{"PACTD_SMTP_URL", "smtp://127.0.0.1:2525", func(c *Config) string { return c.SMTP.URL }, "smtp://127.0.0.1:2525"},
		{"PACTD_MAIL_FROM", "pactd@example.test", func(c *Config) string { return c.SMTP.From }, "pactd@example.test"},
		{"PACTD_REPORT_TO", "a@example.test, b@example.test", func(c *Config) string { return strings.Join(c.Report.To, "|") }, "a@example.test|b@example.test"},
		{"PACTD_WATCH_DIR", "/data/depot", func(c *Config) string { return c.Watch.Dir }, "/data/depot"},
		{"PACTD_WATCH_POLLING", "oui", func(c *Config) string { return strconv.FormatBool(c.Watch.Polling) }, "true"},
		{"PACTD_HTTP_ADDR", "0.0.0.0:8080", func(c *Config) string { return c.HTTPAddr }, "0.0.0.0:8080"},
		{"PACTD_METRICS_ADDR", "0.0.0.0:9100", func(c *Config) string { return c.MetricsAddr }, "0.0.0.0:9100"},
	}
	// Every variable needs smtp configured for report.to, and smtp.from
	// with smtp.url: give the others defaults that validate.
	base := map[string]string{"PACTD_SMTP_URL": "smtp://127.0.0.1:2525", "PACTD_MAIL_FROM": "pactd@example.test"}
	for _, tc := range tests {
		for _, viaFile := range []bool{false, true} {
			name := tc.name
			if viaFile {
				name += "_FILE"
			}
			t.Run(name, func(t *testing.T) {
				env := map[string]string{}
				for k, v := range base {
					if k != tc.name {
						env[k] = v
					}
				}
				if viaFile {
					env[tc.name+"_FILE"] = writeFile(t, t.TempDir(), "secret", tc.value+"\n")
				} else {
					env[tc.name] = tc.value
				}
				cfg, err := Load("", envMap(env))
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				if got := tc.get(cfg); got != tc.want {
					t.Errorf("got %q, want %q", got, tc.want)
				}
				if !strings.HasPrefix(cfg.KeyName(envKey(tc.name)), tc.name) {
					t.Errorf("key %s is named %q in errors, want the variable %s", envKey(tc.name), cfg.KeyName(envKey(tc.name)), name)
				}
			})
		}
	}
}

// envKey returns the key a variable overrides.
func envKey(name string) string {
	for _, o := range envOverrides {
		if o.name == name {
			return o.key
		}
	}
	return ""
}

func TestEnvOverridesFile(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "pactd.toml", `
database = "/var/lib/pactd/file.db"
[[imap]]
url = "imaps://alice:file-pw@imap.example.fr/INBOX"
processed = "Fait"
`)
	cfg, err := Load(path, envMap(map[string]string{
		"PACTD_DATABASE": "/env.db",
		"PACTD_IMAP_URL": "imaps://bob:env-pw@imap.example.fr/Remontees",
	}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if cfg.Database != "/env.db" {
		t.Errorf("database: got %q, want the environment's", cfg.Database)
	}
	if len(cfg.IMAP) != 1 || cfg.IMAP[0].URL != "imaps://bob:env-pw@imap.example.fr/Remontees" || cfg.IMAP[0].Processed != "Fait" {
		t.Errorf("imap: got %+v, want the environment's URL and the file's folder", cfg.IMAP)
	}
	if cfg.IMAP[0].Quarantine != "Quarantaine" || cfg.IMAP[0].Poll.Duration != time.Minute {
		t.Errorf("imap defaults: got %+v", cfg.IMAP[0])
	}
}

func TestConfigFileFromEnvironment(t *testing.T) {
	path := writeFile(t, t.TempDir(), "pactd.toml", "http_addr = \"127.0.0.1:8181\"\n")
	cfg, err := Load("", envMap(map[string]string{"PACTD_CONFIG": path}))
	if err != nil || cfg.HTTPAddr != "127.0.0.1:8181" || cfg.path != path {
		t.Errorf("PACTD_CONFIG: got %+v, %v", cfg, err)
	}
	other := writeFile(t, t.TempDir(), "autre.toml", "http_addr = \"127.0.0.1:9191\"\n")
	if cfg, _ := Load(other, envMap(map[string]string{"PACTD_CONFIG": path})); cfg.HTTPAddr != "127.0.0.1:9191" {
		t.Errorf("--config must win over PACTD_CONFIG: got %s", cfg.HTTPAddr)
	}
}

func TestEnvFileErrors(t *testing.T) {
	dir := t.TempDir()
	empty := writeFile(t, dir, "empty", "\n")
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"PACTD_SMTP_URL": "smtp://127.0.0.1:25", "PACTD_SMTP_URL_FILE": empty},
			"les variables PACTD_SMTP_URL et PACTD_SMTP_URL_FILE sont toutes deux définies"},
		{map[string]string{"PACTD_IMAP_URL_FILE": filepath.Join(dir, "absent")}, "PACTD_IMAP_URL_FILE : le fichier " + filepath.Join(dir, "absent") + " est illisible (il n'existe pas)"},
		{map[string]string{"PACTD_DATABASE_FILE": empty}, "PACTD_DATABASE_FILE : le fichier " + empty + " est vide"},
	}
	for _, tc := range tests {
		_, err := Load("", envMap(tc.env))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("env %v: got %v, want %q", tc.env, err, tc.want)
		}
	}
}

func TestMissingConfigFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "absent.toml")
	_, err := Load(path, envMap(nil))
	want := "configuration " + path + " : le fichier est illisible (il n'existe pas)"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}

func TestBadConfig(t *testing.T) {
	const secret = "s3cr3t-pw"
	tests := []struct {
		name string
		file string
		env  map[string]string
		want string // the key named, and the start of the sentence
	}{
		{"unknown key", "[smtp]\nurll = \"x\"\n", nil, "la clé « smtp.urll » est inconnue"},
		{"unknown keys", "colour = 1\n[log]\nlevel = \"info\"\nfmt = \"json\"\n", nil, "les clés « colour », « log.fmt » sont inconnues"},
		{"toml syntax", "database = \n", nil, "ligne 1"},
		{"wrong type", "http_addr = 8080\n", nil, "clé http_addr : la valeur n'a pas le bon type"},
		{"bad duration", "shutdown_timeout = \"30 secondes\"\n", nil, "durée invalide « 30 secondes »"},
		{"Duration out of range", "shutdown_timeout = \"1h\"\n", nil, "shutdown_timeout (FILE) : la durée 1h0m0s doit être comprise entre 1s et 10m0s"},
		{"settle", "[watch]\nsettle = \"0s\"\n", nil, "watch.settle (FILE)"},
		{"claim lease", "[watch]\nclaim_lease = \"1s\"\n", nil, "watch.claim_lease (FILE) : la durée 1s doit être comprise entre 5s et 1h0m0s"},
		{"workers", "[intake]\nworkers = -1\n", nil, "intake.workers (FILE) : le nombre de fichiers traités à la fois, -1, doit être compris entre 0"},
		{"database scheme", "", map[string]string{"PACTD_DATABASE": "mysql://u:" + secret + "@h/db"}, "PACTD_DATABASE : le schéma « mysql:// » n'est pas pris en charge"},
		{"database host", "database = \"postgres://u:" + secret + "@/pactd\"\n", nil, "database (FILE) : l'adresse « postgres://u:****@/pactd » ne nomme pas de serveur"},
		{"http addr", "", map[string]string{"PACTD_HTTP_ADDR": "8080"}, "PACTD_HTTP_ADDR : l'adresse « 8080 » doit avoir la forme hôte:port"},
		{"http port", "http_addr = \"127.0.0.1:99999\"\n", nil, "http_addr (FILE) : le port « 99999 »"},
		{"metrics addr", "", map[string]string{"PACTD_METRICS_ADDR": "9090"}, "PACTD_METRICS_ADDR : l'adresse « 9090 » doit avoir la forme hôte:port (par exemple 127.0.0.1:9090)"},
		{"metrics same as http", "http_addr = \"0.0.0.0:9090\"\n", nil, "metrics_addr (FILE) : l'adresse 127.0.0.1:9090 est déjà celle de la page d'état (http_addr)"},
		{"keep attachments", "[outbox]\nkeep_attachments_days = 0\n", nil, "outbox.keep_attachments_days (FILE) : 0 jours"},
		{"imap scheme", "", map[string]string{"PACTD_IMAP_URL": "pop3://u:" + secret + "@h"}, "PACTD_IMAP_URL : le schéma « pop3:// » n'est pas pris en charge"},
		{"imap bad url", "", map[string]string{"PACTD_IMAP_URL": "imaps://u:" + secret + "@h:x/INBOX"}, "PACTD_IMAP_URL : l'adresse « imaps://****@h:x/INBOX » est invalide"},
		{"imap no password", "[[imap]]\nurl = \"imaps://u@h/INBOX\"\n", nil, "imap.url (FILE) : l'adresse doit contenir le mot de passe"},
		{"imap plain on 993", "", map[string]string{"PACTD_IMAP_URL": "imap://u:" + secret + "@imap.example.fr:993"}, "PACTD_IMAP_URL : le port 993 attend une connexion chiffrée dès l'ouverture : écrivez imaps://"},
		{"imap poll", "[[imap]]\nurl = \"imaps://u:" + secret + "@h/INBOX\"\npoll = \"1s\"\n", nil, "imap.poll (FILE) : l'intervalle d'interrogation 1s"},
		{"imap folders", "[[imap]]\nurl = \"imaps://u:" + secret + "@h/INBOX\"\nprocessed = \"INBOX\"\n", nil, "imap.processed (FILE) : les dossiers"},
		{"imap twice", "[[imap]]\nurl = \"imaps://u:" + secret + "@h/INBOX\"\n[[imap]]\nurl = \"imaps://u:" + secret + "@h\"\n", nil, "imap[1].url (FILE) : la boîte u@h/INBOX est déclarée deux fois"},
		{"smtp scheme", "", map[string]string{"PACTD_SMTP_URL": "http://u:" + secret + "@h", "PACTD_MAIL_FROM": "a@b.fr"}, "PACTD_SMTP_URL : le schéma « http:// »"},
		{"smtp plain on 465", "[smtp]\nurl = \"smtp://u:" + secret + "@smtp.example.fr:465\"\nfrom = \"a@b.fr\"\n", nil, "smtp.url (FILE) : le port 465 attend une connexion chiffrée dès l'ouverture : écrivez smtps://"},
		{"smtp without from", "", map[string]string{"PACTD_SMTP_URL": "smtps://u:" + secret + "@h"}, "smtp.from : indiquez l'adresse d'expédition"},
		{"bad from", "", map[string]string{"PACTD_SMTP_URL": "smtps://u:" + secret + "@h", "PACTD_MAIL_FROM": "pas une adresse"}, "PACTD_MAIL_FROM : l'adresse d'expédition « pas une adresse » est invalide"},
		{"report without smtp", "", map[string]string{"PACTD_REPORT_TO": "a@b.fr"}, "smtp.url : aucun serveur d'envoi n'est configuré"},
		{"bad report to", "", map[string]string{"PACTD_SMTP_URL": "smtps://h", "PACTD_MAIL_FROM": "a@b.fr", "PACTD_REPORT_TO": "a@b.fr,nobody"}, "PACTD_REPORT_TO : l'adresse « nobody » est invalide"},
		{"bad cron", "[report]\nschedule = \"0 8 * *\"\n", nil, "report.schedule (FILE) : expression cron invalide « 0 8 * * »"},
		{"cron range", "[reminders]\nschedule = \"0 25 * * *\"\n", nil, "reminders.schedule (FILE) : expression cron invalide"},
		{"cron tz", "[report]\nschedule = \"CRON_TZ=UTC 0 8 * * 1\"\n", nil, "report.schedule (FILE) : le fuseau horaire est toujours Europe/Paris"},
		{"cron every", "[report]\nschedule = \"@every 1h\"\n", nil, "report.schedule (FILE) : « @every » n'est pas accepté"},
		{"cron never", "[report]\nschedule = \"0 8 30 2 *\"\n", nil, "report.schedule (FILE) : l'expression « 0 8 30 2 * » ne se déclenche jamais"},
		{"reminder days", "[reminders]\ndays_before = [15, 0]\n", nil, "reminders.days_before (FILE) : 0 jours"},
		{"tolerance euros", "[rules]\ntolerance_euros = -1.0\n", nil, "rules.tolerance_euros (FILE) : la tolérance -1 €"},
		{"tolerance cents", "[rules]\ntolerance_euros = 0.001\n", nil, "rules.tolerance_euros (FILE) : la tolérance 0.001 € doit avoir au plus deux décimales"},
		{"tolerance percent", "[rules]\ntolerance_percent = 150.0\n", nil, "rules.tolerance_percent (FILE) : la tolérance 150 %"},
		{"under execution", "[rules]\nunder_execution_percent = 101.0\n", nil, "rules.under_execution_percent (FILE)"},
		{"trusted server not an id", "[intake]\ntrusted_servers = [\"mx.a.fr; dkim=pass\"]\n", nil, "intake.trusted_servers (FILE) : « mx.a.fr; dkim=pass » n'est pas un authserv-id"},
		{"trusted server empty", "[intake]\ntrusted_servers = [\"\"]\n", nil, "intake.trusted_servers (FILE) : une valeur vide n'est pas un authserv-id"},
		{"max file", "[intake]\nmax_file_mb = 0\n", nil, "intake.max_file_mb (FILE)"},
		{"log level", "[log]\nlevel = \"bavard\"\n", nil, "log.level (FILE) : le niveau « bavard » est inconnu"},
		{"log format", "[log]\nformat = \"xml\"\n", nil, "log.format (FILE) : le format « xml » est inconnu"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := ""
			if tc.file != "" {
				path = writeFile(t, t.TempDir(), "pactd.toml", tc.file)
			}
			want := strings.ReplaceAll(tc.want, "FILE", path)
			_, err := Load(path, envMap(tc.env))
			if err == nil {
				t.Fatalf("got no error, want %q", want)
			}
			if !strings.Contains(err.Error(), want) {
				t.Errorf("got %q, want it to contain %q", err, want)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error %q shows the password", err)
			}
		})
	}
}

// samplePath is the annotated sample configuration shipped for people.
const samplePath = "../../samples/pactd.toml"

// TestSampleConfig keeps samples/pactd.toml true: as shipped it gives the
// defaults; with its examples enabled it is valid; and it names every key.
func TestSampleConfig(t *testing.T) {
	raw, err := os.ReadFile(samplePath)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Load(samplePath, envMap(nil))
	if err != nil {
		t.Fatalf("sample as shipped: %v", err)
	}
	want := Default()
	want.path, want.sources = samplePath, map[string]string{}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sample as shipped differs from the defaults:\ngot  %+v\nwant %+v", got, want)
	}

	enabled := regexp.MustCompile(`(?m)^#(\S)`).ReplaceAll(raw, []byte("$1"))
	p := writeFile(t, t.TempDir(), "enabled.toml", string(enabled))
	if _, err := Load(p, envMap(nil)); err != nil {
		t.Fatalf("sample with its examples enabled: %v", err)
	}

	var inSample []string
	section := ""
	line := regexp.MustCompile(`^(?:\[\[?([a-z_.]+)\]\]?|([a-z_]+) = )`)
	for _, l := range strings.Split(string(enabled), "\n") {
		m := line.FindStringSubmatch(l)
		switch {
		case m == nil:
		case m[1] != "":
			section = m[1] + "."
		default:
			inSample = append(inSample, section+m[2])
		}
	}
	sort.Strings(inSample)
	all := configKeys(reflect.TypeOf(Config{}), "")
	sort.Strings(all)
	if !reflect.DeepEqual(inSample, all) {
		t.Errorf("keys in the sample:\n%v\nkeys of Config:\n%v", inSample, all)
	}
}

// configKeys lists the TOML keys of a configuration struct type.
func configKeys(t reflect.Type, prefix string) []string {
	textType := reflect.TypeOf((*encoding.TextUnmarshaler)(nil)).Elem()
	var keys []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("toml")
		if !f.IsExported() || tag == "" {
			continue
		}
		ft := f.Type
		if ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct && !reflect.PointerTo(ft).Implements(textType) {
			keys = append(keys, configKeys(ft, prefix+tag+".")...)
			continue
		}
		keys = append(keys, prefix+tag)
	}
	return keys
}
