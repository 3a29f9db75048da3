package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/reconcile"
)

// openStore opens the store the configuration names: a SQLite file by
// default, PostgreSQL for a postgres:// URL. The returned func closes it.
func openStore(ctx context.Context, cfg *Config) (reconcile.Store, func() error, error) {
	dbURL := cfg.Database
	if strings.HasPrefix(dbURL, "postgres://") || strings.HasPrefix(dbURL, "postgresql://") {
		return openPostgres(ctx, dbURL)
	}
	st, err := sqlite.Open(ctx, dbURL)
	if err != nil {
		return nil, nil, fmt.Errorf("ouvrir la base %s : %w", dbURL, err)
	}
	return st, st.Close, nil
}

// openConfigured loads the configuration at path (none when empty) with the
// environment on top, and opens the store it names. The returned func
// closes the store. Only commands that write a register (and the daemon)
// create a missing SQLite file: the others, create false, refuse it with a
// sentence saying what to do, rather than leave an empty database behind.
func openConfigured(ctx context.Context, env *cmdEnv, path string, create bool) (*Config, reconcile.Store, func() error, error) {
	cfg, err := loadConfig(path, env.getenv)
	if err != nil {
		return nil, nil, nil, err
	}
	if !create && !cfg.isPostgres() {
		if _, err := os.Stat(cfg.Database); errors.Is(err, os.ErrNotExist) {
			return nil, nil, nil, usagef("la base %s n'existe pas : importez d'abord un registre avec pactd register import FICHIER, ou indiquez la base avec PACTD_DATABASE", cfg.Database)
		}
	}
	st, closeStore, err := openStore(ctx, cfg)
	if err != nil {
		return nil, nil, nil, err
	}
	return cfg, st, closeStore, nil
}
