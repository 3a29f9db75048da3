package ingest

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// maxConsecutiveFailures stops a scan after that many messages in a row
// could not be processed: the store is likely down, and the next scan
// retries them.
const maxConsecutiveFailures = 3

// scan deals with every unsettled message of the selected mailbox (see
// IMAPSource for the algorithm) and raises the floor. Messages are handled
// on ctx; once stop is done no further message is started.
func (s *IMAPSource) scan(ctx, stop context.Context, c *imapclient.Client, uidValidity uint32) error {
	acct, mbox := s.target.account(), s.target.mailbox
	lb, found, err := s.store.IMAPMailbox(ctx, acct, mbox)
	if err != nil {
		return err
	}
	if !found || lb.UIDValidity != uidValidity {
		if found {
			s.log.Warn().Uint32("old_uid_validity", lb.UIDValidity).Uint32("uid_validity", uidValidity).
				Msg("UIDVALIDITY changed: every message of the mailbox is looked at again")
		}
		lb = LedgerMailbox{UIDValidity: uidValidity}
		if err := s.store.SetIMAPMailbox(ctx, acct, mbox, lb); err != nil {
			return err
		}
	}
	sd, err := c.UIDSearch(&imap.SearchCriteria{
		UID: []imap.UIDSet{{imap.UIDRange{Start: imap.UID(lb.Floor + 1), Stop: 0}}},
	}, nil).Wait()
	if err != nil {
		return fmt.Errorf("search mailbox %s: %w", mbox, err)
	}
	s.contact()
	var present []uint32
	for _, u := range sd.AllUIDs() {
		if uint32(u) > lb.Floor { // "n:*" always includes the highest UID
			present = append(present, uint32(u))
		}
	}
	slices.Sort(present)
	entries, err := s.store.IMAPMessages(ctx, acct, mbox, uidValidity, lb.Floor)
	if err != nil {
		return err
	}
	isPresent := make(map[uint32]bool, len(present))
	for _, u := range present {
		isPresent[u] = true
	}
	// Committed and moved, but the crash came before the ledger knew.
	for uid, e := range entries {
		if e.State == LedgerProcessed && !isPresent[uid] {
			e.State = LedgerDone
			if err := s.store.RecordIMAP(ctx, e); err != nil {
				return err
			}
			entries[uid] = e
		}
	}
	settled := map[uint32]bool{}
	moves := map[string][]uint32{}
	var todo []uint32
	for _, uid := range present {
		e, ok := entries[uid]
		switch {
		case !ok:
			todo = append(todo, uid)
		case e.State == LedgerProcessed:
			moves[e.Dest] = append(moves[e.Dest], uid)
		default:
			// Done, yet still here: the server kept a copy after the
			// move. Leave it; it no longer holds the floor.
			settled[uid] = true
		}
	}
	if err := s.moveAll(ctx, c, moves, entries, settled); err != nil {
		return err
	}
	failures := 0
	for start := 0; start < len(todo) && stop.Err() == nil && ctx.Err() == nil && failures < maxConsecutiveFailures; start += s.cfg.Batch {
		batch := todo[start:min(start+s.cfg.Batch, len(todo))]
		moves, err := s.handleBatch(ctx, stop, c, uidValidity, batch, entries, &failures)
		if err != nil {
			return err
		}
		if err := s.moveAll(ctx, c, moves, entries, settled); err != nil {
			return err
		}
	}
	floor := lb.Floor
	for _, uid := range present {
		if !settled[uid] {
			break
		}
		floor = uid
	}
	if floor != lb.Floor {
		lb.Floor = floor
		if err := s.store.SetIMAPMailbox(ctx, acct, mbox, lb); err != nil {
			return err
		}
	}
	return nil
}

// handleBatch fetches the envelopes of uids, then deals with each message:
// it returns the UIDs to move by destination folder. Messages that could
// not be processed are left for the next scan.
func (s *IMAPSource) handleBatch(ctx, stop context.Context, c *imapclient.Client, uidValidity uint32, uids []uint32,
	entries map[uint32]LedgerMessage, failures *int) (map[string][]uint32, error) {
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
	moves := map[string][]uint32{}
	for _, m := range msgs {
		if stop.Err() != nil || ctx.Err() != nil || *failures >= maxConsecutiveFailures {
			break
		}
		e, err := s.handleMessage(ctx, c, uidValidity, m, hdr)
		var ie *imap.Error
		switch {
		case err == nil:
		case errors.Is(err, errMessageGone):
			continue // deleted by someone between SEARCH and FETCH
		case errors.As(err, &ie) || isConnError(err):
			return moves, err
		case ctx.Err() != nil:
			return moves, nil
		default:
			*failures++
			s.stats.errors.Add(1)
			s.log.Error().Err(err).Uint32("uid", uint32(m.UID)).Msg("message not processed; retried at the next scan")
			continue
		}
		*failures = 0
		if err := s.store.RecordIMAP(ctx, e); err != nil {
			return moves, err
		}
		entries[e.UID] = e
		s.hook("recorded")
		moves[e.Dest] = append(moves[e.Dest], e.UID)
	}
	return moves, nil
}

// moveAll moves the messages to their folders, then records them done.
func (s *IMAPSource) moveAll(ctx context.Context, c *imapclient.Client, moves map[string][]uint32,
	entries map[uint32]LedgerMessage, settled map[uint32]bool) error {
	dests := make([]string, 0, len(moves))
	for d := range moves {
		dests = append(dests, d)
	}
	slices.Sort(dests)
	for _, dest := range dests {
		uids := moves[dest]
		set := imap.UIDSet{}
		for _, u := range uids {
			set.AddNum(imap.UID(u))
		}
		// MOVE, or COPY + STORE \Deleted + (UID) EXPUNGE when the
		// server lacks MOVE: go-imap falls back by itself.
		_, err := c.Move(set, dest).Wait()
		var ie *imap.Error
		if err != nil && errors.As(err, &ie) && ie.Code == imap.ResponseCodeTryCreate {
			if err = s.ensureFolders(c); err == nil {
				_, err = c.Move(set, dest).Wait()
			}
		}
		if err != nil {
			return fmt.Errorf("move %d messages to %s: %w", len(uids), dest, err)
		}
		s.contact()
		s.hook("moved")
		for _, u := range uids {
			e := entries[u]
			e.State = LedgerDone
			if err := s.store.RecordIMAP(ctx, e); err != nil {
				return err
			}
			entries[u] = e
			settled[u] = true
			if dest == s.cfg.Quarantine {
				s.stats.quarantined.Add(1)
			} else {
				s.stats.processed.Add(1)
			}
		}
		s.log.Info().Int("messages", len(uids)).Str("folder", dest).Msg("messages moved")
	}
	return nil
}
