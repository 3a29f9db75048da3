package soak_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestSoakFolderRate measures the files per second through the watched
// folder with one replica then two on PostgreSQL, and with one process on
// SQLite: -soak.rate distinct files dropped at once, from the first copy
// to the last receipt. No mail is configured, so it needs no mail server
// and no lock; the suite runs it with 10 files a batch (every file one
// receipt, with one replica and two), scripts/soak.sh with -soak.rate=300.
func TestSoakFolderRate(t *testing.T) {
	if *flagRate <= 0 {
		t.Fatalf("-soak.rate=%d: a batch needs at least one file", *flagRate)
	}
	t.Run("postgres", func(t *testing.T) { folderRates(t, freshSchema(t), 2) })
	t.Run("sqlite", func(t *testing.T) { folderRates(t, filepath.Join(t.TempDir(), "pactd.db"), 1) })
}

func folderRates(t *testing.T, database string, replicas int) {
	dir := t.TempDir()
	s := &soak{t: t, watch: filepath.Join(dir, "depot")}
	if err := os.MkdirAll(s.watch, 0o755); err != nil {
		t.Fatal(err)
	}
	reg := soakRegister(t)
	saveRegister(t, database, reg)
	s.db = openDB(t, database)
	_, files := makeItems(t, reg, replicas**flagRate, fmt.Sprint(time.Now().UnixNano()%1e9))
	logs := t.TempDir()
	for i := range replicas {
		r := writeConfig(t, dir, string(rune('A'+i)), database, s.watch, false)
		r.logPath = filepath.Join(logs, r.name+".log")
		s.replicas = append(s.replicas, r)
		r.start(t)
		s.folderRate(files[i**flagRate:(i+1)**flagRate], i+1)
	}
	for _, r := range s.replicas {
		r.stop(t)
	}
}
