package config

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/BurntSushi/toml"

	"github.com/pactd/pactd/internal/logging"
)

// RedactedTOML returns the configuration as TOML with every password
// replaced by "****", preceded by French comments saying which file and
// which environment variables it comes from (what "pactd config" prints).
func (c *Config) RedactedTOML() ([]byte, error) {
	r := c.redacted()
	var b bytes.Buffer
	b.WriteString("# Configuration effective de pactd (mots de passe masqués).\n")
	if c.path != "" {
		fmt.Fprintf(&b, "# Fichier : %s\n", c.path)
	} else {
		b.WriteString("# Aucun fichier : valeurs par défaut.\n")
	}
	keys := make([]string, 0, len(c.sources))
	for k := range c.sources {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "# %s vient de la variable %s.\n", k, c.sources[k])
	}
	b.WriteString("\n")
	if err := toml.NewEncoder(&b).Encode(r); err != nil {
		return nil, fmt.Errorf("encode configuration: %w", err)
	}
	return b.Bytes(), nil
}

// redacted returns a copy of c whose URLs carry no password.
func (c *Config) redacted() Config {
	r := *c
	r.Database = logging.RedactURL(c.Database)
	r.SMTP.URL = logging.RedactURL(c.SMTP.URL)
	if r.Web.OIDC.ClientSecret != "" {
		r.Web.OIDC.ClientSecret = "****"
	}
	r.IMAP = make([]IMAPConfig, len(c.IMAP))
	for i, a := range c.IMAP {
		a.URL = logging.RedactURL(a.URL)
		r.IMAP[i] = a
	}
	return r
}
