package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"

	"github.com/pactd/pactd/internal/archive"
	"github.com/pactd/pactd/reconcile"
)

// The files of the status site (archive.Store), in table archive
// (migrations 500_archive.sql of both stores).

var _ archive.Store = (*Store)(nil)

// SaveFiles implements archive.Store.
func (s *Store) SaveFiles(ctx context.Context, files ...archive.File) error {
	for _, f := range files {
		if f.Name == "" || f.Kind == "" || f.CreatedAt.IsZero() {
			return fmt.Errorf("archive file %q: name, kind and creation time are required", f.Name)
		}
	}
	err := s.InTx(ctx, func(tx *sql.Tx) error {
		for _, f := range files {
			sum := sha256.Sum256(f.Content)
			content := f.Content
			if content == nil {
				content = []byte{}
			}
			if _, err := s.exec(ctx, tx, `INSERT INTO archive (name, kind, content_type, sha256, size, content, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, content_type = excluded.content_type,
				sha256 = excluded.sha256, size = excluded.size, content = excluded.content, created_at = excluded.created_at`,
				clean(f.Name), f.Kind, f.ContentType, hex.EncodeToString(sum[:]), int64(len(f.Content)), content,
				FormatTime(f.CreatedAt)); err != nil {
				return fmt.Errorf("archive file %q: %w", f.Name, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("archive %d file(s): %w", len(files), err)
	}
	return nil
}

// Files implements archive.Store.
func (s *Store) Files(ctx context.Context, kind string) ([]archive.File, error) {
	q := `SELECT name, kind, content_type, sha256, size, created_at FROM archive`
	var args []any
	if kind != "" {
		q, args = q+` WHERE kind = ?`, append(args, kind)
	}
	rows, err := s.query(ctx, s.read, q+` ORDER BY created_at DESC, name`, args...)
	if err != nil {
		return nil, fmt.Errorf("list archived files: %w", err)
	}
	defer rows.Close()
	var out []archive.File
	for rows.Next() {
		var f archive.File
		var created string
		if err := rows.Scan(&f.Name, &f.Kind, &f.ContentType, &f.SHA256, &f.Size, &created); err != nil {
			return nil, fmt.Errorf("list archived files: %w", err)
		}
		if f.CreatedAt, err = ParseTime(created); err != nil {
			return nil, fmt.Errorf("list archived files: %w", err)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list archived files: %w", err)
	}
	return out, nil
}

// File implements archive.Store.
func (s *Store) File(ctx context.Context, name string) (*archive.File, error) {
	var f archive.File
	var created string
	err := s.queryRow(ctx, s.read, `SELECT name, kind, content_type, sha256, size, content, created_at
		FROM archive WHERE name = ?`, clean(name)).
		Scan(&f.Name, &f.Kind, &f.ContentType, &f.SHA256, &f.Size, &f.Content, &created)
	if isNoRows(err) {
		return nil, reconcile.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read archived file %q: %w", name, err)
	}
	if f.CreatedAt, err = ParseTime(created); err != nil {
		return nil, fmt.Errorf("read archived file %q: %w", name, err)
	}
	return &f, nil
}
