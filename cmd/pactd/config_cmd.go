package main

import (
	"context"

	"github.com/pactd/pactd/internal/config"
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
	cfg, err := config.Load(*cfgPath, env.getenv)
	if err != nil {
		return err
	}
	out, err := cfg.RedactedTOML()
	if err != nil {
		return err
	}
	_, err = env.stdout.Write(out)
	return err
}
