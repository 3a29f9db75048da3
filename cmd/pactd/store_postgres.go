package main

import (
	"context"
	"fmt"

	"github.com/pactd/pactd/internal/postgres"
	"github.com/pactd/pactd/reconcile"
)

// openPostgres opens the PostgreSQL store, for several replicas.
func openPostgres(ctx context.Context, url string) (reconcile.Store, func() error, error) {
	st, err := postgres.Open(ctx, url)
	if err != nil {
		return nil, nil, fmt.Errorf("ouvrir la base PostgreSQL : %w", err)
	}
	return st, st.Close, nil
}
