package templates

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pactd/pactd/reconcile"
)

// GenerateAll writes into dir the reporting workbook of year for each
// SIREN of sirens, or for every contract covering year when sirens is
// empty, and returns the paths written, in order. Each file is written to a
// temporary file in dir and renamed, so dir never holds a half-written
// workbook. progress, when not nil, is called after each file with the
// count done, the total and the file name. It stops at the first error
// (an unknown SIREN, a year the contract does not cover, a write error) or
// when ctx is cancelled, returning the paths written so far.
func GenerateAll(ctx context.Context, dir string, reg *reconcile.Register, year int, sirens []string,
	progress func(done, total int, file string)) ([]string, error) {
	return GenerateAllWith(ctx, dir, reg, year, sirens, GenerateOptions{}, progress)
}

// GenerateAllWith is GenerateAll writing every workbook with opts.
func GenerateAllWith(ctx context.Context, dir string, reg *reconcile.Register, year int, sirens []string,
	opts GenerateOptions, progress func(done, total int, file string)) ([]string, error) {
	if len(sirens) == 0 {
		for i := range reg.Contracts {
			if reg.Contracts[i].Covers(year) {
				sirens = append(sirens, reg.Contracts[i].Territory.SIREN)
			}
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create directory %s: %w", dir, err)
	}
	var paths []string
	for i, siren := range sirens {
		if err := ctx.Err(); err != nil {
			return paths, fmt.Errorf("generate workbooks for %d: %w", year, err)
		}
		c := reg.Contract(siren)
		if c == nil {
			return paths, fmt.Errorf("generate workbook for SIREN %s: %w", siren, ErrNoContract)
		}
		path := filepath.Join(dir, FileName(c.Territory, year))
		if err := genWriteAtomic(path, func(w *bufio.Writer) error { return GenerateWith(w, reg, siren, year, opts) }); err != nil {
			return paths, err
		}
		paths = append(paths, path)
		if progress != nil {
			progress(i+1, len(sirens), filepath.Base(path))
		}
	}
	return paths, nil
}

// genWriteAtomic writes path through a temporary file in the same directory,
// synced and renamed into place.
func genWriteAtomic(path string, write func(w *bufio.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".pactd-*.xlsx.tmp")
	if err != nil {
		return fmt.Errorf("create temporary file for %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	w := bufio.NewWriter(tmp)
	if err = write(w); err != nil {
		return err
	}
	if err = w.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", tmp.Name(), err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("set mode of %s: %w", tmp.Name(), err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", tmp.Name(), err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("close %s: %w", tmp.Name(), err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("rename %s to %s: %w", tmp.Name(), path, err)
	}
	return nil
}
