package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/pactd/pactd/reconcile"
)

// SaveRegister stores reg as a new version, sets reg.Version and returns
// it. The register is kept whole as JSON beside its version, import time,
// source file name and SHA-256.
func (s *Store) SaveRegister(ctx context.Context, reg *reconcile.Register) (int64, error) {
	body, err := json.Marshal(reg)
	if err != nil {
		return 0, fmt.Errorf("encode register from %s: %w", reg.Source, err)
	}
	var version int64
	err = s.InTx(ctx, func(tx *sql.Tx) error {
		return s.queryRow(ctx, tx, `INSERT INTO registers (imported_at, source, sha256, contracts, body)
			VALUES (?, ?, ?, ?, ?) RETURNING version`,
			FormatTime(reg.ImportedAt), reg.Source, reg.SHA256, len(reg.Contracts), string(body)).Scan(&version)
	})
	if err != nil {
		return 0, fmt.Errorf("save register from %s: %w", reg.Source, err)
	}
	reg.Version = version
	return version, nil
}

// LatestRegister returns the newest register version, or
// reconcile.ErrNotFound when none was imported. It asks the database for
// the newest version number (one query on the primary key), so a register
// imported by another process is seen at once, and decodes that version
// only the first time (see registerCache). The result is shared: do not
// modify it.
func (s *Store) LatestRegister(ctx context.Context) (*reconcile.Register, error) {
	var version sql.NullInt64
	if err := s.queryRow(ctx, s.read, `SELECT MAX(version) FROM registers`).Scan(&version); err != nil {
		return nil, fmt.Errorf("load latest register: %w", err)
	}
	if !version.Valid {
		return nil, fmt.Errorf("load latest register: %w", reconcile.ErrNotFound)
	}
	reg, err := s.cachedRegister(ctx, version.Int64)
	if err != nil {
		return nil, fmt.Errorf("load latest register: %w", err)
	}
	return reg, nil
}

// RegisterVersion returns one register version, or reconcile.ErrNotFound.
// The result is shared: do not modify it.
func (s *Store) RegisterVersion(ctx context.Context, version int64) (*reconcile.Register, error) {
	reg, err := s.cachedRegister(ctx, version)
	if err != nil {
		return nil, fmt.Errorf("load register version %d: %w", version, err)
	}
	return reg, nil
}

// cachedRegister returns version from the cache, decoding it once.
func (s *Store) cachedRegister(ctx context.Context, version int64) (*reconcile.Register, error) {
	return s.regs.get(ctx, version, func() (*reconcile.Register, error) {
		return s.loadRegister(ctx, `SELECT version, imported_at, body FROM registers WHERE version = ?`, version)
	})
}

func (s *Store) loadRegister(ctx context.Context, query string, args ...any) (*reconcile.Register, error) {
	var (
		version  int64
		imported string
		body     []byte
	)
	err := s.queryRow(ctx, s.read, query, args...).Scan(&version, &imported, &body)
	if isNoRows(err) {
		return nil, reconcile.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	reg := new(reconcile.Register)
	if err := json.Unmarshal(body, reg); err != nil {
		return nil, fmt.Errorf("decode stored register: %w", err)
	}
	reg.Version = version
	if reg.ImportedAt, err = ParseTime(imported); err != nil {
		return nil, err
	}
	return reg, nil
}
