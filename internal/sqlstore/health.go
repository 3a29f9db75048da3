package sqlstore

import (
	"context"
	"fmt"
)

// Ping runs a query on the read pool: it tells whether the database
// answers, without waiting for the write lock. On SQLite a one-shot command
// (pactd ingest) may hold the file's write lock for a while, and the daemon's
// one write connection may be waiting for it: the read pool still answers
// (WAL), so the database is not reported down.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.queryRow(ctx, s.read, `SELECT 1`).Scan(&one); err != nil {
		return fmt.Errorf("ping %s database: %w", s.d.Name, err)
	}
	return nil
}
