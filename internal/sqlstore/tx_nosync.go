package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
)

// InTxNoSync is InTx for writes that must survive a crash of pactd but
// need not survive one of the machine or of the database server: the
// intake's attempt counts and folder claims. Losing the last of them in a
// power cut costs an attempt not counted, or a claim that expires by
// itself; the receipts, the submissions and the outbox are never written
// this way. Its commit does not wait for the disk: on PostgreSQL,
// synchronous_commit is off for the transaction; on SQLite, synchronous is
// NORMAL for it (its WAL frames reach the file, the next synchronous
// commit syncs them with its own, in order).
func (s *Store) InTxNoSync(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	if s.d.NoSyncBefore == "" && s.d.NoSyncInTx == "" {
		return s.InTx(ctx, fn)
	}
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("begin %s transaction: %w", s.d.Name, err)
	}
	defer conn.Close()
	if s.d.NoSyncBefore != "" {
		if _, err := conn.ExecContext(ctx, s.d.NoSyncBefore); err != nil {
			return fmt.Errorf("begin %s transaction without sync: %w", s.d.Name, err)
		}
		defer func() {
			// Back to synchronous commits before the connection serves
			// anyone else; a connection that cannot be set back is
			// dropped (a new one opens with FULL).
			if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), s.d.NoSyncAfter); rerr != nil {
				_ = conn.Raw(func(any) error { return driver.ErrBadConn })
				if err == nil {
					err = fmt.Errorf("end %s transaction without sync: %w", s.d.Name, rerr)
				}
			}
		}()
	}
	return s.runTx(ctx, conn, s.d.NoSyncInTx, fn)
}
