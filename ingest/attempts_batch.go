package ingest

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/pactd/pactd/internal/mailstate"
)

// SuccessStore is what an AttemptStore may add (internal/sqlite and
// internal/postgres do): the end of many successful attempts, and the
// release of their files' claims, in one transaction. The intake then
// forgets a succeeded item in a batch written shortly after, one commit
// for many items instead of one each.
type SuccessStore interface {
	EndSucceeded(ctx context.Context, items []mailstate.Succeeded) error
}

// successBatchDelay is how long a succeeded attempt waits to be forgotten
// with the others: short enough that a claim released late holds no other
// replica back, long enough to gather the items of a burst.
const successBatchDelay = 50 * time.Millisecond

// successBatch gathers the succeeded attempts until they are written.
// Losing it in a crash loses nothing that matters: the item was moved and
// recorded (it is never attempted again under that key), and a claim left
// expires by itself.
type successBatch struct {
	mu      sync.Mutex
	pending []mailstate.Succeeded
	armed   bool
	// flushing serialises the writes, so Flush returns once everything
	// queued before it is written.
	flushing sync.Mutex
}

// queue adds it to the batch and arms the write after successBatchDelay.
func (a *Attempts) queue(it mailstate.Succeeded) {
	b := &a.batch
	b.mu.Lock()
	b.pending = append(b.pending, it)
	arm := !b.armed
	b.armed = true
	b.mu.Unlock()
	if arm {
		time.AfterFunc(successBatchDelay, func() {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			_ = a.Flush(ctx)
		})
	}
}

// Flush writes the succeeded attempts queued so far (the intake calls it
// when it stops; a timer calls it shortly after each success otherwise).
// A batch that cannot be written is logged and dropped: the counts it
// would have deleted are of items already recorded and moved.
func (a *Attempts) Flush(ctx context.Context) error {
	if a == nil {
		return nil
	}
	ss, ok := a.Store.(SuccessStore)
	if !ok {
		return nil
	}
	b := &a.batch
	b.flushing.Lock()
	defer b.flushing.Unlock()
	b.mu.Lock()
	items := b.pending
	b.pending, b.armed = nil, false
	b.mu.Unlock()
	if len(items) == 0 {
		return nil
	}
	if err := ss.EndSucceeded(ctx, items); err != nil {
		a.Log.Warn().Err(err).Int("items", len(items)).
			Msg("attempts of items taken not cleared: they stay counted, harmlessly (the items are recorded and moved)")
		return fmt.Errorf("end %d succeeded attempts: %w", len(items), err)
	}
	return nil
}
