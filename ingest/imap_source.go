package ingest

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"mime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-message/charset"
	"github.com/rs/zerolog"

	"github.com/pactd/pactd/reconcile"
)

// IntakeStore is what the mailbox intake keeps in the database: its ledger
// and the quarantine of messages that bring no workbook (reconcile.Store
// has Quarantine; internal/sqlite and internal/postgres have both).
type IntakeStore interface {
	Ledger
	Quarantine(ctx context.Context, q *reconcile.QuarantineEntry) error
}

// IMAPSource reads one intake mailbox and runs every workbook attached to
// its messages through a Processor, exactly once.
//
// # How messages are found
//
// The intake moves every message it has dealt with out of the mailbox (to
// Traités or Quarantaine), so the mailbox holds only what is still to do.
// It does not rely on \Seen, which a person reading the mailbox sets, nor
// on \Recent. Per account, mailbox and UIDVALIDITY the ledger keeps a
// floor: every UID at or below it is settled. A scan asks UID SEARCH UID
// floor+1:* and, for each UID found: no ledger entry → fetch and process;
// entry "processed" → move it (a crash came between commit and move);
// entry "done" → skip. A ledger entry "processed" whose UID is no longer in
// the mailbox was moved before a crash: it is marked done. The floor then
// rises to just below the lowest UID not done, so a message that could not
// be processed (store down) is retried at the next scan and a mailbox with
// a long history costs one SEARCH over the unsettled range, not a look at
// every message.
//
// # When UIDVALIDITY changes
//
// Every UID is then new: the floor restarts at 0 under the new UIDVALIDITY
// and every message still in the mailbox is looked at again. A message
// recorded "processed" under an earlier UIDVALIDITY (committed but not
// moved when the change came) is recognised by its Message-ID and only
// moved, not processed again. Messages already moved are not in the
// mailbox any more. A message that comes back (a person moves it from
// Traités to the mailbox) gets a new UID and is processed again: that is
// how an admin replays a message.
//
// # Exactly once
//
// For each message: fetch envelope, header fields and body structure (a
// batch at a time), then only the workbook parts (BINARY.PEEK, or
// BODY.PEEK decoded here when the server lacks BINARY); process each part
// (the Processor commits it, acknowledgment included, idempotently on
// Origin.Key "imap:<account>/<mailbox>/<uidvalidity>/<uid>/<part>"); record
// "processed" with the destination folder; MOVE (or COPY, STORE \Deleted,
// EXPUNGE); record "done". The ledger's records of a batch's messages are
// written together, one transaction for each step. A crash between any two
// steps repeats at most the steps after the last one recorded, each
// harmless to repeat.
type IMAPSource struct {
	cfg    IMAPConfig
	target imapTarget
	store  IntakeStore
	proc   Processor
	ack    Acknowledger
	log    zerolog.Logger

	// Now is the clock of receptions; default time.Now.
	Now func() time.Time
	// Hook, when set, is called at named points of a message's handling:
	// "fetched" (parts in memory, nothing committed), "committed" (the
	// Processor returned for every part), "recorded" (ledger says
	// processed, before the move), "moved" (before the ledger says done).
	// Tests use it to kill the process there.
	Hook func(point string)
	// DebugWriter receives the raw IMAP exchange (credentials included:
	// tests only).
	DebugWriter io.Writer

	lastContact atomic.Int64
	stats       imapCounters
	arrivals    Arrivals // order of the messages' workbooks among workers
	wake        chan struct{}
	health      atomic.Pointer[IMAPHealth]
	retryMu     sync.Mutex
	retryAt     map[uint32]time.Time // UID → when a failed message is tried again
	holder      string               // this replica, in the mailbox's lease
	standby     atomic.Bool          // waiting for the lease another replica holds
}

