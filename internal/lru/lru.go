// Package lru is a small cache that keeps at most a given number of
// values and drops the least recently used one, safe for concurrent use.
// pactd keeps decoded reports (internal/sqlstore) and rendered
// acknowledgments (internal/web) in it: a few hundred entries, so eviction
// scans them rather than keeping a list.
package lru

import "sync"

// Cache keeps at most a given number of values by key.
type Cache[K comparable, V any] struct {
	mu    sync.Mutex
	max   int
	tick  uint64 // a logical clock: the last use of each entry
	items map[K]*entry[V]
}

type entry[V any] struct {
	value V
	used  uint64
}

// New returns a cache of at most size values (at least one).
func New[K comparable, V any](size int) *Cache[K, V] {
	return &Cache[K, V]{max: max(size, 1), items: map[K]*entry[V]{}}
}

// Get returns the value kept for key, and marks it used.
func (c *Cache[K, V]) Get(key K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[key]
	if !ok {
		var zero V
		return zero, false
	}
	c.tick++
	e.used = c.tick
	return e.value, true
}

// Put keeps value for key, dropping the least recently used value when
// the cache is full.
func (c *Cache[K, V]) Put(key K, value V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tick++
	if e, ok := c.items[key]; ok {
		e.value, e.used = value, c.tick
		return
	}
	if len(c.items) >= c.max {
		var oldest K
		var used uint64
		first := true
		for k, e := range c.items {
			if first || e.used < used {
				oldest, used, first = k, e.used, false
			}
		}
		delete(c.items, oldest)
	}
	c.items[key] = &entry[V]{value: value, used: c.tick}
}

// Len returns how many values are kept.
func (c *Cache[K, V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}
