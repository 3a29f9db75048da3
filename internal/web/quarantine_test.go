package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/internal/web"
	"github.com/pactd/pactd/reconcile"
)

// TestOverviewQuarantine checks that the status page lists the quarantine,
// escaped, newest first, with a link that downloads the bytes set aside.
func TestOverviewQuarantine(t *testing.T) {
	var st *sqlite.Store
	f := newFixture(t, func(s *web.Server) {
		s.Quarantine = func(ctx context.Context, since time.Time) ([]reconcile.QuarantineEntry, error) {
			return st.QuarantineEntries(ctx, since)
		}
		s.QuarantineContent = func(ctx context.Context, id int64) ([]byte, error) { return st.QuarantineContent(ctx, id) }
	})
	st = f.st
	ctx := context.Background()
	_, _, body := f.get(t, "/?annee=2025")
	mustContain(t, body, "<h2 id=\"quarantaine\">Quarantaine</h2>", "Aucun élément en quarantaine.")

	old := &reconcile.QuarantineEntry{ReceivedAt: now.Add(-48 * time.Hour), Reason: "Le message ne contient aucun classeur.",
		Origin: reconcile.Origin{Kind: reconcile.OriginEmail, Sender: "inconnu@example.fr", Account: "depot@imap.example", Key: "q1"}}
	bytes := []byte("PK\x03\x04 not really a workbook")
	recent := &reconcile.QuarantineEntry{ReceivedAt: now.Add(-time.Hour), FileName: "<b>rapport</b>.xlsx", Content: bytes,
		Reason: "Le classeur est illisible <vraiment>.", Origin: reconcile.Origin{Kind: reconcile.OriginFolder, Path: "/depot/rapport.xlsx", Key: "q2"}}
	for _, q := range []*reconcile.QuarantineEntry{old, recent} {
		if err := st.Quarantine(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	_, _, body = f.get(t, "/?annee=2025")
	mustContain(t, body, "2 élément(s) mis de côté pour examen",
		"inconnu@example.fr (boîte depot@imap.example)", "Le message ne contient aucun classeur.",
		"dossier : /depot/rapport.xlsx", "&lt;b&gt;rapport&lt;/b&gt;.xlsx", "Le classeur est illisible &lt;vraiment&gt;.",
		"13/04/2026", "15/04/2026")
	mustNotContain(t, body, "<b>rapport")
	if strings.Index(body, "dossier : /depot") > strings.Index(body, "inconnu@example.fr") {
		t.Error("quarantine is not listed newest first")
	}
	link := "/quarantaine/" + itoa(recent.ID) + "?nom=%3Cb%3Erapport%3C%2Fb%3E.xlsx"
	if !strings.Contains(body, `href="`+strings.ReplaceAll(link, "&", "&amp;")+`"`) {
		t.Fatalf("page lacks the download link %q", link)
	}
	code, hdr, got := f.get(t, link)
	if code != 200 || got != string(bytes) {
		t.Errorf("download: got %d %q, want 200 and the quarantined bytes", code, got)
	}
	if cd := hdr.Get("Content-Disposition"); cd != `attachment; filename="quarantaine-`+itoa(recent.ID)+`.xlsx"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	if code, _, _ := f.get(t, "/quarantaine/"+itoa(old.ID)); code != 404 {
		t.Errorf("entry without content: got %d, want 404", code)
	}
	if code, _, _ := f.get(t, "/quarantaine/999"); code != 404 {
		t.Errorf("unknown entry: got %d, want 404", code)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
