package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// TestStatusShowsQuarantine checks that pactd status counts the quarantine
// and lists its newest entries after the outbox, and that --json carries
// them all, newest first.
func TestStatusShowsQuarantine(t *testing.T) {
	path, st := rcStore(t, rcRegister())
	ctx := context.Background()
	base := time.Date(2026, 4, 1, 9, 0, 0, 0, reconcile.Paris)
	for i := range 12 {
		q := &reconcile.QuarantineEntry{ReceivedAt: base.Add(time.Duration(i) * time.Hour),
			Origin:   reconcile.Origin{Kind: reconcile.OriginEmail, Sender: fmt.Sprintf("dgs%d@ain.fr", i), Key: fmt.Sprintf("k%d", i)},
			FileName: fmt.Sprintf("rapport-%d.xlsx", i), Reason: fmt.Sprintf("Le classeur n°%d est illisible.", i),
			Content: []byte(fmt.Sprintf("bytes %d", i))}
		if err := st.Quarantine(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	code, out, stderr := rcRun(t, path, "status")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Quarantaine : 12 éléments mis de côté.", "Les 10 plus récents :", "01/04/2026 20:00",
		"dgs11@ain.fr", "rapport-11.xlsx", "Le classeur n°11 est illisible.", "rapport-2.xlsx"} {
		if !strings.Contains(out, want) {
			t.Errorf("status lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "rapport-1.xlsx") {
		t.Errorf("status lists more than the 10 newest entries:\n%s", out)
	}
	if strings.Index(out, "Quarantaine") < strings.Index(out, "Courriels sortants") {
		t.Errorf("quarantine section before the outbox one:\n%s", out)
	}

	code, out, stderr = rcRun(t, path, "status", "--json")
	if code != exitOK {
		t.Fatalf("--json: exit %d: %s", code, stderr)
	}
	var got struct {
		Quarantine []quarantineStatusEntry `json:"quarantine"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Quarantine) != 12 {
		t.Fatalf("got %d quarantine entries, want 12", len(got.Quarantine))
	}
	first := got.Quarantine[0]
	if first.File != "rapport-11.xlsx" || first.Sender != "dgs11@ain.fr" || first.Kind != string(reconcile.OriginEmail) ||
		first.Reason != "Le classeur n°11 est illisible." || !first.ReceivedAt.Equal(base.Add(11*time.Hour)) {
		t.Errorf("newest entry %+v", first)
	}
}
