// Package web is pactd's HTTP side: a read-only status site in French,
// rendered on the server with html/template (no JavaScript), and, on a
// listener of its own (OpsHandler, metrics_addr), /healthz for Docker and
// supervisors and /metrics for Prometheus. Everything a territory wrote
// (names, file names, messages) is escaped by the templates.
//
// People log in (OpenID Connect, or one local administrator; see Auth) and
// see what their role allows (internal/auth): every route is declared in
// Routes with its Access, checked before its handler runs. Building blocks
// for new pages: PersonFrom (who asks, with role and territories),
// Route.Access and Route.Owner (who may reach a route, 404 otherwise),
// ScopeStatuses and ScopeSubmissions (keep what the person sees),
// Server.CSRFToken (the hidden field of a form; every POST is checked).
package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	stdlog "log"
	"net"
	"net/http"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/internal/archive"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// Source is what the status page reads; reconcile.Store satisfies it.
type Source interface {
	LatestRegister(ctx context.Context) (*reconcile.Register, error)
	Submissions(ctx context.Context, f reconcile.SubmissionFilter) ([]reconcile.Submission, error)
	Receipts(ctx context.Context, submissionID int64) ([]reconcile.Receipt, error)
	// Submission returns one submission without its bytes, or
	// reconcile.ErrNotFound (to know the territory of an object).
	Submission(ctx context.Context, id int64) (*reconcile.Submission, error)
}

// Archive is what the status page reads of the archived files;
// archive.Store satisfies it.
type Archive interface {
	Files(ctx context.Context, kind string) ([]archive.File, error)
	File(ctx context.Context, name string) (*archive.File, error)
}

// OutboxState is what the status page says about the outbox.
type OutboxState struct {
	Pending, Failed int
	OldestPending   time.Time // zero when nothing is pending
}

// Server holds what the handlers need. Source is required; a nil function
// field turns its part off (no mailbox, no outbox, no acknowledgments...).
type Server struct {
	Source Source
	// Auth says who may log in and see what; nil: no login, loopback only.
	Auth   *Auth
	Outbox func(ctx context.Context) (OutboxState, error)
	// Runs lists the newest runs of scheduled jobs, newest first.
	Runs func(ctx context.Context, limit int) ([]reconcile.JobRun, error)
	// Archive holds the weekly reports, "rapport-hebdomadaire-*.pdf" and
	// ".xlsx", listed and served by the status page from the database, so
	// that every replica serves the same ones (archive.Store).
	Archive Archive
	// Acknowledgment writes the acknowledgment PDF of the receipt of a
	// submission to w; it returns reconcile.ErrNotFound for an unknown one.
	Acknowledgment func(ctx context.Context, w io.Writer, submissionID int64, receipt string) error
	// Quarantine lists the quarantine entries received at or after since,
	// oldest first (reconcile.Store.QuarantineEntries).
	Quarantine func(ctx context.Context, since time.Time) ([]reconcile.QuarantineEntry, error)
	// QuarantineContent returns the bytes of a quarantine entry, or
	// reconcile.ErrNotFound.
	QuarantineContent func(ctx context.Context, id int64) ([]byte, error)
	// Weekly builds the weekly report's data of a year as it stands at
	// now (weekly.Build without recording; StoreWeekly): the overview and
	// the territory list show the same partition, charts and lists as the
	// Monday PDF. Nil: built from Source and Quarantine, without the
	// season's snapshots nor the reminders sent.
	Weekly func(ctx context.Context, year int, now time.Time) (*reports.Weekly, error)
	// Mail lists the outbox and puts messages back in the queue, for the
	// administrators' outbox page; nil hides the page's actions.
	Mail OutboxAdmin
	// Health returns the state of each part of the daemon (Checker.Check),
	// shown to administrators; nil when the daemon does not run here.
	Health func(ctx context.Context) Health
	// AuthWarnings returns the sender-authentication warnings of the
	// mailboxes (ingest.IMAPSource.AuthStatus().Warning), for administrators.
	AuthWarnings func() []string
	// SubmissionContent returns the bytes of a stored submission, for the
	// download of the received file and of the annotated workbook; nil
	// turns both downloads off.
	SubmissionContent func(ctx context.Context, id int64) ([]byte, error)
	// Service signs the annotated workbooks the site serves, as the
	// mailed ones are (reports.Service).
	Service reports.Service
	// Door lets territories download and upload workbooks (upload.go);
	// nil: closed.
	Door *Door
	Now  func() time.Time // default time.Now
	Log  zerolog.Logger
}

// securityHeaders forbids what the pages never need: scripts, frames,
// other origins.
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Frame-Options", "DENY")
		h.ServeHTTP(w, r)
	})
}

// NewHTTPServer returns an http.Server for h with timeouts that keep slow
// or idle clients from holding connections.
func NewHTTPServer(addr string, h http.Handler, log zerolog.Logger) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      60 * time.Second, // weekly reports are a few MB
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          stdlog.New(log.With().Str("component", "http").Logger(), "", 0),
	}
}

// Serve serves srv on ln until ctx is done, then shuts it down, waiting at
// most grace for requests in progress. It returns nil after a shutdown.
func Serve(ctx context.Context, srv *http.Server, ln net.Listener, grace time.Duration) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve HTTP on %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := srv.Shutdown(sctx)
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	if err != nil {
		srv.Close()
		return fmt.Errorf("shut down HTTP server on %s: %w", ln.Addr(), err)
	}
	return nil
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}
