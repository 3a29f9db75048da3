package mail

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/internal/health"
)

// Outbox delivers the messages of a Store through a Sender. Enqueue writes
// a message to the store and wakes the worker; Run is the worker loop. A
// message is sent once: it is claimed before the attempt and marked sent
// only when the server accepted it. The one window left is between the
// server's acceptance and the store's update: a crash there sends the
// message again on restart, with the same Message-ID.
//
// Nothing is lost silently. When the server cannot be used (not reached,
// TLS refused, credentials refused), every message stays pending, retried
// with back-off for as long as it takes, and State reports the outbox
// unhealthy with the reason. Only a recipient refused at RCPT (5xx) is
// refused for good, and for that recipient alone. A message the server
// keeps refusing (MAIL FROM, DATA) or a recipient it keeps deferring is
// given up after GiveUpAfter; Retry puts it back.
type Outbox struct {
	store  Store
	sender Sender
	log    zerolog.Logger

	// Now is the clock; default time.Now.
	Now func() time.Time
	// Interval between two looks at the store when nothing wakes the
	// worker; default 30 s.
	Interval time.Duration
	// MinBackoff and MaxBackoff bound the delay before a retry, which
	// doubles at each attempt; defaults 30 s and 1 h.
	MinBackoff, MaxBackoff time.Duration
	// GiveUpAfter is how long a message the server refuses, or a
	// recipient it defers, keeps being retried before the message is
	// marked failed; default 5 days, as mail servers do. It counts from
	// the message's creation or its last Retry. A server that cannot be
	// used never makes a message fail: see State.
	GiveUpAfter time.Duration
	// Delay is how long a message may wait before State reports the
	// outbox unhealthy (health.outbox_delay); default 1 h.
	Delay time.Duration
	// KeepAttachments is how long the attachments of a sent message are
	// kept (outbox.keep_attachments_days); 0 keeps them forever. Run
	// purges the older ones (PurgeAttachments) once an hour.
	KeepAttachments time.Duration
	// Batch is how many due messages one pass takes; default 50.
	Batch int
	// Senders is how many messages of a pass are sent at once, each over
	// a connection of its own; default 1. The daemon sends several so
	// that a deadline-day burst of acknowledgments does not wait on each
	// SMTP exchange (and the server's write to disk) in turn.
	Senders int
	// ClaimFor is how long an attempt holds its message against other
	// workers; default 5 min, above the SMTP timeouts. After a crash in
	// the middle of a send, the message is retried once it expires.
	ClaimFor time.Duration
	// StopGrace is how long a send in progress may go on once the context
	// of Run or Flush is done; default 10 s, within the SMTP timeouts.
	StopGrace time.Duration
	// Hook, when set, is called at named points ("claimed": before the
	// send; "accepted": the server took it, before the store knows).
	// Tests use it to kill the process there.
	Hook func(point string)

	wake      chan struct{}
	mu        sync.Mutex // one pass at a time in this process
	server    *health.Tracker
	lastPurge time.Time // of Run
}

// DaemonSenders is the outbox's Senders in pactd run: four SMTP sessions
// at once, which any relay accepts from one client, so that a deadline-day
// burst of acknowledgments overlaps the exchanges and the server's writes.
const DaemonSenders = 4

// NewOutbox returns an outbox over store that delivers through sender.
func NewOutbox(store Store, sender Sender, log zerolog.Logger) *Outbox {
	return &Outbox{store: store, sender: sender, log: log, wake: make(chan struct{}, 1),
		server: health.NewTracker(health.Outbox, "file d'envoi")}
}

func (o *Outbox) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// Enqueue stores m for delivery unless its Key is already in the outbox,
// then wakes the worker. It returns whether m was new; m.ID and m.State are
// set either way. m needs a Key, From, To and Raw.
func (o *Outbox) Enqueue(ctx context.Context, m *Message) (bool, error) {
	if m.Key == "" || m.From == "" || len(m.To) == 0 || len(m.Raw) == 0 {
		return false, fmt.Errorf("enqueue message %q: key, sender, recipients and content are required", m.Key)
	}
	now := o.now()
	m.State = Pending
	m.CreatedAt = now
	m.NextAttempt = now
	created, err := o.store.EnqueueMail(ctx, m)
	if err != nil {
		return false, fmt.Errorf("enqueue message %q: %w", m.Key, err)
	}
	if created {
		o.Wake()
	}
	return created, nil
}