// IMAPHealth is what went wrong last with a source, for /healthz and the
// status page.
type IMAPHealth struct {
	// LastError is the last session error (no password: the URL's
	// password never appears in errors), "" when none.
	LastError   string
	LastErrorAt time.Time
	// AuthRefused is true from a refused login until a login succeeds.
	AuthRefused bool
}

type imapCounters struct {
	fetched, processed, quarantined, errors atomic.Int64
	auth                                    authCounters
}

// IMAPStats counts what a source did since it started.
type IMAPStats struct {
	Fetched     int64 // messages whose parts were fetched
	Processed   int64 // messages moved to the processed folder
	Quarantined int64 // messages moved to the quarantine folder
	Errors      int64 // scans or sessions that failed
	// AuthFailures counts the messages quarantined because their sender
	// was not authenticated, by the check that failed.
	AuthFailures map[AuthCheck]int64
}

// NewIMAPSource returns the intake of the mailbox cfg.URL names. ack may be
// nil (no reply to messages without a workbook). It checks the URL; the
// connection is made by Run.
func NewIMAPSource(cfg IMAPConfig, store IntakeStore, p Processor, ack Acknowledger, log zerolog.Logger) (*IMAPSource, error) {
	t, err := parseIMAPURL(cfg.URL)
	if err != nil {
		return nil, err
	}
	c := cfg.withDefaults()
	return &IMAPSource{cfg: c, target: t, store: store, proc: p, ack: ack,
		log:  log.With().Str("imap_account", t.account()).Str("mailbox", t.mailbox).Logger(),
		wake: make(chan struct{}, 1), holder: replicaName()}, nil
}

// Account returns "user@host" of the mailbox.
func (s *IMAPSource) Account() string { return s.target.account() }

// LastContact returns when the server last answered, for /healthz; zero
// before the first contact.
func (s *IMAPSource) LastContact() time.Time {
	n := s.lastContact.Load()
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}

// Stats returns the counters of the source, for the metrics.
func (s *IMAPSource) Stats() IMAPStats {
	return IMAPStats{Fetched: s.stats.fetched.Load(), Processed: s.stats.processed.Load(),
		Quarantined: s.stats.quarantined.Load(), Errors: s.stats.errors.Load(), AuthFailures: s.stats.auth.snapshot()}
}

// Wake asks for a scan now (the scheduler's polling job may call it).
func (s *IMAPSource) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *IMAPSource) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *IMAPSource) contact() { s.lastContact.Store(time.Now().UnixNano()) }

func (s *IMAPSource) hook(point string) {
	if s.Hook != nil {
		s.Hook(point)
	}
}

// Run reads the mailbox until ctx is done: connect, scan, wait for new mail
// (IDLE, or Poll), scan again; after the server drops or refuses, reconnect
// with exponential back-off from MinBackoff to MaxBackoff, and after a
// refused login from AuthMinBackoff to AuthMaxBackoff (Health then says
// so). It returns nil when ctx is done, and an error only for what
// retrying cannot fix: plain IMAP to a host that is not loopback.
func (s *IMAPSource) Run(ctx context.Context) error { return s.RunGraceful(ctx, ctx) }

// runSessions is RunGraceful without the lease.
func (s *IMAPSource) runSessions(stop, work context.Context) error {
	backoff, authBackoff := s.cfg.MinBackoff, s.cfg.AuthMinBackoff
	for {
		started := time.Now()
		err := s.session(stop, work)
		if stop.Err() != nil || work.Err() != nil {
			return nil
		}
		if errors.Is(err, ErrPlainIMAP) {
			s.setHealth(err, false)
			return err
		}
		s.stats.errors.Add(1)
		wait := backoff
		if isAuthFailure(err) {
			s.setHealth(err, true)
			wait = authBackoff
			authBackoff = min(2*authBackoff, s.cfg.AuthMaxBackoff)
			s.log.Error().Err(err).Dur("retry_in", wait).Msg("IMAP login refused: fix the password in the configuration")
		} else {
			s.setHealth(err, s.Health().AuthRefused) // cleared by a login
			if time.Since(started) > 2*s.cfg.MaxBackoff {
				backoff = s.cfg.MinBackoff // it worked for a while: start over
			}
			wait = backoff
			backoff = min(2*backoff, s.cfg.MaxBackoff)
			s.log.Warn().Err(err).Dur("retry_in", wait).Msg("IMAP session ended")
		}
		select {
		case <-stop.Done():
			return nil
		case <-work.Done():
			return nil
		case <-time.After(wait):
		}
	}
}

