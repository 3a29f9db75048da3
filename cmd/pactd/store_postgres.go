package main

import (
	"context"

	"github.com/pactd/pactd/reconcile"
)

// openPostgres opens the PostgreSQL store.
func openPostgres(ctx context.Context, url string) (reconcile.Store, func() error, error) {
	return nil, nil, usagef("PostgreSQL n'est pas encore pris en charge : indiquez un fichier SQLite dans PACTD_DATABASE")
}
