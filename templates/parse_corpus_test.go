package templates_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// Every real-world file of the corpus is either refused with one
// FICHIER_ILLISIBLE, or read and found not to be the template
// (MODELE_INCONNU); none panics or hangs. Only .xlsx files may be read.
func TestParseCorpus(t *testing.T) {
	entries, err := os.ReadDir(filepath.Join("testdata", "corpus"))
	if err != nil {
		t.Fatal(err)
	}
	reg := parseRegister()
	n := 0
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if e.IsDir() || ext == ".md" {
			continue
		}
		n++
		t.Run(e.Name(), func(t *testing.T) {
			data := corpusFile(t, e.Name())
			rep := parseGuarded(t, data, e.Name(), reg)
			if len(rep.Findings) == 0 {
				t.Fatal("no finding")
			}
			f := rep.Findings[0]
			switch {
			case f.Code == reconcile.FichierIllisible && len(rep.Findings) == 1:
			case f.Code == reconcile.ModeleInconnu && ext == ".xlsx":
			default:
				t.Fatalf("unexpected findings:%s", findingList(rep.Findings))
			}
			if ext != ".xlsx" && f.Code != reconcile.FichierIllisible {
				t.Errorf("a %s file was not refused", ext)
			}
			if f.Message == "" || !strings.HasSuffix(f.Message, ".") {
				t.Errorf("message %q is not a sentence", f.Message)
			}
		})
	}
	if n < 100 {
		t.Errorf("only %d corpus files", n)
	}
}

// parseGuarded parses data and fails the test, rather than hanging, when
// Parse does not return within a minute (a hang guard, not a speed test:
// BenchmarkParse measures speed).
func parseGuarded(t *testing.T, data []byte, name string, reg *reconcile.Register) *reconcile.Report {
	t.Helper()
	done := make(chan *reconcile.Report, 1)
	go func() { done <- templates.Parse(data, name, reg, templates.DefaultLimits()) }()
	select {
	case rep := <-done:
		return rep
	case <-time.After(time.Minute):
		t.Fatalf("Parse(%s) did not return within a minute", name)
		return nil
	}
}
