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
// on ctx; once stop is done no further message is started. It returns how
// many new messages it settled (processed and moved).
func (s *IMAPSource) scan(ctx, stop context.Context, c *imapclient.Client, uidValidity uint32) (int, error) {
	acct, mbox := s.target.account(), s.target.mailbox
	lb, found, err := s.store.IMAPMailbox(ctx, acct, mbox)
	if err != nil {
		return 0, err
	}
	if !found || lb.UIDValidity != uidValidity {
		if found {
			s.log.Warn().Uint32("old_uid_validity", lb.UIDValidity).Uint32("uid_validity", uidValidity).
				Msg("UIDVALIDITY changed: every message of the mailbox is looked at again")
		}
		lb = LedgerMailbox{UIDValidity: uidValidity}
		if err := s.store.SetIMAPMailbox(ctx, acct, mbox, lb); err != nil {
			return 0, err
		}
	}
	sd, err := c.UIDSearch(&imap.SearchCriteria{
		UID: []imap.UIDSet{{imap.UIDRange{Start: imap.UID(lb.Floor + 1), Stop: 0}}},
	}, nil).Wait()
	if err != nil {
		return 0, fmt.Errorf("search mailbox %s: %w", mbox, err)
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
		return 0, err
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
				return 0, err
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
		return 0, err
	}
	var failures failureRun
	for start := 0; start < len(todo) && stop.Err() == nil && ctx.Err() == nil && !failures.tooMany(); start += s.cfg.Batch {
		batch := todo[start:min(start+s.cfg.Batch, len(todo))]
		moves, err := s.handleBatch(ctx, stop, c, uidValidity, batch, entries, &failures)
		if err != nil {
			return 0, err
		}
		if err := s.moveAll(ctx, c, moves, entries, settled); err != nil {
			return 0, err
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
			return 0, err
		}
	}
	done := 0
	for _, uid := range todo {
		if settled[uid] {
			done++
		}
	}
	return done, nil
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
