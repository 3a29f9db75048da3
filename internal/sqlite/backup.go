package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrBackupExists is returned by Backup when the destination exists: a
// backup never overwrites a file.
var ErrBackupExists = errors.New("backup destination exists")

// Backup writes a consistent copy of the database to dest while others
// keep writing: VACUUM INTO reads one snapshot (WAL lets writers of this
// and other processes go on) into a fresh, compacted file. The copy is
// written beside dest under a temporary name, checked (PRAGMA
// integrity_check), synced, then renamed to dest, so dest is whole or
// absent. dest must not exist (ErrBackupExists).
func (s *Store) Backup(ctx context.Context, dest string) error {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return fmt.Errorf("back up SQLite database to %s: %w", dest, err)
	}
	if _, err := os.Lstat(abs); err == nil {
		return fmt.Errorf("back up SQLite database to %s: %w", dest, ErrBackupExists)
	}
	tmp, err := os.CreateTemp(filepath.Dir(abs), "."+filepath.Base(abs)+".*")
	if err != nil {
		return fmt.Errorf("back up SQLite database to %s: %w", dest, err)
	}
	tmpName := tmp.Name()
	tmp.Close()
	os.Remove(tmpName) // VACUUM INTO wants to create the file itself
	defer os.Remove(tmpName)
	// A connection of its own: the read pool is query_only, which refuses
	// VACUUM INTO, and the write pool's one connection belongs to writers.
	db, err := sql.Open("sqlite", dsn(s.path, false))
	if err != nil {
		return fmt.Errorf("back up SQLite database to %s: %w", dest, err)
	}
	db.SetMaxOpenConns(1)
	_, err = db.ExecContext(ctx, "VACUUM INTO ?", tmpName)
	db.Close()
	if err != nil {
		return fmt.Errorf("back up SQLite database to %s: %w", dest, err)
	}
	if err := checkCopy(ctx, tmpName); err != nil {
		return fmt.Errorf("back up SQLite database to %s: %w", dest, err)
	}
	if err := syncFile(tmpName); err != nil {
		return fmt.Errorf("back up SQLite database to %s: %w", dest, err)
	}
	// A hard link never replaces a file that appeared meanwhile; file
	// systems without links get a rename after a last check.
	if err := os.Link(tmpName, abs); errors.Is(err, os.ErrExist) {
		return fmt.Errorf("back up SQLite database to %s: %w", dest, ErrBackupExists)
	} else if err != nil {
		if _, serr := os.Lstat(abs); serr == nil {
			return fmt.Errorf("back up SQLite database to %s: %w", dest, ErrBackupExists)
		}
		if err := os.Rename(tmpName, abs); err != nil {
			return fmt.Errorf("back up SQLite database to %s: %w", dest, err)
		}
	}
	return syncFile(filepath.Dir(abs))
}

// checkCopy opens the copy read-only and runs PRAGMA integrity_check.
func checkCopy(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		return fmt.Errorf("open copy: %w", err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return fmt.Errorf("check copy: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("check copy: integrity_check says %q", res)
	}
	return nil
}

// syncFile flushes a file or a directory to disk.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return nil
}
