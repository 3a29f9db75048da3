package campaign

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// Queuer puts the workbooks of a plan in the outbox and records them.
type Queuer struct {
	Store  reconcile.CampaignStore
	Outbox *mail.Outbox
	// Register is the latest register version, the one the plan was made
	// from and the workbooks are generated from.
	Register *reconcile.Register
	Letter   Letter
	Generate templates.GenerateOptions
	Now      func() time.Time // zero value: time.Now
}

// Queued is what Queue did with one item.
type Queued struct {
	Item Item
	Send reconcile.CampaignSend
	// New is false when the outbox already held the message (a run
	// interrupted after queueing it): nothing is sent twice.
	New bool
}

// Queue generates the workbook of every item not skipped, queues its
// message (mail.Outbox.EnqueueDraft, kind "campaign") and records the send.
// The outbox key of each item makes it idempotent: an item queued by an
// interrupted run is recorded, not queued again. It stops at the first
// error; what was queued before stays queued and recorded.
func (q *Queuer) Queue(ctx context.Context, items []Item) ([]Queued, error) {
	var out []Queued
	for _, it := range items {
		if it.Skip != "" {
			continue
		}
		if err := ctx.Err(); err != nil {
			return out, err
		}
		var buf bytes.Buffer
		if err := templates.GenerateWith(&buf, q.Register, it.Contract.Territory.SIREN, it.Year, q.Generate); err != nil {
			return out, fmt.Errorf("generate workbook of %s for %d: %w", it.Contract.Territory.SIREN, it.Year, err)
		}
		l := q.Letter
		l.Date = q.now()
		l.Deadline = q.Register.Deadline(it.Year)
		m, created, err := q.Outbox.EnqueueDraft(ctx, "campaign", Draft(it, buf.Bytes(), l))
		if err != nil {
			return out, fmt.Errorf("queue workbook of %s: %w", it.Contract.Territory.SIREN, err)
		}
		s := reconcile.CampaignSend{Year: it.Year, SIREN: it.Contract.Territory.SIREN, RegisterVersion: q.Register.Version,
			Fingerprint: it.Fingerprint, FileName: it.FileName, To: it.To, MessageID: m.MessageID, OutboxKey: m.Key,
			Reason: it.Reason, Note: it.Note, CreatedAt: q.now()}
		if _, err := q.Store.RecordCampaignSend(ctx, &s); err != nil {
			return out, err
		}
		out = append(out, Queued{Item: it, Send: s, New: created})
	}
	return out, nil
}

func (q *Queuer) now() time.Time {
	if q.Now == nil {
		return time.Now()
	}
	return q.Now()
}
