package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestSampleIsUpToDate regenerates the register and compares it with the
// committed samples/registre.xlsx: the generator is deterministic, and the
// sample must be regenerated (go run ./internal/samplegen) when it changes.
func TestSampleIsUpToDate(t *testing.T) {
	out := filepath.Join(t.TempDir(), "registre.xlsx")
	if err := run(out); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "samples", "registre.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("samples/registre.xlsx is stale (%d bytes, generator gives %d): run go run ./internal/samplegen", len(want), len(got))
	}
}

func TestTerritoriesCSV(t *testing.T) {
	ts, err := readTerritories()
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 121 {
		t.Errorf("territoires.csv has %d territories, want 121", len(ts))
	}
}
