package web_test

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/internal/storetest"
	"github.com/pactd/pactd/internal/web"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/samples"
	"github.com/pactd/pactd/templates"
)

// ackStore is a SQLite store with the sample register (the real size) and
// one submission of the Ain with findings on cells, received n times.
func ackStore(tb testing.TB, n int) (*sqlite.Store, int64, []reconcile.Receipt) {
	tb.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(tb.TempDir(), "pactd.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	reg, err := templates.ReadRegister(samples.Register(), "registre.xlsx")
	if err != nil {
		tb.Fatal(err)
	}
	version, err := st.SaveRegister(ctx, reg)
	if err != nil {
		tb.Fatal(err)
	}
	var rcs []reconcile.Receipt
	for i := range n {
		sub := storetest.Sample(1, "220100010", 2025, 20, 50_000)
		sub.RegisterVersion = version
		for k := range 8 {
			f := reconcile.NewFinding(reconcile.ValeurManquante, fmt.Sprintf("La cellule Actions!H%d est vide.", 9+3*k))
			f.Cells, f.Action = []string{fmt.Sprintf("Actions!H%d", 9+3*k)}, fmt.Sprintf("ENF-%02d", 3+3*k)
			sub.Findings = append(sub.Findings, f)
		}
		sub.Origin.Key = fmt.Sprint("envoi-", i)
		rc, err := st.RecordSubmission(ctx, sub)
		if err != nil {
			tb.Fatal(err)
		}
		rcs = append(rcs, rc)
	}
	return st, rcs[0].SubmissionID, rcs
}

// TestStoreAcknowledgmentKeptCurrent: the same receipt twice gives the
// same document; once the submission is reconciled again with other
// findings, the document served is the new one.
func TestStoreAcknowledgmentKeptCurrent(t *testing.T) {
	st, id, rcs := ackStore(t, 1)
	ctx := context.Background()
	ack := web.StoreAcknowledgment(st, "depot@example.test")
	render := func() []byte {
		var buf bytes.Buffer
		if err := ack(ctx, &buf, id, rcs[0].Number); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	first, again := render(), render()
	if !bytes.HasPrefix(first, []byte("%PDF")) || !bytes.Equal(first, again) {
		t.Fatalf("two renderings of %s differ (or are not PDF)", rcs[0].Number)
	}
	if err := st.UpdateVerdict(ctx, id, 1, reconcile.Accepted, nil); err != nil {
		t.Fatal(err)
	}
	if after := render(); bytes.Equal(after, first) {
		t.Error("after a new reconciliation without findings, the acknowledgment served is still the old one")
	}
}

// BenchmarkStoreAcknowledgment serves an acknowledgment PDF from the store
// with the real-size register: "first" renders a receipt not served
// before, "again" one served before.
func BenchmarkStoreAcknowledgment(b *testing.B) {
	const receipts = 200 // more than the cache keeps: each "first" renders
	st, id, rcs := ackStore(b, receipts)
	ctx := context.Background()
	b.Run("first", func(b *testing.B) {
		ack := web.StoreAcknowledgment(st, "depot@example.test")
		for i := range b.N {
			if err := ack(ctx, &bytes.Buffer{}, id, rcs[i%receipts].Number); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("again", func(b *testing.B) {
		ack := web.StoreAcknowledgment(st, "depot@example.test")
		for range b.N {
			if err := ack(ctx, &bytes.Buffer{}, id, rcs[0].Number); err != nil {
				b.Fatal(err)
			}
		}
	})
}
