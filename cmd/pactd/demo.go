package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/samples"
	"github.com/pactd/pactd/templates"
)

// The demo tells one reporting season on a fixed calendar, so that its
// output is the same on every run: the 2024 reports arrive in March 2025;
// the 2025 reports arrive over the four weeks before the deadline of
// 31 March 2026, the last ones after it; the daily reminders go out
// (15 and 3 days before the deadline, the day after), the Monday reports
// record their weeks, and the weekly report written is the one of Monday
// 6 April 2026.
var (
	demoYear       = 2025
	demoReportTime = time.Date(2026, time.April, 6, 8, 0, 0, 0, reconcile.Paris)
)

// demoOnTime is how many samples of the demo year arrive before the
// deadline; the others arrive after it.
const demoOnTime = 8

// demoReceivedAt gives the i-th sample of a year its reception time: for
// the demo year, the first demoOnTime every three days from Monday
// 9 March 2026 at 9:00, the others every five hours from 1 April 2026 at
// 1:00, after the deadline, in the week the report covers; for an earlier
// year, one a day in March of the next year.
func demoReceivedAt(year, i int) time.Time {
	if year == demoYear && i < demoOnTime {
		return time.Date(2026, time.March, 9, 9, 0, 0, 0, reconcile.Paris).AddDate(0, 0, 3*i)
	}
	if year == demoYear {
		return time.Date(2026, time.April, 1, 1, 0, 0, 0, reconcile.Paris).Add(time.Duration(i-demoOnTime) * 5 * time.Hour)
	}
	return time.Date(year+1, time.March, 2, 9, 0, 0, 0, reconcile.Paris).Add(time.Duration(i) * 26 * time.Hour)
}

// runDemo runs the whole flow on the embedded samples with a throw-away
// SQLite database: import, generate, ingest, reconcile, report.
func runDemo(ctx context.Context, env *cmdEnv, args []string) error {
	fs, _ := newFlags("demo")
	outDir := fs.String("out", "demo-out", "écrire dans le `DOSSIER` donné les classeurs pré-remplis, les accusés de réception et le rapport hebdomadaire")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	start := time.Now()
	tmp, err := os.MkdirTemp("", "pactd-demo-")
	if err != nil {
		return fmt.Errorf("créer la base temporaire : %w", err)
	}
	defer os.RemoveAll(tmp)
	st, err := sqlite.Open(ctx, filepath.Join(tmp, "pactd.db"))
	if err != nil {
		return fmt.Errorf("ouvrir la base temporaire : %w", err)
	}
	defer st.Close()
	// The database is thrown away at the end: no need to wait for the disk
	// at every commit (the one write connection keeps the setting).
	if _, err := st.DB().ExecContext(ctx, "PRAGMA synchronous = OFF"); err != nil {
		return fmt.Errorf("régler la base temporaire : %w", err)
	}

	d := &demo{env: env, st: st, out: *outDir}
	steps := []func(context.Context) error{d.importRegister, d.generateTemplates, d.ingestSamples, d.writeReports}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return err
		}
	}
	d.printSummary(time.Since(start))
	return nil
}

// demo holds the state of one demo run.
type demo struct {
	env       *cmdEnv
	st        *sqlite.Store
	out       string
	reg       *reconcile.Register
	templates []string
	outcomes  []demoOutcome
	acks      []string
	weekly    []string
	tally     reconcile.Tally // the partition of the weekly report
	late      int
}

// demoOutcome is one ingested sample and what became of it.
type demoOutcome struct {
	file string
	out  ingest.Outcome
}

func (d *demo) importRegister(ctx context.Context) error {
	reg, err := templates.ReadRegister(samples.Register(), "registre.xlsx")
	if err != nil {
		return fmt.Errorf("lire le registre d'exemple : %w", err)
	}
	reg.ImportedAt = time.Date(2025, time.January, 6, 9, 0, 0, 0, reconcile.Paris)
	if _, err := d.st.SaveRegister(ctx, reg); err != nil {
		return fmt.Errorf("importer le registre d'exemple : %w", err)
	}
	d.reg = reg
	return nil
}

func (d *demo) generateTemplates(ctx context.Context) error {
	dir := filepath.Join(d.out, "modeles")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("créer %s : %w", dir, err)
	}
	paths, err := templates.GenerateAll(ctx, dir, d.reg, demoYear, nil, nil)
	if err != nil {
		return fmt.Errorf("générer les classeurs %d : %w", demoYear, err)
	}
	d.templates = paths
	return nil
}

func (d *demo) ingestSamples(ctx context.Context) error {
	count := map[int]int{}
	for _, f := range samples.Submissions() {
		year := sampleYear(f.Name)
		at := demoReceivedAt(year, count[year])
		count[year]++
		p := &ingest.Pipeline{Store: d.st, Now: func() time.Time { return at }, Log: zerolog.Nop()}
		out, err := p.Process(ctx, ingest.Incoming{
			Name:       f.Name,
			Content:    f.Content,
			ReceivedAt: at,
			Origin:     reconcile.Origin{Kind: reconcile.OriginFolder, Path: f.Name, Key: "demo:" + f.Name},
		})
		if err != nil {
			return fmt.Errorf("traiter l'exemple %s : %w", f.Name, err)
		}
		d.outcomes = append(d.outcomes, demoOutcome{file: f.Name, out: out})
	}
	return nil
}

// sampleYear reads the year from a template file name, CLS_2024_..., and
// defaults to the demo year.
func sampleYear(name string) int {
	var y int
	if _, err := fmt.Sscanf(name, "CLS_%d_", &y); err == nil && y >= reconcile.FirstYear && y <= reconcile.LastYear {
		return y
	}
	return demoYear
}
