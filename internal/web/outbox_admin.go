package web

import (
	"context"
	"time"

	"github.com/pactd/pactd/internal/mail"
)

// OutboxAdmin is what the administrators' outbox page reads and does:
// list the messages, and put one or every failed one back in the queue,
// as pactd outbox retry does.
type OutboxAdmin interface {
	// Mails lists messages without Raw, newest first.
	Mails(ctx context.Context, f mail.Filter) ([]mail.Message, error)
	// Retry puts message id back in the queue (mail.Retry): it returns
	// reconcile.ErrNotFound or mail.ErrAlreadySent.
	Retry(ctx context.Context, id int64) (*mail.Message, error)
	// RetryFailed puts every failed message back in the queue.
	RetryFailed(ctx context.Context) ([]mail.Message, error)
}

// NewOutboxAdmin returns the OutboxAdmin of store. With the daemon's
// outbox (not nil), a retried message is sent at once; without, the
// daemon's outbox sends it at its next pass.
func NewOutboxAdmin(store mail.Store, outbox *mail.Outbox, now func() time.Time) OutboxAdmin {
	if now == nil {
		now = time.Now
	}
	return &outboxAdmin{store: store, outbox: outbox, now: now}
}

type outboxAdmin struct {
	store  mail.Store
	outbox *mail.Outbox
	now    func() time.Time
}

func (o *outboxAdmin) Mails(ctx context.Context, f mail.Filter) ([]mail.Message, error) {
	return o.store.Mails(ctx, f)
}

func (o *outboxAdmin) Retry(ctx context.Context, id int64) (*mail.Message, error) {
	if o.outbox != nil {
		return o.outbox.Retry(ctx, id)
	}
	return mail.Retry(ctx, o.store, id, o.now())
}

func (o *outboxAdmin) RetryFailed(ctx context.Context) ([]mail.Message, error) {
	if o.outbox != nil {
		return o.outbox.RetryFailed(ctx)
	}
	return mail.RetryFailed(ctx, o.store, o.now())
}
