package ingest

import (
	"context"
	"sync"
)

// ProcessInOrder runs n items through p on a pool of workers (Workers(workers)
// goroutines) and hands each result to emit in the items' order, on the
// caller's goroutine, as soon as it and every item before it are done.
// load reads item i (on a worker); a load error reaches emit as the
// item's error and p never sees the item. Items are given turns in their
// order (Incoming.Turn), so files of one territory are recorded in that
// order. When emit returns an error, no further item is started, the
// items in the workers' hands finish, and ProcessInOrder returns that
// error; it returns ctx's error when ctx ends first.
func ProcessInOrder(ctx context.Context, p Processor, n, workers int,
	load func(i int) (Incoming, error), emit func(i int, out Outcome, err error) error) error {
	// stop ends the dispatch of new items; the items in hand go on
	// with ctx.
	stopCtx, stop := context.WithCancel(ctx)
	defer stop()
	type result struct {
		out  Outcome
		err  error
		done chan struct{}
	}
	results := make([]result, n)
	for i := range results {
		results[i].done = make(chan struct{})
	}
	var arrivals Arrivals
	turns := make([]*Turn, n)
	for i := range turns {
		turns[i] = arrivals.Next(1)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(Workers(workers), max(n, 1)) {
		wg.Go(func() {
			for i := range next {
				r := &results[i]
				func() {
					defer turns[i].Done()
					in, err := load(i)
					if err != nil {
						r.err = err
						return
					}
					in.Turn = turns[i]
					r.out, r.err = p.Process(ctx, in)
				}()
				close(r.done)
			}
		})
	}
	go func() {
		defer close(next)
		for i := range n {
			select {
			case next <- i:
			case <-stopCtx.Done():
				for _, t := range turns[i:] {
					t.Done()
				}
				return
			}
		}
	}()
	defer wg.Wait()
	for i := range n {
		select {
		case <-results[i].done:
		case <-ctx.Done():
			return ctx.Err()
		}
		if err := emit(i, results[i].out, results[i].err); err != nil {
			stop()
			return err
		}
	}
	return nil
}
