package ingest

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/internal/mailstate"
	"github.com/pactd/pactd/reconcile"
)

// DefaultMaxAttempts is how many times an item (a message, a file) is
// tried before it is set aside, when Attempts.Max is not set.
const DefaultMaxAttempts = 3

// AttemptStore counts the intake's attempts per item (internal/sqlite and
// internal/postgres implement it, in intake_attempts).
type AttemptStore interface {
	// BeginAttempt counts one more attempt on key before the item is
	// processed, and returns the count (this attempt included) and the
	// error the previous attempt ended with ("" when it crashed).
	BeginAttempt(ctx context.Context, key string, now time.Time) (int, string, error)
	// EndAttempt records how the attempt ended: succeeded deletes the
	// count, uncounted takes the attempt back, otherwise failure is kept.
	EndAttempt(ctx context.Context, key string, succeeded, uncounted bool, failure string, now time.Time) error
}

// Alerter tells the administrators about an item set aside. key makes the
// alert idempotent (one alert per item, even when told twice).
type Alerter interface {
	Alert(ctx context.Context, key, subject, text string) error
}

// Attempts isolates the faults of one item from the others: every attempt
// on an item is counted in Store before the item is processed (so a crash
// counts too), a panic in any stage becomes a failure of that item with its
// stack in the log, and an item that failed Max times is set aside (the
// caller quarantines it) and the administrators are told through Alert.
// The zero value recovers panics but counts nothing.
type Attempts struct {
	Store AttemptStore
	// Max is how many attempts an item gets; DefaultMaxAttempts when 0.
	Max   int
	Alert Alerter // nil: the log only
	// Observe, when set, is told of every item set aside outside the
	// pipeline (too large, unreadable, failed Max times), for the metrics.
	Observe func(kind reconcile.OriginKind, result string)
	Now     func() time.Time
	// Log receives what cannot be returned (a batch of succeeded attempts
	// not written); the zero value logs nothing.
	Log zerolog.Logger

	batch successBatch
}

func (a *Attempts) max() int {
	if a == nil || a.Max <= 0 {
		return DefaultMaxAttempts
	}
	return a.Max
}

func (a *Attempts) now() time.Time {
	if a == nil || a.Now == nil {
		return time.Now()
	}
	return a.Now()
}

// attempt is one attempt on an item.
type attempt struct {
	a     *Attempts
	key   string
	n     int       // attempts counted so far, this one included
	last  string    // how the previous attempt ended ("" when it crashed)
	began time.Time // when this attempt was counted
}

// begin counts an attempt on key. An error means the store cannot count:
// nothing must be processed, and the failure is not the item's.
func (a *Attempts) begin(ctx context.Context, key string) (*attempt, error) {
	at := &attempt{a: a, key: key, n: 1}
	if a == nil || a.Store == nil {
		return at, nil
	}
	at.began = a.now()
	n, last, err := a.Store.BeginAttempt(ctx, key, at.began)
	if err != nil {
		return nil, err
	}
	at.n, at.last = n, last
	return at, nil
}

// exhausted reports whether the item already failed Max times before this
// attempt (a crash included): it must be set aside without processing.
func (at *attempt) exhausted() bool { return at.n > at.a.max() }

// last reports whether this attempt is the item's last one.
func (at *attempt) final() bool { return at.n >= at.a.max() }

// succeeded forgets the item's attempts: in the next batch when the store
// writes batches (SuccessStore), at once otherwise.
func (at *attempt) succeeded(ctx context.Context) error {
	return at.succeededReleasing(ctx, "", "")
}

// succeededReleasing is succeeded, also releasing holder's claim on the
// folder file named claim in the same batch. The caller calls it only
// when a.batches(claims); otherwise it releases the claim itself.
func (at *attempt) succeededReleasing(ctx context.Context, claim, holder string) error {
	if at.a == nil || at.a.Store == nil {
		return nil
	}
	if _, ok := at.a.Store.(SuccessStore); ok {
		at.a.queue(mailstate.Succeeded{Key: at.key, Began: at.began, Claim: claim, Holder: holder})
		return nil
	}
	return at.a.Store.EndAttempt(ctx, at.key, true, false, "", at.a.now())
}

// batches reports whether the attempts are forgotten in batches by the
// store that also holds claims, so that a file's claim can be released in
// the same batch.
func (a *Attempts) batches(claims FolderClaims) bool {
	if a == nil || a.Store == nil || claims == nil {
		return false
	}
	_, ok := a.Store.(SuccessStore)
	return ok && sameStore(a.Store, claims)
}

// sameStore reports whether x and y are the same store (one database,
// one transaction possible across both roles).
func sameStore(x, y any) (same bool) {
	defer func() {
		if recover() != nil { // not comparable: not the same
			same = false
		}
	}()
	return x == y
}

// uncount takes the attempt back: the item was not at fault (stopping,
// still being written, another replica has it).
func (at *attempt) uncount(ctx context.Context) error {
	if at.a == nil || at.a.Store == nil {
		return nil
	}
	return at.a.Store.EndAttempt(context.WithoutCancel(ctx), at.key, false, true, "", at.a.now())
}

// failed records err as the item's last failure.
func (at *attempt) failed(ctx context.Context, err error) error {
	if at.a == nil || at.a.Store == nil {
		return nil
	}
	return at.a.Store.EndAttempt(ctx, at.key, false, false, err.Error(), at.a.now())
}

// reason is the French reason of an item set aside after its attempts,
// for the quarantine entry, the note and the alert.
func (at *attempt) reason(what string, last error) string {
	cause := at.last
	if last != nil {
		cause = last.Error()
		if errors.Is(last, errPanic) {
			cause = "erreur interne de pactd, à signaler à son équipe (" + cause + ")"
		}
	}
	n := at.n
	if at.exhausted() {
		n = at.a.max()
	}
	if cause == "" {
		cause = "le traitement s'est interrompu sans message (arrêt brutal du service pendant son traitement)"
	}
	return fmt.Sprintf("%s a fait échouer son traitement %d fois : il est mis de côté pour un administrateur. Dernière erreur : %s",
		what, n, cause)
}

// alert tells the administrators about an item set aside; a failure to
// tell them is logged, not returned (the item is quarantined already).
func (a *Attempts) alert(ctx context.Context, log zerolog.Logger, key, subject, text string) {
	if a == nil || a.Alert == nil {
		return
	}
	if err := a.Alert.Alert(ctx, key, subject, text); err != nil {
		log.Error().Err(err).Str("item", key).Msg("administrators not alerted")
	}
}

func (a *Attempts) observe(kind reconcile.OriginKind, result string) {
	if a != nil && a.Observe != nil {
		a.Observe(kind, result)
	}
}

// errPanic wraps a panic recovered in one stage of an item's handling.
var errPanic = errors.New("panic")

// safely runs fn and turns a panic into an error naming the stage and the
// panic, with the stack in the log: one item's crash never stops the
// intake.
func safely(log zerolog.Logger, stage string, fn func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			log.Error().Str("stage", stage).Str("panic", fmt.Sprint(p)).Str("stack", string(debug.Stack())).
				Msg("panic recovered: the item fails, the intake goes on")
			err = fmt.Errorf("%w in %s: %v", errPanic, stage, p)
		}
	}()
	return fn()
}