// Wake makes the worker look at the store now. It never blocks.
func (o *Outbox) Wake() {
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// Run delivers due messages until ctx is done, at every wake-up and every
// Interval. It returns nil when ctx is done.
func (o *Outbox) Run(ctx context.Context) error {
	t := time.NewTicker(orDefault(o.Interval, 30*time.Second))
	defer t.Stop()
	for {
		if _, err := o.Flush(ctx); err != nil && ctx.Err() == nil {
			o.log.Error().Err(err).Msg("outbox pass")
		}
		o.purgeHourly(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-o.wake:
		}
	}
}

// FlushResult counts what one pass did.
type FlushResult struct {
	Sent, Retried, Failed int
}

// Flush makes one delivery attempt for every due message and returns what
// happened. A scheduled run that must know its message was accepted calls
// Flush, then Status.
func (o *Outbox) Flush(ctx context.Context) (FlushResult, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var res FlushResult
	for ctx.Err() == nil {
		due, err := o.store.DueMail(ctx, o.now(), orDefaultInt(o.Batch, 50))
		if err != nil {
			return res, fmt.Errorf("list due messages: %w", err)
		}
		if len(due) == 0 {
			return res, nil
		}
		progress, serverFault, err := o.deliverAll(ctx, due, &res)
		if err != nil || serverFault {
			return res, err
		}
		if !progress || len(due) < orDefaultInt(o.Batch, 50) {
			return res, nil
		}
	}
	return res, nil
}

// deliverAll makes one attempt for each message of due, in order, Senders
// at a time, and counts them in res. It stops taking messages at the first
// error or when the server cannot be used (the next messages would fail
// the same way: they are left due for the next pass, one connection
// attempt a pass and sender). It says whether any message was settled.
func (o *Outbox) deliverAll(ctx context.Context, due []Message, res *FlushResult) (progress, serverFault bool, err error) {
	var (
		mu   sync.Mutex
		next int
		wg   sync.WaitGroup
	)
	take := func() *Message {
		mu.Lock()
		defer mu.Unlock()
		if next >= len(due) || err != nil || serverFault || ctx.Err() != nil {
			return nil
		}
		next++
		return &due[next-1]
	}
	for range min(orDefaultInt(o.Senders, 1), len(due)) {
		wg.Go(func() {
			for m := take(); m != nil; m = take() {
				st, fault, e := o.deliver(ctx, m)
				mu.Lock()
				switch {
				case e != nil:
					err = cmp.Or(err, e)
				case fault:
					serverFault = true
					res.Retried++
				case st == Sent:
					res.Sent++
					progress = true
				case st == Failed:
					res.Failed++
					progress = true
				case st == Pending:
					res.Retried++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return progress, serverFault, err
}

func orDefaultInt(n, def int) int {
	if n > 0 {
		return n
	}
	return def
}

// deliver makes one attempt for m and records its outcome. It returns the
// new state, or "" when another worker holds the message, and whether the
// server could not be used.
func (o *Outbox) deliver(ctx context.Context, m *Message) (State, bool, error) {
	now := o.now()
	ok, err := o.store.ClaimMail(ctx, m.ID, now, now.Add(orDefault(o.ClaimFor, 5*time.Minute)))
	if err != nil {
		return "", false, fmt.Errorf("claim message %d: %w", m.ID, err)
	}
	if !ok {
		return "", false, nil
	}
	if o.Hook != nil {
		o.Hook("claimed")
	}
	// A send in progress when ctx is done (the daemon stopping) is let
	// finish for StopGrace: cutting it after the final dot would leave the
	// server with the message and the store without knowing, and the
	// message would leave twice.
	sendCtx, cancelSend := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelSend()
	stopWatch := context.AfterFunc(ctx, func() { time.AfterFunc(orDefault(o.StopGrace, 10*time.Second), cancelSend) })
	defer stopWatch()
	d, sendErr := o.sender.Send(sendCtx, m.From, m.To, m.Raw)
	accepted := o.now() // SentAt: when the server took it, not when it was claimed
	// What the server did is recorded even when stopping.
	ctx = context.WithoutCancel(ctx)
	if sendErr != nil && sendCtx.Err() != nil {
		// Stopping: the attempt does not count; release the claim.
		m.NextAttempt = now
		return Pending, false, o.update(context.WithoutCancel(ctx), m)
	}
	if len(d.Accepted) > 0 && o.Hook != nil {
		o.Hook("accepted")
	}
	m.Attempts++
	var se *SendError
	serverFault := false
	switch {
	case sendErr != nil && errors.As(sendErr, &se) && se.Server:
		// The server cannot be used: the message is not at fault and
		// waits, however long it takes; State says why.
		serverFault = true
		m.State, m.LastError = Pending, explain(sendErr)
		o.server.Failed(now, "Le serveur d'envoi ne peut pas être utilisé : "+reason(sendErr)+
			". Les courriels restent en attente et partiront dès que ce sera corrigé.")
	case sendErr != nil:
		// The server refused the message (MAIL FROM, DATA): retried, and
		// given up after GiveUpAfter.
		m.State, m.LastError = Pending, explain(sendErr)
		o.server.Succeeded(now)
	default:
		o.server.Succeeded(now)
		m.Delivered = append(m.Delivered, d.Accepted...)
		for _, r := range sortedKeys(d.Refused) {
			m.Refused = append(m.Refused, r+": "+d.Refused[r])
		}
		m.To = sortedKeys(d.Deferred)
		switch {
		case len(m.To) > 0:
			var reasons []string
			for _, r := range m.To {
				reasons = append(reasons, r+": "+d.Deferred[r])
			}
			m.State, m.LastError = Pending, strings.Join(reasons, "; ")
		case len(m.Delivered) == 0:
			m.State, m.LastError = Failed, "tous les destinataires ont été refusés : "+strings.Join(m.Refused, "; ")
		default:
			m.State, m.SentAt, m.LastError = Sent, accepted, ""
			if len(m.Refused) > 0 {
				m.LastError = "refusés : " + strings.Join(m.Refused, "; ")
			}
		}
	}
	if m.State == Pending {
		since := m.CreatedAt
		if m.RetriedAt.After(since) {
			since = m.RetriedAt
		}
		switch {
		case serverFault:
			// No growing back-off: a pass tries one message while the
			// server cannot be used, so once it is fixed (and pactd
			// restarted) mail leaves within MinBackoff, not an hour.
			m.NextAttempt = now.Add(o.backoff(1))
		case now.Sub(since) >= orDefault(o.GiveUpAfter, 5*24*time.Hour):
			m.State, m.LastError = Failed, "abandon après des refus répétés : "+m.LastError
		default:
			m.NextAttempt = now.Add(o.backoff(m.Attempts))
		}
	}
	if err := o.update(ctx, m); err != nil {
		return "", false, err
	}
	ev := o.log.Info()
	if m.State != Sent {
		ev = o.log.Warn().Str("error", m.LastError).Time("next_attempt", m.NextAttempt)
	}
	ev.Int64("mail_id", m.ID).Str("kind", m.Kind).Str("state", string(m.State)).
		Int("attempts", m.Attempts).Msg("outbox delivery")
	return m.State, serverFault, nil
}

func (o *Outbox) update(ctx context.Context, m *Message) error {
	if err := o.store.UpdateMail(ctx, m); err != nil {
		return fmt.Errorf("record delivery of message %d: %w", m.ID, err)
	}
	return nil
}

// backoff returns the delay before attempt n+1: MinBackoff doubled n-1
// times, at most MaxBackoff.
func (o *Outbox) backoff(n int) time.Duration {
	d := orDefault(o.MinBackoff, 30*time.Second)
	limit := orDefault(o.MaxBackoff, time.Hour)
	for i := 1; i < n && d < limit; i++ {
		d *= 2
	}
	return min(d, limit)
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Status returns the message enqueued with key, without its content.
func (o *Outbox) Status(ctx context.Context, key string) (*Message, error) {
	m, err := o.store.MailByKey(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("look up message %q: %w", key, err)
	}
	return m, nil
}

// Counts returns how many messages are pending and how many failed, for
// pactd status and the metrics.
func (o *Outbox) Counts(ctx context.Context) (pending, failed int, err error) {
	pending, failed, err = o.store.MailCounts(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("count outbox messages: %w", err)
	}
	return pending, failed, nil
}

// List returns messages of the outbox without content, newest first.
func (o *Outbox) List(ctx context.Context, f Filter) ([]Message, error) {
	ms, err := o.store.Mails(ctx, f)
	if err != nil {
		return nil, fmt.Errorf("list outbox messages: %w", err)
	}
	return ms, nil
}
