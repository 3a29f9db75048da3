package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/archive"
	"github.com/pactd/pactd/reconcile"
)

// testArchive checks the files of the status site (archive.Store), which
// every store must keep so that every replica serves the same files.
func testArchive(t *testing.T, s reconcile.Store) {
	as, ok := s.(archive.Store)
	if !ok {
		t.Fatalf("%T does not keep the status site's files (archive.Store)", s)
	}
	ctx := context.Background()
	pdf, xlsx := Bytes(90, 3000), Bytes(91, 2000)
	day1 := base
	files := []archive.File{
		{Name: "rapport-hebdomadaire-2026-03-02.pdf", Kind: archive.WeeklyReport, ContentType: "application/pdf", Content: pdf, CreatedAt: day1},
		{Name: "rapport-hebdomadaire-2026-03-02.xlsx", Kind: archive.WeeklyReport,
			ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Content: xlsx, CreatedAt: day1},
	}
	if err := as.SaveFiles(ctx, files...); err != nil {
		t.Fatal(err)
	}
	if err := as.SaveFiles(ctx, archive.File{Name: "rapport-hebdomadaire-2026-03-09.pdf", Kind: archive.WeeklyReport,
		ContentType: "application/pdf", Content: []byte("v1"), CreatedAt: day1.Add(7 * 24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	// Built again the same day: replaced, not doubled.
	if err := as.SaveFiles(ctx, archive.File{Name: "rapport-hebdomadaire-2026-03-09.pdf", Kind: archive.WeeklyReport,
		ContentType: "application/pdf", Content: []byte("v2"), CreatedAt: day1.Add(7*24*time.Hour + time.Hour)}); err != nil {
		t.Fatal(err)
	}
	list, err := as.Files(ctx, archive.WeeklyReport)
	if err != nil || len(list) != 3 {
		t.Fatalf("Files = %d, %v; want 3", len(list), err)
	}
	if list[0].Name != "rapport-hebdomadaire-2026-03-09.pdf" || list[0].Size != 2 || list[0].Content != nil ||
		list[1].Name != "rapport-hebdomadaire-2026-03-02.pdf" || list[2].Size != int64(len(xlsx)) || !list[1].CreatedAt.Equal(day1) {
		t.Errorf("Files, newest first without content: %+v", list)
	}
	got, err := as.File(ctx, "rapport-hebdomadaire-2026-03-02.pdf")
	if err != nil || string(got.Content) != string(pdf) || got.SHA256 != Sum(pdf) || got.ContentType != "application/pdf" {
		t.Errorf("File = %+v, %v", got, err)
	}
	if v2, _ := as.File(ctx, "rapport-hebdomadaire-2026-03-09.pdf"); v2 == nil || string(v2.Content) != "v2" {
		t.Errorf("the file saved again was not replaced: %+v", v2)
	}
	if _, err := as.File(ctx, "absent.pdf"); !errors.Is(err, reconcile.ErrNotFound) {
		t.Errorf("File(absent) = %v, want ErrNotFound", err)
	}
	if other, err := as.Files(ctx, "other"); err != nil || len(other) != 0 {
		t.Errorf("Files(other kind) = %v, %v", other, err)
	}
	// All or none: one bad file and nothing is saved.
	err = as.SaveFiles(ctx, archive.File{Name: "ok.pdf", Kind: archive.WeeklyReport, Content: []byte("x"), CreatedAt: day1},
		archive.File{Name: "", Kind: archive.WeeklyReport, CreatedAt: day1})
	if err == nil {
		t.Error("SaveFiles accepted a file without a name")
	}
	if _, err := as.File(ctx, "ok.pdf"); !errors.Is(err, reconcile.ErrNotFound) {
		t.Errorf("a refused SaveFiles saved part of its files: %v", err)
	}
}

// testPing checks that the store answers Ping (the read pool).
func testPing(t *testing.T, s reconcile.Store) {
	p, ok := s.(interface{ Ping(context.Context) error })
	if !ok {
		t.Fatalf("%T has no Ping", s)
	}
	if err := p.Ping(context.Background()); err != nil {
		t.Errorf("Ping = %v", err)
	}
}
