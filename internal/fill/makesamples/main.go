// Command makesamples writes samples/soumissions/: filled reporting
// workbooks made by real clients (LibreOffice Calc through UNO, openpyxl)
// from the templates of the sample register, each showing a usual mistake,
// plus a legacy .xls and a password-protected workbook from the test
// corpus, renamed as a territory would send them. samples/soumissions/
// README.md describes each; templates/samples_test.go checks each.
//
// Run it from the repository root: scripts/make-samples.sh
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/pactd/pactd/internal/fill"
	"github.com/pactd/pactd/templates"
)

func main() {
	register := flag.String("register", filepath.Join("samples", "registre.xlsx"), "sample register")
	out := flag.String("out", filepath.Join("samples", "soumissions"), "directory of the sample submissions")
	corpus := flag.String("corpus", filepath.Join("templates", "testdata", "corpus"), "test corpus (legacy and protected files)")
	flag.Parse()
	if err := run(*register, *out, *corpus); err != nil {
		fmt.Fprintf(os.Stderr, "makesamples: %v\n", err)
		os.Exit(1)
	}
}

func run(registerPath, out, corpus string) error {
	data, err := os.ReadFile(registerPath)
	if err != nil {
		return fmt.Errorf("read register: %w", err)
	}
	reg, err := templates.ReadRegister(data, filepath.Base(registerPath))
	if err != nil {
		return fmt.Errorf("read register %s: %w", registerPath, err)
	}
	tmp, err := os.MkdirTemp("", "pactd-samples-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	jobs := map[string][]fill.Job{}
	for _, s := range samples() {
		c := reg.Contract(s.siren)
		if c == nil || !c.Covers(s.year) {
			return fmt.Errorf("sample %s: the register has no contract for %s in %d", s.suffix, s.siren, s.year)
		}
		var buf bytes.Buffer
		if err := templates.Generate(&buf, reg, s.siren, s.year); err != nil {
			return err
		}
		name := templates.FileName(c.Territory, s.year)
		if s.suffix != "" {
			name = name[:len(name)-len(".xlsx")] + "_" + s.suffix + ".xlsx"
		}
		in := filepath.Join(tmp, "modele-"+name)
		if err := os.WriteFile(in, buf.Bytes(), 0o644); err != nil {
			return err
		}
		edits, err := s.edits(c, s.year)
		if err != nil {
			return fmt.Errorf("sample %s: %w", name, err)
		}
		jobs[s.client] = append(jobs[s.client], fill.Job{In: in, Out: filepath.Join(out, name), Edits: edits})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if err := fill.LibreOffice(ctx, jobs["lo"]); err != nil {
		return err
	}
	if err := fill.Openpyxl(ctx, jobs["openpyxl"]); err != nil {
		return err
	}
	for _, cp := range copies() {
		c := reg.Contract(cp.siren)
		if c == nil {
			return fmt.Errorf("copy %s: no contract for %s", cp.from, cp.siren)
		}
		b, err := os.ReadFile(filepath.Join(corpus, cp.from))
		if err != nil {
			return err
		}
		name := templates.FileName(c.Territory, 2025)
		name = name[:len(name)-len(".xlsx")] + cp.suffix
		if err := os.WriteFile(filepath.Join(out, name), b, 0o644); err != nil {
			return err
		}
	}
	n := len(jobs["lo"]) + len(jobs["openpyxl"]) + len(copies())
	fmt.Printf("%s : %d classeurs d'exemple (%d LibreOffice, %d openpyxl, %d copiés du corpus)\n",
		out, n, len(jobs["lo"]), len(jobs["openpyxl"]), len(copies()))
	return nil
}

// copy is a corpus file sent back under a territory's file name.
type copyFile struct {
	from, siren, suffix string
}

func copies() []copyFile {
	return []copyFile{
		{"any_sheets.xls", "221000052", ".xls"},               // saved in the legacy format
		{"pass_protected.xlsx", "221100019", "_protege.xlsx"}, // protected with a password
	}
}
