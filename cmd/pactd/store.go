package main

import (
	"context"
	"errors"
	"os"

	"github.com/pactd/pactd/internal/config"
	"github.com/pactd/pactd/internal/storage"
)

// openConfigured loads the configuration at path (none when empty) with the
// environment on top, and opens the store it names; close the store after
// use. Only commands that write a register (and the daemon) create a
// missing SQLite file: the others, create false, refuse it with a sentence
// saying what to do, rather than leave an empty database behind.
func openConfigured(ctx context.Context, env *cmdEnv, path string, create bool) (*config.Config, storage.Store, error) {
	cfg, err := config.Load(path, env.getenv)
	if err != nil {
		return nil, nil, err
	}
	if !create && !cfg.IsPostgres() {
		if _, err := os.Stat(cfg.Database); errors.Is(err, os.ErrNotExist) {
			return nil, nil, usagef("la base %s n'existe pas : importez d'abord un registre avec pactd register import FICHIER, ou indiquez la base avec PACTD_DATABASE", cfg.Database)
		}
	}
	st, err := storage.Open(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	return cfg, st, nil
}
