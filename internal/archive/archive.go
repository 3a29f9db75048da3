// Package archive holds the types of the files pactd keeps for its status
// site (the weekly reports, PDF and XLSX), which the stores keep in the
// database so that every replica serves the same files. It depends on the
// standard library only, so the stores (internal/sqlstore) implement Store
// without importing the packages that write or serve the files.
package archive

import (
	"context"
	"regexp"
	"time"
)

// Kinds of archived files.
const (
	// WeeklyReport is a weekly report or its annex,
	// "rapport-hebdomadaire-2026-11-30.pdf" or ".xlsx".
	WeeklyReport = "weekly_report"
)

// WeeklyReportName matches the names of weekly report files and captures
// the report's day and extension ("pdf" or "xlsx").
var WeeklyReportName = regexp.MustCompile(`^rapport-hebdomadaire-(\d{4}-\d{2}-\d{2})\.(pdf|xlsx)$`)

// Content types of the weekly report files.
const (
	PDF  = "application/pdf"
	XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// File is one archived file.
type File struct {
	// Name is unique among archived files and safe in a URL and a
	// Content-Disposition header: letters, digits, ".", "-" and "_".
	Name        string
	Kind        string
	ContentType string
	SHA256      string // hex, of Content
	Size        int64
	// Content is the bytes; Files leaves it nil.
	Content   []byte
	CreatedAt time.Time
}

// Store keeps archived files. Implementations: internal/sqlite and
// internal/postgres. Methods are safe for concurrent use.
type Store interface {
	// SaveFiles stores files in one transaction: all or none. A file whose
	// Name is already archived replaces it (a report built again the same
	// day). SHA256 and Size are computed from Content; CreatedAt must be
	// set.
	SaveFiles(ctx context.Context, files ...File) error
	// Files lists the archived files of kind ("" for all), without their
	// Content, newest first (by CreatedAt, then Name).
	Files(ctx context.Context, kind string) ([]File, error)
	// File returns the archived file called name with its Content, or
	// reconcile.ErrNotFound.
	File(ctx context.Context, name string) (*File, error)
}
