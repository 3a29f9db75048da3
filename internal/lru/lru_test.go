package lru_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/pactd/pactd/internal/lru"
)

// TestCacheDropsLeastRecentlyUsed: a full cache drops the value used
// longest ago, a value read counts as used, and a key put again is
// replaced in place.
func TestCacheDropsLeastRecentlyUsed(t *testing.T) {
	c := lru.New[string, int](2)
	c.Put("a", 1)
	c.Put("b", 2)
	if v, ok := c.Get("a"); !ok || v != 1 {
		t.Fatalf("Get(a) = %d, %v", v, ok)
	}
	c.Put("c", 3) // b is the least recently used
	if _, ok := c.Get("b"); ok {
		t.Error("b kept, want it dropped (least recently used)")
	}
	for k, want := range map[string]int{"a": 1, "c": 3} {
		if v, ok := c.Get(k); !ok || v != want {
			t.Errorf("Get(%s) = %d, %v; want %d", k, v, ok, want)
		}
	}
	c.Put("a", 10)
	if v, _ := c.Get("a"); v != 10 || c.Len() != 2 {
		t.Errorf("after putting a again: Get(a) = %d, Len = %d; want 10 and 2", v, c.Len())
	}
}

// TestCacheConcurrent: many goroutines putting and getting never exceed
// the bound (run with -race).
func TestCacheConcurrent(t *testing.T) {
	c := lru.New[string, int](8)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				k := fmt.Sprint(g, "-", i%20)
				c.Put(k, i)
				c.Get(k)
			}
		})
	}
	wg.Wait()
	if c.Len() > 8 {
		t.Errorf("Len = %d, want at most 8", c.Len())
	}
}
