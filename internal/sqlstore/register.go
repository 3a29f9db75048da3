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
// reconcile.ErrNotFound when none was imported.
func (s *Store) LatestRegister(ctx context.Context) (*reconcile.Register, error) {
	reg, err := s.loadRegister(ctx, `SELECT version, imported_at, body FROM registers ORDER BY version DESC LIMIT 1`)
	if err != nil {
		return nil, fmt.Errorf("load latest register: %w", err)
	}
	return reg, nil
}

// RegisterVersion returns one register version, or reconcile.ErrNotFound.
func (s *Store) RegisterVersion(ctx context.Context, version int64) (*reconcile.Register, error) {
	reg, err := s.loadRegister(ctx, `SELECT version, imported_at, body FROM registers WHERE version = ?`, version)
	if err != nil {
		return nil, fmt.Errorf("load register version %d: %w", version, err)
	}
	return reg, nil
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
