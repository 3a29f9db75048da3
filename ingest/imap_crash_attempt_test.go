package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/rs/zerolog"

	"github.com/pactd/pactd/ingest"
)

// TestIMAPCrashCountsAsAttempt: a message that killed the process while
// being processed, max_attempts times (the attempts the dead processes
// counted before processing it), is set aside at the next start without
// being processed again, and the message behind it is processed.
func TestIMAPCrashCountsAsAttempt(t *testing.T) {
	m := startMemServer(t, fullCaps)
	st := openStore(t)
	rec := &recorder{store: st}
	c := m.client(t)
	appendRaw(t, c, "INBOX", message(t, "ain@example.test", "tueur", map[string][]byte{"tueur.xlsx": {1}}))
	appendRaw(t, c, "INBOX", message(t, "ain@example.test", "suivant", map[string][]byte{"suivant.xlsx": {2}}))
	sel, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		t.Fatal(err)
	}
	c.Unselect().Wait()
	ctx := context.Background()
	defer ingest.SetLoopbackCheck(func(string) bool { return true })()
	src, err := ingest.NewIMAPSource(ingest.IMAPConfig{URL: m.url(), Poll: 100 * time.Millisecond, NoIdle: true,
		Auth: ingest.SenderAuth{Disabled: true}, Attempts: &ingest.Attempts{Store: st, Max: 2}}, st, rec, nil, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	key := fmt.Sprintf("imap:%s/INBOX/%d/1", src.Account(), sel.UIDValidity)
	for range 2 { // two processes died on it
		if _, _, err := st.BeginAttempt(ctx, key, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	stop := runSource(t, src)
	waitFor(t, 5*time.Second, "both messages moved", func() bool {
		return count(t, c, "Traités") == 1 && count(t, c, "Quarantaine") == 1
	})
	stop()
	for _, k := range rec.Calls() {
		if strings.Contains(k, fmt.Sprintf("/INBOX/%d/1/", sel.UIDValidity)) {
			t.Errorf("the message that killed the process was processed again: %s", k)
		}
	}
	if len(rec.Calls()) != 1 {
		t.Errorf("processed %v, want the second message only", rec.Calls())
	}
	qs, err := st.QuarantineEntries(ctx, time.Time{})
	if err != nil || len(qs) != 1 || !strings.Contains(qs[0].Reason, "arrêt brutal") {
		t.Fatalf("quarantine = %+v (%v), want the message with a reason saying the process stopped", qs, err)
	}
}

// TestIMAPFailedMessageWaitsRetry: a message whose attempt failed is not
// tried again before Retry, however often the mailbox is scanned, while
// the messages behind it are processed at once.
func TestIMAPFailedMessageWaitsRetry(t *testing.T) {
	m := startMemServer(t, fullCaps)
	st := openStore(t)
	rec := &recorder{store: st}
	var failures atomic.Int64
	p := processorFunc(func(ctx context.Context, in ingest.Incoming) (ingest.Outcome, error) {
		if in.Name == "malade.xlsx" {
			failures.Add(1)
			return ingest.Outcome{}, errors.New("acknowledgment PDF: font cache busy")
		}
		return rec.Process(ctx, in)
	})
	c := m.client(t)
	appendRaw(t, c, "INBOX", message(t, "ain@example.test", "malade", map[string][]byte{"malade.xlsx": {1}}))
	src := newSource(t, m, ingest.IMAPConfig{Auth: ingest.SenderAuth{Disabled: true}, Poll: 50 * time.Millisecond, NoIdle: true,
		Retry: time.Hour, Attempts: &ingest.Attempts{Store: st, Max: 3}}, p, st)
	runSource(t, src)
	waitFor(t, 5*time.Second, "the first attempt", func() bool { return failures.Load() == 1 })
	for i := range 3 {
		appendRaw(t, c, "INBOX", message(t, "ain@example.test", fmt.Sprint("bon", i),
			map[string][]byte{fmt.Sprint("bon", i, ".xlsx"): {byte(10 + i)}}))
	}
	waitFor(t, 5*time.Second, "the messages behind it processed", func() bool { return count(t, c, "Traités") == 3 })
	time.Sleep(300 * time.Millisecond) // several more scans
	if n := failures.Load(); n != 1 {
		t.Errorf("the failed message was tried %d times within its Retry, want once", n)
	}
	if n := count(t, c, "INBOX"); n != 1 {
		t.Errorf("INBOX holds %d messages, want the failed one, kept for later", n)
	}
}
