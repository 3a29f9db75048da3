package sqlstore

import (
	"context"
	"errors"
	"sync"

	"github.com/pactd/pactd/reconcile"
)

// registerCacheSize is how many decoded register versions a Store keeps:
// the latest, which every received file is checked against, and a few
// older ones that acknowledgments of older submissions name.
const registerCacheSize = 4

// registerCache keeps decoded register versions. A version is never
// changed once saved, so a decoded version stays right for ever; what
// changes is which version is the latest, and LatestRegister asks the
// database that with one indexed query on every call, so a register
// imported by another process or replica is used from the next file on.
//
// The cached *reconcile.Register is shared by every caller: callers must
// not modify it (none does; reconcile.Store says so).
type registerCache struct {
	mu      sync.Mutex
	entries map[int64]*registerEntry
	tick    uint64 // a logical clock for least-recently-used eviction
}

// registerEntry is one version, decoded or being decoded. ready is closed
// once reg or err is set, so that concurrent callers decode it once.
type registerEntry struct {
	ready chan struct{}
	reg   *reconcile.Register
	err   error
	used  uint64
}

// get returns version, decoding it with load on the first call; callers
// asking for the same version meanwhile wait for that one decoding. A
// failed decoding is not kept: the next call tries again.
func (c *registerCache) get(ctx context.Context, version int64, load func() (*reconcile.Register, error)) (*reconcile.Register, error) {
	c.mu.Lock()
	if c.entries == nil {
		c.entries = map[int64]*registerEntry{}
	}
	c.tick++
	e, ok := c.entries[version]
	if ok {
		e.used = c.tick
		c.mu.Unlock()
		select {
		case <-e.ready:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if e.err != nil && ctx.Err() == nil && (errors.Is(e.err, context.Canceled) || errors.Is(e.err, context.DeadlineExceeded)) {
			// The caller that was decoding it gave up; this one has
			// not: decode it again (the failed entry is gone).
			return c.get(ctx, version, load)
		}
		if e.err != nil {
			return nil, e.err
		}
		return e.reg, nil
	}
	e = &registerEntry{ready: make(chan struct{}), used: c.tick}
	c.entries[version] = e
	c.evict()
	c.mu.Unlock()

	e.reg, e.err = load()
	close(e.ready)
	if e.err != nil {
		c.mu.Lock()
		if c.entries[version] == e {
			delete(c.entries, version)
		}
		c.mu.Unlock()
		return nil, e.err
	}
	return e.reg, nil
}

// evict drops the least recently used versions beyond registerCacheSize.
// c.mu is held.
func (c *registerCache) evict() {
	for len(c.entries) > registerCacheSize {
		var oldest int64
		first := true
		for v, e := range c.entries {
			if first || e.used < c.entries[oldest].used {
				oldest, first = v, false
			}
		}
		delete(c.entries, oldest)
	}
}
