package sqlstore

import (
	"sync"

	"github.com/pactd/pactd/reconcile"
)

// reportCacheSize is how many reports a Store keeps: the counted report
// of each year of the territories whose files are coming in, which the
// multi-year rule reads for every file. A report of the real size takes
// about 25 KB: 128 of them, 3 MB, where 512 raised the daemon's peak RSS
// from 49 to 89 MiB on 1,000 files for little more CPU saved.
const reportCacheSize = 128

// reportCache keeps the reports of submissions by id: those this Store
// recorded, as they were given to RecordSubmission, and those it decoded.
// A submission's report is written once, with the submission, and never
// changed (UpdateVerdict changes its findings and verdict only), so a kept
// report stays right for ever. A report kept as recorded is the one stored
// but for what its encoding normalises (invalid UTF-8 read back as U+FFFD,
// times read back in UTC), which the multi-year rule, its one reader,
// does not look at.
//
// The cached *reconcile.Report is shared by every caller: callers must not
// modify it (the rules read the earlier reports only).
type reportCache struct {
	mu      sync.Mutex
	entries map[int64]*reportEntry
	tick    uint64 // a logical clock for least-recently-used eviction
}

type reportEntry struct {
	rep  *reconcile.Report
	used uint64
}

// get returns the decoded report of submission id, if kept.
func (c *reportCache) get(id int64) (*reconcile.Report, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[id]
	if !ok {
		return nil, false
	}
	c.tick++
	e.used = c.tick
	return e.rep, true
}

// put keeps the decoded report of submission id, evicting the least
// recently used one when full.
func (c *reportCache) put(id int64, rep *reconcile.Report) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[int64]*reportEntry{}
	}
	c.tick++
	if e, ok := c.entries[id]; ok {
		e.used = c.tick
		return
	}
	if len(c.entries) >= reportCacheSize {
		var oldest int64
		var used uint64
		first := true
		for k, e := range c.entries {
			if first || e.used < used {
				oldest, used, first = k, e.used, false
			}
		}
		delete(c.entries, oldest)
	}
	c.entries[id] = &reportEntry{rep: rep, used: c.tick}
}
