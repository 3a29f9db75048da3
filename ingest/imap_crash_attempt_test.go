package ingest_test

import (
	"context"
	"fmt"
	"strings"
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
