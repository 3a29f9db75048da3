package main

import (
	"bytes"
	"context"
	"fmt"
	"sort"

	"github.com/BurntSushi/toml"

	"github.com/pactd/pactd/internal/logging"
)

// runConfig prints the effective configuration (file, environment and
// defaults) as TOML, with every password replaced by "****".
func runConfig(ctx context.Context, env *cmdEnv, args []string) error {
	fs, cfgPath := newFlags("config")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("argument inattendu « %s »", pos[0])
	}
	cfg, err := loadConfig(*cfgPath, env.getenv)
	if err != nil {
		return err
	}
	out, err := cfg.redactedTOML()
	if err != nil {
		return err
	}
	_, err = env.stdout.Write(out)
	return err
}

// redactedTOML returns the configuration as TOML with secrets redacted,
// preceded by comments saying where it comes from.
func (c *Config) redactedTOML() ([]byte, error) {
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
	r.IMAP = make([]IMAPConfig, len(c.IMAP))
	for i, a := range c.IMAP {
		a.URL = logging.RedactURL(a.URL)
		r.IMAP[i] = a
	}
	return r
}