// Health returns what went wrong last with the source.
func (s *IMAPSource) Health() IMAPHealth {
	if h := s.health.Load(); h != nil {
		return *h
	}
	return IMAPHealth{}
}

func (s *IMAPSource) setHealth(err error, authRefused bool) {
	s.health.Store(&IMAPHealth{LastError: err.Error(), LastErrorAt: time.Now(), AuthRefused: authRefused})
}

// loginSucceeded clears AuthRefused, keeping the last error for display.
func (s *IMAPSource) loginSucceeded() {
	if h := s.Health(); h.AuthRefused {
		h.AuthRefused = false
		s.health.Store(&h)
		s.log.Info().Msg("IMAP login accepted again")
	}
}

func isAuthFailure(err error) bool {
	var ie *imap.Error
	return errors.As(err, &ie) && (ie.Code == imap.ResponseCodeAuthenticationFailed ||
		ie.Code == imap.ResponseCodeAuthorizationFailed)
}

// session connects, scans and waits for mail until stop is done or the
// connection fails. Messages are handled on work, which also closes the
// connection when cancelled.
func (s *IMAPSource) session(stop, work context.Context) error {
	newMail := make(chan struct{}, 1)
	c, err := s.dial(stop, &imapclient.UnilateralDataHandler{
		Mailbox: func(d *imapclient.UnilateralDataMailbox) {
			if d.NumMessages != nil {
				select {
				case newMail <- struct{}{}:
				default:
				}
			}
		},
	})
	if err != nil {
		return err
	}
	defer c.Close()
	unhook := context.AfterFunc(work, func() { c.Close() })
	defer unhook()

	if err := c.Login(s.target.user, s.target.pass).Wait(); err != nil {
		return fmt.Errorf("log in to %s as %s: %w", s.target.addr, s.target.user, err)
	}
	s.contact()
	s.loginSucceeded()
	if stop.Err() != nil {
		return nil
	}
	if err := s.ensureFolders(c); err != nil {
		return err
	}
	idle := !s.cfg.NoIdle && c.Caps().Has(imap.CapIdle)
	s.log.Info().Bool("idle", idle).Bool("binary", c.Caps().Has(imap.CapBinary)).
		Bool("move", c.Caps().Has(imap.CapMove)).Msg("IMAP session started")
	for {
		sel, err := c.Select(s.target.mailbox, nil).Wait()
		if err != nil {
			return fmt.Errorf("select mailbox %s: %w", s.target.mailbox, err)
		}
		s.contact()
		found, err := s.scan(work, stop, c, sel.UIDValidity)
		if err != nil {
			return err
		}
		select {
		case <-newMail:
			// EXISTS seen during the scan. After a scan that settled
			// new mail, more may have come while it worked (a burst):
			// scan again at once, for IDLE reports nothing that came
			// before it. After a scan that settled nothing (our own
			// moves, or a store that fails): wait.
			if found > 0 && stop.Err() == nil {
				continue
			}
		default:
		}
		if err := s.wait(stop, c, idle, newMail); err != nil {
			return err
		}
		if stop.Err() != nil {
			return nil
		}
	}
}

