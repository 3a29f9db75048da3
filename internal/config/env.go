package config

import (
	"fmt"
	"os"
	"strings"
)

// envOverride is one SPEC §7 environment variable and the key it sets.
type envOverride struct {
	name string // PACTD_SMTP_URL
	key  string // smtp.url
	set  func(c *Config, v string)
}

// envOverrides lists the environment variables that override the file
// (SPEC §7). Each may also be given as NAME_FILE, naming a file that holds
// the value (for secrets mounted by Docker or systemd).
var envOverrides = []envOverride{
	{"PACTD_DATABASE", "database", func(c *Config, v string) { c.Database = v }},
	{"PACTD_IMAP_URL", "imap.url", func(c *Config, v string) {
		// One variable, one mailbox: it replaces the URL of the first
		// account of the file (keeping its folders), or creates one.
		if len(c.IMAP) == 0 {
			c.IMAP = []IMAPConfig{{}}
		}
		c.IMAP[0].URL = v
	}},
	{"PACTD_SMTP_URL", "smtp.url", func(c *Config, v string) { c.SMTP.URL = v }},
	{"PACTD_MAIL_FROM", "smtp.from", func(c *Config, v string) { c.SMTP.From = v }},
	{"PACTD_REPORT_TO", "report.to", func(c *Config, v string) { c.Report.To = splitList(v) }},
	{"PACTD_WATCH_DIR", "watch.dir", func(c *Config, v string) { c.Watch.Dir = v }},
	{"PACTD_WATCH_POLLING", "watch.polling", func(c *Config, v string) { c.Watch.Polling = envTrue(v) }},
	{"PACTD_HTTP_ADDR", "http_addr", func(c *Config, v string) { c.HTTPAddr = v }},
	{"PACTD_METRICS_ADDR", "metrics_addr", func(c *Config, v string) { c.MetricsAddr = v }},
	{"PACTD_PUBLIC_URL", "web.public_url", func(c *Config, v string) { c.Web.PublicURL = v }},
	{"PACTD_OIDC_CLIENT_SECRET", "web.oidc.client_secret", func(c *Config, v string) { c.Web.OIDC.ClientSecret = v }},
}

// EnvVariables returns the names of the environment variables that
// override the file (SPEC §7), without their _FILE forms.
func EnvVariables() []string {
	names := make([]string, len(envOverrides))
	for i, o := range envOverrides {
		names[i] = o.name
	}
	return names
}

// applyEnv applies the environment variables that are set, recording in
// c.sources which variable set which key.
func applyEnv(c *Config, getenv func(string) string) error {
	if c.sources == nil {
		c.sources = map[string]string{}
	}
	for _, o := range envOverrides {
		v, from, err := envValue(o.name, getenv)
		if err != nil {
			return err
		}
		if from == "" {
			continue
		}
		o.set(c, v)
		c.sources[o.key] = from
	}
	return nil
}

// envValue returns the value of the variable name, read directly or from
// the file named by name_FILE (one trailing newline removed), and which of
// the two gave it ("" when neither is set). Setting both is an error.
func envValue(name string, getenv func(string) string) (value, from string, err error) {
	direct, file := getenv(name), getenv(name+"_FILE")
	switch {
	case direct != "" && file != "":
		return "", "", fmt.Errorf("les variables %s et %s_FILE sont toutes deux définies : n'en gardez qu'une", name, name)
	case direct != "":
		return direct, name, nil
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return "", "", fmt.Errorf("%s_FILE : le fichier %s est illisible (%s)", name, file, FileReason(err))
		}
		v := strings.TrimSuffix(string(b), "\n")
		v = strings.TrimSuffix(v, "\r")
		if v == "" {
			return "", "", fmt.Errorf("%s_FILE : le fichier %s est vide", name, file)
		}
		return v, name + "_FILE", nil
	}
	return "", "", nil
}

// FileReason says in French why a file could not be read or used ("il
// n'existe pas", "permission refusée"), for messages about a path.
func FileReason(err error) string {
	switch {
	case os.IsNotExist(err):
		return "il n'existe pas"
	case os.IsPermission(err):
		return "permission refusée"
	}
	return "erreur de lecture"
}

// splitList splits a comma-separated list, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// envTrue reads a yes/no environment variable: "1", "true", "oui", "yes"
// and "on" (any case) are yes.
func envTrue(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "true", "oui", "yes", "on":
		return true
	}
	return false
}
