package daemon

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pactd/pactd/internal/archive"
	"github.com/pactd/pactd/reconcile"
)

// importLegacyReports copies into the store the weekly reports found in
// the folder where they were kept before the database kept them
// (config.LegacyReportDir), so that the status site still lists them. A
// report already in the store is left alone; the files stay where they
// are. It returns how many files it imported.
func (d *Daemon) importLegacyReports(ctx context.Context) (int, error) {
	dir := d.cfg.LegacyReportDir()
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("lire le dossier des rapports %s : %w", dir, err)
	}
	n := 0
	for _, e := range entries {
		m := archive.WeeklyReportName.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		if _, err := d.store.File(ctx, e.Name()); err == nil {
			continue
		} else if !errors.Is(err, reconcile.ErrNotFound) {
			return n, err
		}
		info, err := e.Info()
		if err != nil {
			return n, fmt.Errorf("lire le rapport %s : %w", e.Name(), err)
		}
		content, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return n, fmt.Errorf("lire le rapport %s : %w", e.Name(), err)
		}
		ct := archive.PDF
		if strings.HasSuffix(e.Name(), ".xlsx") {
			ct = archive.XLSX
		}
		if err := d.store.SaveFiles(ctx, archive.File{Name: e.Name(), Kind: archive.WeeklyReport, ContentType: ct,
			Content: content, CreatedAt: info.ModTime()}); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
