package ingest_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/rs/zerolog"

	"github.com/pactd/pactd/ingest"
)

// TestIMAPSourceSizeFromMaxFile checks that intake.max_file_mb bounds mail
// as it bounds the folder: a workbook just under it reaches the Processor,
// one over it is quarantined with a reason that names the configured size.
func TestIMAPSourceSizeFromMaxFile(t *testing.T) {
	m := startMemServer(t, imap.CapSet{imap.CapIMAP4rev1: {}})
	c := m.client(t)
	appendRaw(t, c, "INBOX", message(t, "ain@ain.fr", "Juste", map[string][]byte{"juste.xlsx": bytes.Repeat([]byte("x"), 1000<<10)}))
	appendRaw(t, c, "INBOX", message(t, "ain@ain.fr", "Trop gros", map[string][]byte{"gros.xlsx": bytes.Repeat([]byte("x"), 1100<<10)}))
	store := openStore(t)
	rec := &recorder{store: store}
	src, err := ingest.NewIMAPSource(ingest.IMAPConfig{URL: m.url(), Poll: time.Hour, MaxFileSize: 1 << 20, Auth: noAuth},
		store, rec, &ackRecorder{}, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	stop := runSource(t, src)
	waitFor(t, 10*time.Second, "both handled", func() bool { return src.Stats().Processed+src.Stats().Quarantined == 2 })
	stop()
	if calls := rec.Calls(); len(calls) != 1 {
		t.Errorf("the Processor saw %d workbooks, want the one under 1 Mo", len(calls))
	}
	q, err := store.QuarantineEntries(context.Background(), time.Time{})
	if err != nil || len(q) != 1 {
		t.Fatalf("%d quarantine entries, %v; want 1", len(q), err)
	}
	if want := "La pièce jointe « gros.xlsx » dépasse la taille maximale acceptée (1 Mo) : elle n'a pas été lue."; q[0].Reason != want {
		t.Errorf("reason %q, want %q", q[0].Reason, want)
	}
}
