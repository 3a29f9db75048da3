package ingest_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/reconcile"
)

// TestIMAPParallelKeepsArrivalOrder: three messages read by a mailbox with
// three workers, the first two the Ain's report sent twice, the last the
// Aisne's. The first one's look at earlier reports is slow; the second
// waits for it and is recorded after it, while the Aisne's is not held up.
func TestIMAPParallelKeepsArrivalOrder(t *testing.T) {
	p, st, reg := newPipeline(t)
	slow := &slowFirstLook{Store: st, siren: ainSIREN, delay: 400 * time.Millisecond}
	p.Store = slow
	sender := func(siren string) string {
		for _, s := range reg.Contract(siren).Territory.Senders {
			if strings.HasPrefix(s, "@") {
				return "cls" + s
			}
			return s
		}
		t.Fatalf("no sender for %s in the sample register", siren)
		return ""
	}
	m := startMemServer(t, fullCaps)
	c := m.client(t)
	first := filledWorkbook(t, reg, ainSIREN, nil)
	second := filledWorkbook(t, reg, ainSIREN, func(code string, state, territory *float64) { *territory += 10 })
	aisne := filledWorkbook(t, reg, "220200026", nil)
	appendRaw(t, c, "INBOX", message(t, sender(ainSIREN), "Rapport v1", map[string][]byte{"ain-v1.xlsx": first}))
	appendRaw(t, c, "INBOX", message(t, sender(ainSIREN), "Rapport v2", map[string][]byte{"ain-v2.xlsx": second}))
	appendRaw(t, c, "INBOX", message(t, sender("220200026"), "Rapport", map[string][]byte{"aisne.xlsx": aisne}))
	src := newSource(t, m, ingest.IMAPConfig{Auth: noAuth, Poll: time.Hour, Workers: 3}, p, st)
	stop := runSource(t, src)
	waitFor(t, 20*time.Second, "three messages moved", func() bool { return src.Stats().Processed+src.Stats().Quarantined == 3 })
	stop()
	if q := src.Stats().Quarantined; q != 0 {
		t.Fatalf("%d messages quarantined, want none", q)
	}
	subs, err := st.Submissions(context.Background(), reconcile.SubmissionFilter{SIREN: ainSIREN})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]reconcile.Submission{}
	for _, s := range subs {
		byName[s.FileName] = s
	}
	v1, v2 := byName["ain-v1.xlsx"], byName["ain-v2.xlsx"]
	if v1.ID == 0 || v2.ID == 0 || v1.ID > v2.ID {
		t.Errorf("the Ain's messages recorded as v1 #%d, v2 #%d; want v1 first", v1.ID, v2.ID)
	}
	slow.mu.Lock()
	order := append([]string(nil), slow.order...)
	slow.mu.Unlock()
	if len(order) != 3 || order[0] != "220200026" {
		t.Errorf("earlier reports read for %v; want the Aisne first, not held up by the Ain", order)
	}
}

// TestIMAPMailDuringScanNotLeftWaiting: mail that arrives while a scan is
// working (a deadline-day burst) is taken at once after it, not at the
// next poll: IDLE reports nothing that came before it.
func TestIMAPMailDuringScanNotLeftWaiting(t *testing.T) {
	m := startMemServer(t, fullCaps)
	c := m.client(t)
	appendRaw(t, c, "INBOX", message(t, "ain@ain.fr", "Premier", map[string][]byte{"a.xlsx": []byte("premier")}))
	store := openStore(t)
	rec := &recorder{store: store}
	var once sync.Once
	p := processorFunc(func(ctx context.Context, in ingest.Incoming) (ingest.Outcome, error) {
		once.Do(func() {
			for i := range 3 {
				appendRaw(t, c, "INBOX", message(t, "ain@ain.fr", fmt.Sprint("Pendant ", i), map[string][]byte{"b.xlsx": []byte(fmt.Sprint("pendant ", i))}))
			}
			time.Sleep(100 * time.Millisecond) // the server's EXISTS reach the source during the scan
		})
		return rec.Process(ctx, in)
	})
	src := newSource(t, m, ingest.IMAPConfig{Auth: noAuth, Poll: time.Hour, Workers: 1}, p, store)
	runSource(t, src)
	waitFor(t, 10*time.Second, "the mail that came during the first scan", func() bool { return len(rec.Calls()) == 4 })
}
