package mail

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pactd/pactd/internal/mailstate"
	"github.com/pactd/pactd/reconcile"
)

// ErrAlreadySent is returned by Retry for a message the SMTP server
// already accepted.
var ErrAlreadySent = mailstate.ErrAlreadySent

// Retry puts message id back in the queue and wakes the worker: a failed
// message becomes pending again, with its recipients refused for good
// tried again and GiveUpAfter counted from now; a pending one is tried now
// rather than at its next back-off. It is what "pactd outbox retry ID" and
// an administrator's button on the status site call (the caller checks
// that the user is an administrator). It returns the message, without
// Raw, reconcile.ErrNotFound for an unknown id, or ErrAlreadySent.
func (o *Outbox) Retry(ctx context.Context, id int64) (*Message, error) {
	m, err := Retry(ctx, o.store, id, o.now())
	if err == nil {
		o.Wake()
	}
	return m, err
}

// RetryFailed puts every failed message back in the queue (Retry) and
// wakes the worker; it returns the messages requeued.
func (o *Outbox) RetryFailed(ctx context.Context) ([]Message, error) {
	ms, err := RetryFailed(ctx, o.store, o.now())
	if len(ms) > 0 {
		o.Wake()
	}
	return ms, err
}

// Retry is Outbox.Retry for a process that runs no outbox (a one-shot
// command): the daemon's outbox sends the message at its next pass (within
// its Interval, 30 s by default). now is the time of the request.
func Retry(ctx context.Context, store Store, id int64, now time.Time) (*Message, error) {
	m, err := store.RetryMail(ctx, id, now)
	switch {
	case errors.Is(err, reconcile.ErrNotFound), errors.Is(err, ErrAlreadySent):
		return m, err
	case err != nil:
		return nil, fmt.Errorf("retry message %d: %w", id, err)
	}
	return m, nil
}

// RetryFailed is Outbox.RetryFailed for a process that runs no outbox.
func RetryFailed(ctx context.Context, store Store, now time.Time) ([]Message, error) {
	failed, err := store.Mails(ctx, Filter{State: Failed})
	if err != nil {
		return nil, fmt.Errorf("list failed messages: %w", err)
	}
	var out []Message
	for _, f := range failed {
		m, err := store.RetryMail(ctx, f.ID, now)
		if errors.Is(err, ErrAlreadySent) || errors.Is(err, reconcile.ErrNotFound) {
			continue // sent or gone in the meantime
		}
		if err != nil {
			return out, fmt.Errorf("retry message %d: %w", f.ID, err)
		}
		out = append(out, *m)
	}
	return out, nil
}
