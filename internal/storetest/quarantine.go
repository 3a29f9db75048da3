package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
)

func quarantine(t *testing.T, s reconcile.Store, q *reconcile.QuarantineEntry) {
	t.Helper()
	if err := s.Quarantine(context.Background(), q); err != nil {
		t.Fatalf("Quarantine(%s): %v", q.FileName, err)
	}
}

func testQuarantine(t *testing.T, s reconcile.Store) {
	ctx := context.Background()
	content := Bytes(77, 400)
	entries := []*reconcile.QuarantineEntry{
		{ReceivedAt: base.Add(2 * time.Hour), FileName: "rapport.xlsx", SIREN: "220100010",
			Origin:  reconcile.Origin{Kind: reconcile.OriginEmail, Sender: "pirate@example.org", Key: "imap:a/INBOX/1/5/2"},
			Reason:  "L'expéditeur pirate@example.org n'est pas autorisé pour le territoire 220100010.",
			Content: content,
			Findings: []reconcile.Finding{{Code: reconcile.ExpediteurNonAutorise, Severity: reconcile.Bloquant,
				SIREN: "220100010", Actual: reconcile.TextValue("pirate@example.org"), Message: "Expéditeur non autorisé."}}},
		{ReceivedAt: base, Origin: reconcile.Origin{Kind: reconcile.OriginEmail, Sender: "x@ain.fr"},
			Reason: "Le message ne contient aucun classeur."},
		{ReceivedAt: base.Add(time.Hour), FileName: "scan.pdf", SHA256: Sum(Bytes(78, 10)),
			Origin: reconcile.Origin{Kind: reconcile.OriginFolder, Path: "/depot/scan.pdf"},
			Reason: "Le fichier n'est pas un classeur Excel.", Content: Bytes(78, 10)},
	}
	for _, q := range entries {
		quarantine(t, s, q)
		if q.ID <= 0 {
			t.Errorf("entry %s: ID %d not set", q.FileName, q.ID)
		}
	}
	if entries[0].SHA256 != Sum(content) {
		t.Errorf("SHA256 = %q, want it computed from the bytes", entries[0].SHA256)
	}
	got, err := s.QuarantineEntries(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	order := []*reconcile.QuarantineEntry{entries[1], entries[2], entries[0]}
	if len(got) != len(order) {
		t.Fatalf("%d entries, want %d", len(got), len(order))
	}
	for i, w := range order {
		g := got[i]
		checkUTC(t, "quarantine ReceivedAt", g.ReceivedAt, w.ReceivedAt)
		if g.Content != nil {
			t.Errorf("entry %d: Content loaded", g.ID)
		}
		want := *w
		want.Content, want.ReceivedAt, g.ReceivedAt = nil, time.Time{}, time.Time{}
		if !reflect.DeepEqual(g, want) {
			t.Errorf("entry %d:\n got %+v\nwant %+v", i, g, want)
		}
	}
	// since is inclusive, to the nanosecond.
	since, err := s.QuarantineEntries(ctx, base.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(since) != 2 || since[0].ID != entries[2].ID || since[1].ID != entries[0].ID {
		t.Errorf("QuarantineEntries(base+1h) = %+v, want the last two", since)
	}
	after, err := s.QuarantineEntries(ctx, base.Add(time.Hour+time.Nanosecond))
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != 1 || after[0].ID != entries[0].ID {
		t.Errorf("QuarantineEntries(base+1h+1ns) = %+v, want the last one", after)
	}
	bad := &reconcile.QuarantineEntry{ReceivedAt: base, Reason: "x", SHA256: Sum([]byte("a")), Content: []byte("b")}
	if err := s.Quarantine(ctx, bad); err == nil {
		t.Errorf("Quarantine with a SHA-256 that does not match the bytes: no error")
	}
}

func testQuarantineIdempotent(t *testing.T, s reconcile.Store) {
	ctx := context.Background()
	q := &reconcile.QuarantineEntry{ReceivedAt: base, Reason: "Message illisible.", Content: []byte("From: ?"),
		Origin: reconcile.Origin{Kind: reconcile.OriginEmail, Key: "imap:a/INBOX/1/9"}}
	quarantine(t, s, q)
	replay := *q
	replay.ID = 0
	replay.ReceivedAt = base.Add(time.Minute)
	replay.Reason = "Autre raison."
	quarantine(t, s, &replay)
	if replay.ID != q.ID {
		t.Errorf("replayed entry ID = %d, want the first one's %d", replay.ID, q.ID)
	}
	noKey := &reconcile.QuarantineEntry{ReceivedAt: base, Reason: "Sans clé."}
	quarantine(t, s, noKey)
	quarantine(t, s, &reconcile.QuarantineEntry{ReceivedAt: base, Reason: "Sans clé."})
	got, err := s.QuarantineEntries(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Reason != "Message illisible." {
		t.Errorf("entries = %+v, want the keyed one once (first reason) and two without key", got)
	}
}
