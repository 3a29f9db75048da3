package ingest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// failureRun counts the messages that failed in a row, for a scan to stop
// when the store is likely down (maxConsecutiveFailures). Workers finish
// out of order: "in a row" is in the order they finish.
type failureRun struct {
	mu sync.Mutex
	n  int
}

func (f *failureRun) failed() { f.mu.Lock(); f.n++; f.mu.Unlock() }
func (f *failureRun) succeeded() {
	f.mu.Lock()
	f.n = 0
	f.mu.Unlock()
}

func (f *failureRun) tooMany() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.n >= maxConsecutiveFailures
}

// handleBatch fetches the envelopes of uids, then deals with each message:
// the connection reads one message after another (prepareMessage) while a
// pool of Workers settles them (finishMessage: parse, record, acknowledge,
// then the ledger's "processed"). A message is read only when a worker is
// free for it, so once stop is done no new message is read, and the
// messages in the workers' hands finish on ctx. It returns the UIDs to
// move by destination folder; messages that could not be processed are
// left for the next scan. An IMAP or connection error ends the batch once
// the workers are done, and is returned with the moves of what they
// settled.
func (s *IMAPSource) handleBatch(ctx, stop context.Context, c *imapclient.Client, uidValidity uint32, uids []uint32,
	entries map[uint32]LedgerMessage, failures *failureRun) (map[string][]uint32, error) {
	set := imap.UIDSet{}
	for _, u := range uids {
		set.AddNum(imap.UID(u))
	}
	hdr := headerSection()
	msgs, err := c.Fetch(set, &imap.FetchOptions{
		UID: true, Envelope: true, InternalDate: true, RFC822Size: true,
		BodyStructure: &imap.FetchItemBodyStructure{Extended: true},
		BodySection:   []*imap.FetchItemBodySection{hdr},
	}).Collect()
	if err != nil {
		return nil, fmt.Errorf("fetch envelopes of %d messages: %w", len(uids), err)
	}
	s.contact()
	slices.SortFunc(msgs, func(a, b *imapclient.FetchMessageBuffer) int { return int(a.UID) - int(b.UID) })

	var (
		mu      sync.Mutex
		settled []LedgerMessage
		wg      sync.WaitGroup
	)
	free := make(chan struct{}, s.cfg.Workers)
	var sessionErr error
	for _, m := range msgs {
		select { // a free worker, before reading the message
		case free <- struct{}{}:
		case <-stop.Done():
		case <-ctx.Done():
		}
		if stop.Err() != nil || ctx.Err() != nil || failures.tooMany() {
			break
		}
		j, err := s.prepareMessage(ctx, c, uidValidity, m, hdr)
		if err != nil {
			<-free
			var ie *imap.Error
			if errors.Is(err, errMessageGone) {
				continue // deleted by someone between SEARCH and FETCH
			}
			if errors.As(err, &ie) || isConnError(err) {
				sessionErr = err
				break
			}
			s.messageFailed(ctx, uint32(m.UID), err, failures)
			continue
		}
		turn := s.arrivals.Next(len(j.parts))
		wg.Go(func() {
			defer func() { <-free }()
			defer turn.Done()
			e, err := s.finishMessage(ctx, j, turn)
			if err == nil {
				err = s.store.RecordIMAP(ctx, e)
			}
			if err != nil {
				s.messageFailed(ctx, j.info.uid, err, failures)
				return
			}
			failures.succeeded()
			s.hook("recorded")
			mu.Lock()
			settled = append(settled, e)
			mu.Unlock()
		})
	}
	wg.Wait()
	moves := map[string][]uint32{}
	slices.SortFunc(settled, func(a, b LedgerMessage) int { return int(a.UID) - int(b.UID) })
	for _, e := range settled {
		entries[e.UID] = e
		moves[e.Dest] = append(moves[e.Dest], e.UID)
	}
	return moves, sessionErr
}

// messageFailed logs a message that could not be settled; it is retried
// at the next scan. Where it failed is in err (read, process, record).
func (s *IMAPSource) messageFailed(ctx context.Context, uid uint32, err error, failures *failureRun) {
	if ctx.Err() != nil {
		return // stopping: not a failure of the message
	}
	failures.failed()
	s.stats.errors.Add(1)
	s.log.Error().Err(err).Uint32("uid", uid).Msg("message not processed; retried at the next scan")
}
