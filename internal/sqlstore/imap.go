package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/pactd/pactd/internal/mailstate"
)

// The IMAP intake ledger (mailstate.Ledger), in imap_mailboxes and
// imap_messages (migrations 101_imap_ledger.sql of both stores).

var _ mailstate.Ledger = (*Store)(nil)

// IMAPMailbox implements mailstate.Ledger.
func (s *Store) IMAPMailbox(ctx context.Context, account, mailbox string) (mailstate.LedgerMailbox, bool, error) {
	var m mailstate.LedgerMailbox
	var v, f int64
	err := s.queryRow(ctx, s.read, `SELECT uid_validity, floor FROM imap_mailboxes
		WHERE account = ? AND mailbox = ?`, account, mailbox).Scan(&v, &f)
	if isNoRows(err) {
		return m, false, nil
	}
	if err != nil {
		return m, false, fmt.Errorf("read IMAP ledger of %s/%s: %w", account, mailbox, err)
	}
	m.UIDValidity, m.Floor = uint32(v), uint32(f)
	return m, true, nil
}

// SetIMAPMailbox implements mailstate.Ledger.
func (s *Store) SetIMAPMailbox(ctx context.Context, account, mailbox string, m mailstate.LedgerMailbox) error {
	_, err := s.exec(ctx, s.write, `INSERT INTO imap_mailboxes (account, mailbox, uid_validity, floor, updated_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (account, mailbox) DO UPDATE
		SET uid_validity = excluded.uid_validity, floor = excluded.floor, updated_at = excluded.updated_at`,
		account, mailbox, int64(m.UIDValidity), int64(m.Floor), FormatTime(time.Now()))
	if err != nil {
		return fmt.Errorf("record IMAP ledger of %s/%s: %w", account, mailbox, err)
	}
	return nil
}

// IMAPMessages implements mailstate.Ledger.
func (s *Store) IMAPMessages(ctx context.Context, account, mailbox string, uidValidity, floor uint32) (map[uint32]mailstate.LedgerMessage, error) {
	rows, err := s.query(ctx, s.read, `SELECT account, mailbox, uid_validity, uid, message_id, state, dest,
		outcome, updated_at FROM imap_messages
		WHERE account = ? AND mailbox = ? AND uid_validity = ? AND uid > ?`,
		account, mailbox, int64(uidValidity), int64(floor))
	if err != nil {
		return nil, fmt.Errorf("read IMAP ledger of %s/%s: %w", account, mailbox, err)
	}
	list, err := scanLedger(rows)
	if err != nil {
		return nil, fmt.Errorf("read IMAP ledger of %s/%s: %w", account, mailbox, err)
	}
	out := make(map[uint32]mailstate.LedgerMessage, len(list))
	for _, m := range list {
		out[m.UID] = m
	}
	return out, nil
}

// IMAPProcessedByMessageID implements mailstate.Ledger.
func (s *Store) IMAPProcessedByMessageID(ctx context.Context, account, mailbox, messageID string) ([]mailstate.LedgerMessage, error) {
	rows, err := s.query(ctx, s.read, `SELECT account, mailbox, uid_validity, uid, message_id, state, dest,
		outcome, updated_at FROM imap_messages
		WHERE account = ? AND mailbox = ? AND message_id = ? AND state = ? ORDER BY uid_validity, uid`,
		account, mailbox, clean(messageID), string(mailstate.LedgerProcessed))
	if err != nil {
		return nil, fmt.Errorf("look up IMAP ledger of %s/%s by Message-ID: %w", account, mailbox, err)
	}
	list, err := scanLedger(rows)
	if err != nil {
		return nil, fmt.Errorf("look up IMAP ledger of %s/%s by Message-ID: %w", account, mailbox, err)
	}
	return list, nil
}

// RecordIMAP implements mailstate.Ledger: the entries are written in one
// transaction, so that a scan's messages cost one commit (one fsync on
// SQLite) rather than one each.
func (s *Store) RecordIMAP(ctx context.Context, ms ...mailstate.LedgerMessage) error {
	if len(ms) == 0 {
		return nil
	}
	now := time.Now()
	return s.InTx(ctx, func(tx *sql.Tx) error {
		for _, m := range ms {
			if m.UpdatedAt.IsZero() {
				m.UpdatedAt = now
			}
			_, err := s.exec(ctx, tx, `INSERT INTO imap_messages (account, mailbox, uid_validity, uid, message_id,
				state, dest, outcome, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (account, mailbox, uid_validity, uid) DO UPDATE SET message_id = excluded.message_id,
				state = excluded.state, dest = excluded.dest, outcome = excluded.outcome, updated_at = excluded.updated_at`,
				m.Account, m.Mailbox, int64(m.UIDValidity), int64(m.UID), clean(m.MessageID), string(m.State),
				m.Dest, clean(m.Outcome), FormatTime(m.UpdatedAt))
			if err != nil {
				return fmt.Errorf("record IMAP message %s/%s/%d/%d: %w", m.Account, m.Mailbox, m.UIDValidity, m.UID, err)
			}
		}
		return nil
	})
}

func scanLedger(rows *sql.Rows) ([]mailstate.LedgerMessage, error) {
	defer rows.Close()
	var out []mailstate.LedgerMessage
	for rows.Next() {
		var m mailstate.LedgerMessage
		var v, u int64
		var state, at string
		if err := rows.Scan(&m.Account, &m.Mailbox, &v, &u, &m.MessageID, &state, &m.Dest, &m.Outcome, &at); err != nil {
			return nil, err
		}
		m.UIDValidity, m.UID, m.State = uint32(v), uint32(u), mailstate.LedgerState(state)
		t, err := ParseTime(at)
		if err != nil {
			return nil, err
		}
		m.UpdatedAt = t
		out = append(out, m)
	}
	return out, rows.Err()
}
