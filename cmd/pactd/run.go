package main

import (
	"context"

	"github.com/pactd/pactd/internal/config"
	"github.com/pactd/pactd/internal/daemon"
	"github.com/pactd/pactd/internal/logging"
)

// runDaemon runs "pactd run [--config FICHIER]": the daemon (package
// daemon), until SIGINT or SIGTERM cancels ctx; it then stops in order and
// returns nil, so the process exits 0. A bad configuration or a port
// already taken stops it before any work, with a sentence naming the key.
func runDaemon(ctx context.Context, env *cmdEnv, args []string) error {
	fs, cfgPath := newFlags("run")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("argument inattendu « %s » : pactd run [--config FICHIER]", pos[0])
	}
	cfg, err := config.Load(*cfgPath, env.getenv)
	if err != nil {
		return err
	}
	log, err := logging.New(env.stderr, logging.Options{Level: cfg.Log.Level, Format: cfg.Log.Format})
	if err != nil {
		return err
	}
	ls, err := daemon.Listen(cfg)
	if err != nil {
		return err
	}
	d, err := daemon.New(ctx, cfg, log)
	if err != nil {
		ls.Close()
		return err
	}
	return d.Run(ctx, ls)
}
