package ingest

import (
	"context"
	"slices"
	"sync"
)

// Arrivals keeps, among files processed in parallel, the order in which
// they arrived wherever order matters: two files of the same territory are
// recorded in the order they came, because the newest accepted one counts
// and the multi-year rule reads the territory's earlier reports. Files of
// different territories go on side by side.
//
// A source takes a Turn for each item (a file, or a mail message with its
// workbooks) in arrival order, before handing it to a worker, and calls
// Done when the item is settled, whatever happened. The pipeline calls
// Wait with the territory once the workbook is parsed (the costly part,
// done in parallel), before it reads earlier reports and records anything.
// Wait returns when every earlier turn still open is known to be about
// other territories. The zero value is ready to use.
type Arrivals struct {
	mu      sync.Mutex
	next    uint64
	open    []*Turn       // turns not done, in arrival order
	changed chan struct{} // closed and replaced whenever a turn declares or ends
}

// Turn is one item's place in the arrival order. A nil *Turn orders
// nothing: Wait returns at once and Done does nothing.
type Turn struct {
	a        *Arrivals
	seq      uint64
	parts    int      // workbooks the item brings, each declaring its territory
	keys     []string // territories declared so far
	declared int
}

// Next returns the turn of the item that arrives now. parts is how many
// workbooks it brings (at least 1): until each has been declared through
// Wait, or the turn is done, later items wait for this one whatever their
// territory.
func (a *Arrivals) Next(parts int) *Turn {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.next++
	t := &Turn{a: a, seq: a.next, parts: max(parts, 1)}
	a.open = append(a.open, t)
	return t
}

// Wait declares that the next workbook of the item is about territory key
// ("" when unknown: an unreadable file, which waits for nobody) and
// returns once no earlier open turn has declared key or may still declare
// it; or ctx's error when ctx ends first.
func (t *Turn) Wait(ctx context.Context, key string) error {
	if t == nil {
		return nil
	}
	a := t.a
	a.mu.Lock()
	t.declared++
	if key != "" && !slices.Contains(t.keys, key) {
		t.keys = append(t.keys, key)
	}
	a.signal()
	for key != "" {
		if !a.blocked(t, key) {
			break
		}
		ch := a.changed
		a.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
		a.mu.Lock()
	}
	a.mu.Unlock()
	return nil
}

// Done ends the turn: the item is recorded, set aside or given up. Calling
// it more than once is harmless.
func (t *Turn) Done() {
	if t == nil {
		return
	}
	a := t.a
	a.mu.Lock()
	defer a.mu.Unlock()
	if i := slices.Index(a.open, t); i >= 0 {
		a.open = slices.Delete(a.open, i, i+1)
		a.signal()
	}
}

// blocked reports whether an earlier open turn holds key or may still
// declare it. a.mu is held.
func (a *Arrivals) blocked(t *Turn, key string) bool {
	for _, o := range a.open {
		if o.seq >= t.seq {
			return false
		}
		if o.declared < o.parts || slices.Contains(o.keys, key) {
			return true
		}
	}
	return false
}

// signal wakes every waiter to look again. a.mu is held.
func (a *Arrivals) signal() {
	if a.changed != nil {
		close(a.changed)
	}
	a.changed = make(chan struct{})
}