// wait returns when new mail may be there: IDLE saw EXISTS, Poll passed,
// Wake was called, or ctx is done.
func (s *IMAPSource) wait(ctx context.Context, c *imapclient.Client, idle bool, newMail <-chan struct{}) error {
	timer := time.NewTimer(s.cfg.Poll)
	defer timer.Stop()
	if !idle {
		select {
		case <-ctx.Done():
		case <-timer.C:
		case <-s.wake:
		case <-c.Closed():
			return errors.New("connection closed by the server")
		}
		return nil
	}
	cmd, err := c.Idle()
	if err != nil {
		return fmt.Errorf("start IDLE: %w", err)
	}
	s.contact()
	select {
	case <-ctx.Done():
		return nil // the session ends and closes the client
	case <-timer.C:
	case <-s.wake:
	case <-newMail:
	case <-c.Closed():
		return errors.New("connection closed by the server during IDLE")
	}
	if err := cmd.Close(); err != nil {
		return fmt.Errorf("stop IDLE: %w", err)
	}
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("stop IDLE: %w", err)
	}
	return nil
}

// dial connects with implicit TLS, STARTTLS, or plain to loopback when the
// server offers no STARTTLS.
func (s *IMAPSource) dial(ctx context.Context, h *imapclient.UnilateralDataHandler) (*imapclient.Client, error) {
	opts := &imapclient.Options{
		TLSConfig:             s.tlsConfig(),
		DebugWriter:           s.DebugWriter,
		UnilateralDataHandler: h,
		WordDecoder:           &mime.WordDecoder{CharsetReader: charset.Reader},
	}
	// go-imap dials without a context: bound the dial, then rely on
	// closing the client when ctx is done.
	dialCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	type result struct {
		c   *imapclient.Client
		err error
	}
	ch := make(chan result, 1)
	go func() {
		c, err := s.dialNow(opts)
		ch <- result{c, err}
	}()
	select {
	case r := <-ch:
		return r.c, r.err
	case <-dialCtx.Done():
		go func() {
			if r := <-ch; r.c != nil {
				r.c.Close()
			}
		}()
		return nil, fmt.Errorf("connect to %s: %w", s.target.addr, dialCtx.Err())
	}
}

func (s *IMAPSource) dialNow(opts *imapclient.Options) (*imapclient.Client, error) {
	t := s.target
	if t.implicitTLS {
		c, err := imapclient.DialTLS(t.addr, opts)
		if err != nil {
			return nil, fmt.Errorf("connect to %s with TLS: %w", t.addr, err)
		}
		return c, c.WaitGreeting()
	}
	c, err := imapclient.DialInsecure(t.addr, opts)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", t.addr, err)
	}
	if !c.Caps().Has(imap.CapStartTLS) {
		if !loopbackHost(t.host) {
			c.Close()
			return nil, fmt.Errorf("connect to %s: the server offers no STARTTLS: %w", t.addr, ErrPlainIMAP)
		}
		return c, c.WaitGreeting()
	}
	c.Close() // offered: go-imap upgrades only a fresh connection
	c, err = imapclient.DialStartTLS(t.addr, opts)
	if err != nil {
		return nil, fmt.Errorf("connect to %s with STARTTLS: %w", t.addr, err)
	}
	return c, nil
}

func (s *IMAPSource) tlsConfig() *tls.Config {
	cfg := &tls.Config{}
	if s.cfg.TLSConfig != nil {
		cfg = s.cfg.TLSConfig.Clone()
	}
	if cfg.ServerName == "" {
		cfg.ServerName = s.target.host
	}
	return cfg
}

// ensureFolders creates the processed and quarantine folders when missing.
func (s *IMAPSource) ensureFolders(c *imapclient.Client) error {
	for _, name := range []string{s.cfg.Processed, s.cfg.Quarantine} {
		err := c.Create(name, nil).Wait()
		var ie *imap.Error
		if err != nil && !(errors.As(err, &ie) && ie.Code == imap.ResponseCodeAlreadyExists) {
			return fmt.Errorf("create folder %s: %w", name, err)
		}
	}
	return nil
}
