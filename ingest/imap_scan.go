package ingest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

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
	var gone []LedgerMessage
	for uid, e := range entries {
		if e.State == LedgerProcessed && !isPresent[uid] {
			e.State = LedgerDone
			gone = append(gone, e)
		}
	}
	if err := s.store.RecordIMAP(ctx, gone...); err != nil {
		return 0, err
	}
	for _, e := range gone {
		entries[e.UID] = e
	}
	settled := map[uint32]bool{}
	moves := map[string][]uint32{}
	var todo []uint32
	for _, uid := range present {
		e, ok := entries[uid]
		switch {
		case !ok && s.waiting(uid):
			// Failed a moment ago: tried again after Retry; it holds
			// the floor, not the messages behind it.
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
	moves = map[string][]uint32{}
	// One pool of workers for the whole scan: batch after batch, then the
	// mail that arrived meanwhile, so that no worker waits for a batch's
	// last message before the next is read.
	var failures failureRun
	pool := s.startPool(ctx, stop, &failures)
	last := lb.Floor
	if len(present) > 0 {
		last = present[len(present)-1]
	}
	feeding, sessionErr := true, error(nil)
	for start := 0; start < len(todo) && feeding && sessionErr == nil; start += s.cfg.Batch {
		feeding, sessionErr = s.feed(ctx, stop, c, uidValidity, todo[start:min(start+s.cfg.Batch, len(todo))], pool, &failures)
	}
	for extra := 0; feeding && sessionErr == nil && extra < maxArrivedMeanwhile; {
		var more []uint32
		more, sessionErr = s.arrivedMeanwhile(ctx, stop, c, pool, last, min(s.cfg.Batch, maxArrivedMeanwhile-extra))
		if len(more) == 0 {
			break
		}
		last, extra = more[len(more)-1], extra+len(more)
		more = slices.DeleteFunc(more, func(u uint32) bool { _, known := entries[u]; return known })
		if len(more) == 0 {
			continue
		}
		present, todo = append(present, more...), append(todo, more...)
		feeding, sessionErr = s.feed(ctx, stop, c, uidValidity, more, pool, &failures)
	}
	s.recordSettled(ctx, pool.finish(), entries, moves, &failures)
	if sessionErr != nil {
		return 0, sessionErr // what was recorded is moved at the next scan
	}
	if err := s.moveAll(ctx, c, moves, entries, settled); err != nil {
		return 0, err
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

// maxArrivedMeanwhile bounds the mail a scan takes beyond what its first
// search found, so that a long stream of mail still has its messages moved
// and the floor raised every so often.
const maxArrivedMeanwhile = 500

// recordSettled records the settled messages "processed" with their
// folders, in one transaction (one commit for the scan rather than one per
// message: a crash before it only repeats the Processor's idempotent
// work), and adds them to moves. If the store fails they are left for the
// next scan, which processes them again (idempotently) and records them.
func (s *IMAPSource) recordSettled(ctx context.Context, done []LedgerMessage, entries map[uint32]LedgerMessage,
	moves map[string][]uint32, failures *failureRun) {
	if len(done) == 0 {
		return
	}
	if err := s.store.RecordIMAP(ctx, done...); err != nil {
		for _, e := range done {
			s.messageFailed(ctx, e.UID, err, failures)
		}
		return
	}
	s.hook("recorded")
	for _, e := range done {
		entries[e.UID] = e
		moves[e.Dest] = append(moves[e.Dest], e.UID)
	}
}

// moveAll moves the messages to their folders, then records them done. A
// move the server refuses (a folder over quota or without the right to
// write, a message it cannot copy) is tried again message by message, so
// that one message that cannot move holds back no other; each refusal
// counts an attempt on that message (see moveRefused). Only a connection
// error stops it (the session ends).
func (s *IMAPSource) moveAll(ctx context.Context, c *imapclient.Client, moves map[string][]uint32,
	entries map[uint32]LedgerMessage, settled map[uint32]bool) error {
	dests := make([]string, 0, len(moves))
	for d := range moves {
		dests = append(dests, d)
	}
	slices.Sort(dests)
	for _, dest := range dests {
		uids := moves[dest]
		err := s.move(c, uids, dest)
		var ie *imap.Error
		if err != nil && !errors.As(err, &ie) {
			return fmt.Errorf("move %d messages to %s: %w", len(uids), dest, err)
		}
		if err == nil {
			if err := s.moved(ctx, uids, dest, entries, settled); err != nil {
				return err
			}
			continue
		}
		s.log.Warn().Err(err).Int("messages", len(uids)).Str("folder", dest).Msg("move refused; moving the messages one by one")
		for _, u := range uids {
			err := s.move(c, []uint32{u}, dest)
			if err != nil && !errors.As(err, &ie) {
				return fmt.Errorf("move message %d to %s: %w", u, dest, err)
			}
			if err != nil {
				if err := s.moveRefused(ctx, u, dest, err, entries, settled); err != nil {
					return err
				}
				continue
			}
			if err := s.moved(ctx, []uint32{u}, dest, entries, settled); err != nil {
				return err
			}
			if err := s.moveAttemptsDone(ctx, entries[u]); err != nil {
				s.log.Warn().Err(err).Uint32("uid", u).Msg("move attempts of a moved message not cleared")
			}
		}
	}
	return nil
}

// move moves uids to dest: MOVE, or COPY + STORE \Deleted + (UID) EXPUNGE
// when the server lacks MOVE (go-imap falls back by itself), creating the
// folders when the server asks to.
func (s *IMAPSource) move(c *imapclient.Client, uids []uint32, dest string) error {
	set := imap.UIDSet{}
	for _, u := range uids {
		set.AddNum(imap.UID(u))
	}
	_, err := c.Move(set, dest).Wait()
	var ie *imap.Error
	if err != nil && errors.As(err, &ie) && ie.Code == imap.ResponseCodeTryCreate {
		if err = s.ensureFolders(c); err == nil {
			_, err = c.Move(set, dest).Wait()
		}
	}
	if err == nil {
		s.contact()
		s.hook("moved")
	}
	return err
}

// moved records moved messages done, in one transaction.
func (s *IMAPSource) moved(ctx context.Context, uids []uint32, dest string, entries map[uint32]LedgerMessage, settled map[uint32]bool) error {
	done := make([]LedgerMessage, len(uids))
	for i, u := range uids {
		done[i] = entries[u]
		done[i].State = LedgerDone
	}
	if err := s.store.RecordIMAP(ctx, done...); err != nil {
		return err
	}
	for i, u := range uids {
		entries[u] = done[i]
		settled[u] = true
		if dest == s.cfg.Quarantine {
			s.stats.quarantined.Add(1)
		} else {
			s.stats.processed.Add(1)
		}
	}
	s.log.Info().Int("messages", len(uids)).Str("folder", dest).Msg("messages moved")
	return nil
}

// moveRefused counts a refused move of message u. Until its attempts are
// spent it stays "processed" (moved again at the next scan); then it is
// recorded done where it is, its outcome saying it could not be moved, and
// the administrators are told: it no longer holds the floor, and is never
// looked at again (what it brought is recorded already).
func (s *IMAPSource) moveRefused(ctx context.Context, u uint32, dest string, moveErr error,
	entries map[uint32]LedgerMessage, settled map[uint32]bool) error {
	e := entries[u]
	s.stats.errors.Add(1)
	at, err := s.cfg.Attempts.begin(ctx, "deplacement:"+imapKey(e))
	if err != nil {
		return err
	}
	if !at.final() {
		if err := at.failed(ctx, moveErr); err != nil {
			return err
		}
		s.log.Error().Err(moveErr).Uint32("uid", u).Str("folder", dest).Int("attempt", at.n).
			Int("max_attempts", at.a.max()).Msg("message not moved; moved again at the next scan")
		return nil
	}
	e.State = LedgerDone
	e.Outcome = strings.TrimPrefix(e.Outcome+" ; ", " ; ") + "le message n'a pas pu être déplacé vers « " + dest +
		" » après " + strconv.Itoa(at.n) + " essais (" + moveErr.Error() + ") : il reste dans la boîte de dépôt"
	if err := s.store.RecordIMAP(ctx, e); err != nil {
		return err
	}
	entries[u], settled[u] = e, true
	s.log.Error().Err(moveErr).Uint32("uid", u).Str("folder", dest).Int("attempts", at.n).
		Msg("message left in the mailbox: it cannot be moved; never looked at again")
	s.cfg.Attempts.alert(ctx, s.log, "alerte:deplacement:"+imapKey(e), "pactd : un message ne peut pas être rangé",
		"Bonjour,\n\nUn message de la boîte de dépôt a été traité mais le serveur refuse de le déplacer vers le dossier « "+
			dest+" » ("+moveErr.Error()+"). Il reste dans la boîte de dépôt et pactd ne le regarde plus. "+
			"Vérifiez les droits et le quota de ce dossier, puis rangez le message à la main.\n\n"+e.Outcome+"\n")
	return at.succeeded(ctx)
}

// moveAttemptsDone forgets the refused moves of a message finally moved.
func (s *IMAPSource) moveAttemptsDone(ctx context.Context, e LedgerMessage) error {
	if s.cfg.Attempts == nil || s.cfg.Attempts.Store == nil {
		return nil
	}
	return s.cfg.Attempts.Store.EndAttempt(ctx, "deplacement:"+imapKey(e), true, false, "", time.Now())
}
