package postgres

import (
	"context"
	"database/sql/driver"
	"fmt"
	"hash/fnv"
	"sync"
	"time"
)

// releaseTimeout bounds the unlock of a release; past it the connection is
// dropped, which releases the lock too.
const releaseTimeout = 5 * time.Second

// LeaderKey returns the advisory lock key of the leadership called name.
func LeaderKey(name string) int64 {
	h := fnv.New64a()
	h.Write([]byte("pactd leader " + name))
	return int64(h.Sum64())
}

// TryLeader takes the leadership called name if no session of this
// database holds it: ok is false when another replica (or another call of
// this one) has it. The lock lives on a dedicated connection until release,
// which unlocks it and gives the connection back; calling release more than
// once is harmless. When unlocking fails the connection is closed, which
// releases the lock on the server.
func (s *Store) TryLeader(ctx context.Context, name string) (release func(), ok bool, err error) {
	key := LeaderKey(name)
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("take leadership %q: %w", name, err)
	}
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, key).Scan(&ok); err != nil {
		conn.Close()
		return nil, false, fmt.Errorf("take leadership %q: %w", name, err)
	}
	if !ok {
		conn.Close()
		return nil, false, nil
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			ctx, cancel := context.WithTimeout(context.Background(), releaseTimeout)
			defer cancel()
			var unlocked bool
			err := conn.QueryRowContext(ctx, `SELECT pg_advisory_unlock($1)`, key).Scan(&unlocked)
			if err != nil || !unlocked {
				// Drop the connection: the server releases its locks.
				_ = conn.Raw(func(any) error { return driver.ErrBadConn })
			}
			conn.Close()
		})
	}, true, nil
}
