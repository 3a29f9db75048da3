package sqlstore

import (
	"context"
	"encoding/base64"
	"fmt"
	"time"
)

// The status site's secrets and logouts (internal/web), in tables
// web_secrets and web_revoked_sessions (migrations 400_web_access.sql of
// both stores).

// WebSecret returns the secret stored under name. When there is none yet
// it stores fresh and returns it; when another replica stored one first,
// that one is returned, so every replica ends with the same secret.
func (s *Store) WebSecret(ctx context.Context, name string, fresh []byte) ([]byte, error) {
	if len(fresh) == 0 {
		return nil, fmt.Errorf("store web secret %s: empty secret", name)
	}
	_, err := s.exec(ctx, s.write, `INSERT INTO web_secrets (name, secret, created_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO NOTHING`, name, base64.StdEncoding.EncodeToString(fresh), FormatTime(time.Now()))
	if err != nil {
		return nil, fmt.Errorf("store web secret %s: %w", name, err)
	}
	var enc string
	// The write pool: on SQLite the read pool may not see the row yet.
	if err := s.queryRow(ctx, s.write, `SELECT secret FROM web_secrets WHERE name = ?`, name).Scan(&enc); err != nil {
		return nil, fmt.Errorf("read web secret %s: %w", name, err)
	}
	b, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		return nil, fmt.Errorf("decode web secret %s: %w", name, err)
	}
	return b, nil
}

// RevokeSession records that the session id was closed (logout) and must
// be refused until expires, when it would be refused anyway. Revoking
// twice is harmless. Records of expired sessions are deleted on the way.
func (s *Store) RevokeSession(ctx context.Context, id string, expires time.Time) error {
	if id == "" {
		return fmt.Errorf("revoke session: empty id")
	}
	if _, err := s.exec(ctx, s.write, `DELETE FROM web_revoked_sessions WHERE expires_at < ?`, FormatTime(time.Now())); err != nil {
		return fmt.Errorf("purge revoked sessions: %w", err)
	}
	_, err := s.exec(ctx, s.write, `INSERT INTO web_revoked_sessions (session_id, expires_at) VALUES (?, ?)
		ON CONFLICT (session_id) DO NOTHING`, id, FormatTime(expires))
	if err != nil {
		return fmt.Errorf("revoke session: %w", err)
	}
	return nil
}

// SessionRevoked reports whether the session id was revoked.
func (s *Store) SessionRevoked(ctx context.Context, id string) (bool, error) {
	var n int
	if err := s.queryRow(ctx, s.read, `SELECT COUNT(*) FROM web_revoked_sessions WHERE session_id = ?`, id).Scan(&n); err != nil {
		return false, fmt.Errorf("check revoked session: %w", err)
	}
	return n > 0, nil
}
