package storage

import (
	"context"
	"fmt"

	"github.com/pactd/pactd/internal/postgres"
)

// openPostgres opens the PostgreSQL store, for several replicas.
func openPostgres(ctx context.Context, url string) (Store, error) {
	st, err := postgres.Open(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("ouvrir la base PostgreSQL : %w", err)
	}
	return st, nil
}
