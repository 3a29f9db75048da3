package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pactd/pactd/ingest"
)

// TestProcessInOrder: items finish out of order on four workers but reach
// emit in their order; a load error reaches emit as the item's error; an
// error from emit stops the dispatch and is returned.
func TestProcessInOrder(t *testing.T) {
	var running, most atomic.Int32
	p := processorFunc(func(ctx context.Context, in ingest.Incoming) (ingest.Outcome, error) {
		n := running.Add(1)
		defer running.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		var i int
		fmt.Sscan(in.Name, &i)
		time.Sleep(time.Duration(8-i%8) * 5 * time.Millisecond) // the first items last longest
		return ingest.Outcome{Reason: in.Name}, nil
	})
	load := func(i int) (ingest.Incoming, error) {
		if i == 13 {
			return ingest.Incoming{}, errors.New("illisible")
		}
		return ingest.Incoming{Name: fmt.Sprint(i)}, nil
	}
	var got []string
	stopAt := errors.New("stop")
	err := ingest.ProcessInOrder(context.Background(), p, 40, 4, load, func(i int, out ingest.Outcome, err error) error {
		if i == 13 {
			if err == nil {
				t.Errorf("item 13: no error, want its load error")
			}
			got = append(got, "err")
			return nil
		}
		if err != nil {
			t.Errorf("item %d: %v", i, err)
		}
		got = append(got, out.Reason)
		if i == 20 {
			return stopAt
		}
		return nil
	})
	if !errors.Is(err, stopAt) {
		t.Fatalf("ProcessInOrder = %v, want emit's error", err)
	}
	for i, s := range got {
		want := fmt.Sprint(i)
		if i == 13 {
			want = "err"
		}
		if s != want {
			t.Fatalf("emitted %v, want 0 to 20 in order", got)
		}
	}
	if len(got) != 21 {
		t.Errorf("%d items emitted, want 21 (up to the one whose emit failed)", len(got))
	}
	if most.Load() < 2 || most.Load() > 4 {
		t.Errorf("at most %d items at once, want between 2 and 4 workers busy", most.Load())
	}
}
