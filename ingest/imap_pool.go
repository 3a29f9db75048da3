package ingest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/pactd/pactd/reconcile"
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

// intakePool is the Workers that settle a scan's messages (settleMessage:
// parse, record, acknowledge) while the connection reads the next ones.
// The connection hands each message it read to the first worker free (an
// unbuffered channel: it reads ahead by one message, so that a worker
// never waits for the server between two messages, and at most Workers+1
// messages are in memory).
type intakePool struct {
	jobs     chan poolJob
	wg       sync.WaitGroup
	inFlight atomic.Int64  // messages handed to the workers, not settled yet
	finished chan struct{} // a worker settled a message (buffered 1)

	mu      sync.Mutex
	settled []LedgerMessage
}

type poolJob struct {
	j    messageJob
	turn *Turn
}

// startPool starts the Workers. Once stop is done, a message read ahead
// but not started is left in the mailbox for the next start; the messages
// in the workers' hands finish on ctx.
func (s *IMAPSource) startPool(ctx, stop context.Context, failures *failureRun) *intakePool {
	p := &intakePool{jobs: make(chan poolJob), finished: make(chan struct{}, 1)}
	for range s.cfg.Workers {
		p.wg.Go(func() {
			for r := range p.jobs {
				if stop.Err() == nil && ctx.Err() == nil {
					if e, ok := s.settleMessage(ctx, r.j, r.turn, failures); ok {
						failures.succeeded()
						p.mu.Lock()
						p.settled = append(p.settled, e)
						p.mu.Unlock()
					}
				}
				r.turn.Done()
				p.inFlight.Add(-1)
				select {
				case p.finished <- struct{}{}:
				default:
				}
			}
		})
	}
	return p
}

// finish waits for the workers and returns the messages they settled, by UID.
func (p *intakePool) finish() []LedgerMessage {
	close(p.jobs)
	p.wg.Wait()
	slices.SortFunc(p.settled, func(a, b LedgerMessage) int { return int(a.UID) - int(b.UID) })
	return p.settled
}

// feed fetches the envelopes of uids and hands each message, read in UID
// order, to the pool. It returns false once it stopped reading (stop or
// ctx done, too many failures), and an IMAP or connection error, which
// ends the session once the workers are done. A message that could not be
// read for a store error is left for the next scan.
func (s *IMAPSource) feed(ctx, stop context.Context, c *imapclient.Client, uidValidity uint32, uids []uint32,
	p *intakePool, failures *failureRun) (bool, error) {
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
		return false, fmt.Errorf("fetch envelopes of %d messages: %w", len(uids), err)
	}
	s.contact()
	slices.SortFunc(msgs, func(a, b *imapclient.FetchMessageBuffer) int { return int(a.UID) - int(b.UID) })
	for _, m := range msgs {
		if stop.Err() != nil || ctx.Err() != nil || failures.tooMany() {
			return false, nil
		}
		j, err := s.prepareSafely(ctx, c, uidValidity, m, hdr)
		if err != nil {
			var ie *imap.Error
			if errors.Is(err, errMessageGone) {
				continue // deleted by someone between SEARCH and FETCH
			}
			if errors.As(err, &ie) || isConnError(err) {
				return false, err
			}
			s.messageFailed(ctx, uint32(m.UID), err, failures)
			continue
		}
		turn := s.arrivals.Next(len(j.parts))
		p.inFlight.Add(1)
		select { // the first worker free
		case p.jobs <- poolJob{j, turn}:
		case <-stop.Done():
			turn.Done()
			p.inFlight.Add(-1)
			return false, nil
		case <-ctx.Done():
			turn.Done()
			p.inFlight.Add(-1)
			return false, nil
		}
	}
	return true, nil
}

// arrivedMeanwhile returns the UIDs above last that came into the mailbox
// while the workers were busy, at most limit: it asks the server again
// (UID SEARCH) whenever a worker settles a message, or every
// arrivalCheck, until some came or the workers are done. A deadline-day
// burst then keeps the workers fed with what arrives, instead of the
// mail that came during a scan waiting for the scan's last messages, its
// moves and a new scan.
func (s *IMAPSource) arrivedMeanwhile(ctx, stop context.Context, c *imapclient.Client, p *intakePool,
	last uint32, limit int) ([]uint32, error) {
	for p.inFlight.Load() > 0 && stop.Err() == nil && ctx.Err() == nil {
		sd, err := c.UIDSearch(&imap.SearchCriteria{
			UID: []imap.UIDSet{{imap.UIDRange{Start: imap.UID(last + 1), Stop: 0}}},
		}, nil).Wait()
		if err != nil {
			return nil, fmt.Errorf("search mailbox %s: %w", s.target.mailbox, err)
		}
		s.contact()
		var uids []uint32
		for _, u := range sd.AllUIDs() {
			if uint32(u) > last && len(uids) < limit { // "n:*" always includes the highest UID
				uids = append(uids, uint32(u))
			}
		}
		if len(uids) > 0 {
			slices.Sort(uids)
			return uids, nil
		}
		asked := time.Now()
		select {
		case <-p.finished:
		case <-time.After(arrivalCheck):
		case <-stop.Done():
		case <-ctx.Done():
		}
		if wait := arrivalMinGap - time.Since(asked); wait > 0 {
			time.Sleep(wait) // a long backlog: not a search per message
		}
	}
	return nil, nil
}

// arrivalCheck is how often arrivedMeanwhile asks the server while no
// worker settles a message, arrivalMinGap the least time between two of
// its searches.
const (
	arrivalCheck  = 100 * time.Millisecond
	arrivalMinGap = 25 * time.Millisecond
)

// prepareSafely is prepareMessage with a panic (a message whose structure
// the libraries cannot read) recovered into a quarantine of the message as
// unreadable: retrying would only crash again.
func (s *IMAPSource) prepareSafely(ctx context.Context, c *imapclient.Client, uidValidity uint32,
	m *imapclient.FetchMessageBuffer, hdr *imap.FetchItemBodySection) (messageJob, error) {
	var j messageJob
	log := s.log.With().Uint32("uid", uint32(m.UID)).Logger()
	err := safely(log, "read message", func() error {
		var err error
		j, err = s.prepareMessage(ctx, c, uidValidity, m, hdr)
		return err
	})
	if errors.Is(err, errPanic) {
		j = messageJob{info: messageInfo{uid: uint32(m.UID), received: s.now()},
			e: LedgerMessage{Account: s.target.account(), Mailbox: s.target.mailbox, UIDValidity: uidValidity,
				UID: uint32(m.UID), State: LedgerProcessed},
			reason: fmt.Sprintf(reasonUnreadable, "erreur interne de pactd à sa lecture ("+err.Error()+")")}
		return j, nil
	}
	return j, err
}

// settleMessage counts an attempt on the message (before processing it:
// a crash counts), processes it with any panic recovered, and returns its
// ledger entry (state processed, for scan to record) with ok true. A message whose attempts are
// spent is set aside: quarantined with the reason, administrators told,
// moved to the quarantine folder. A message failing before that is left
// for the next scan, without stopping the scan: only failures of the
// store itself (the attempt cannot be counted, the ledger not written)
// count towards maxConsecutiveFailures.
func (s *IMAPSource) settleMessage(ctx context.Context, j messageJob, turn *Turn, failures *failureRun) (LedgerMessage, bool) {
	uid := j.info.uid
	at, err := s.cfg.Attempts.begin(ctx, imapKey(j.e))
	if err != nil {
		s.messageFailed(ctx, uid, err, failures)
		return LedgerMessage{}, false
	}
	var e LedgerMessage
	if at.exhausted() {
		e, err = s.setAside(ctx, j, at, nil)
	} else {
		log := s.log.With().Uint32("uid", uid).Logger()
		err = safely(log, "message", func() error {
			var err error
			e, err = s.finishMessage(ctx, j, turn)
			return err
		})
		switch {
		case err == nil:
		case ctx.Err() != nil || errors.Is(err, ErrNoRegister):
			_ = at.uncount(ctx) // not the message's fault
			s.messageFailed(ctx, uid, err, failures)
			return LedgerMessage{}, false
		case !at.final():
			if ferr := at.failed(ctx, err); ferr != nil {
				s.messageFailed(ctx, uid, ferr, failures)
				return LedgerMessage{}, false
			}
			s.stats.errors.Add(1)
			s.retryLater(uid)
			log.Error().Err(err).Int("attempt", at.n).Int("max_attempts", at.a.max()).Dur("retry_in", s.cfg.Retry).
				Msg("message not processed; tried again later, the messages behind it meanwhile")
			return LedgerMessage{}, false
		default:
			e, err = s.setAside(ctx, j, at, err)
		}
	}
	if err != nil {
		s.messageFailed(ctx, uid, err, failures)
		return LedgerMessage{}, false
	}
	if err := at.succeeded(ctx); err != nil {
		s.log.Warn().Err(err).Uint32("uid", uid).Msg("attempts of a settled message not cleared")
	}
	return e, true
}

// setAside quarantines a message whose attempts are spent (its first
// workbook kept with the entry), tells the administrators, and returns its
// ledger entry bound for the quarantine folder. The sender is not told:
// the fault is pactd's, not theirs.
func (s *IMAPSource) setAside(ctx context.Context, j messageJob, at *attempt, last error) (LedgerMessage, error) {
	e, info := j.e, j.info
	reason := at.reason("Le message", last)
	q := &reconcile.QuarantineEntry{ReceivedAt: info.received, Origin: s.origin(e.UIDValidity, info, "echec"), Reason: reason}
	if len(j.parts) > 0 && len(j.contents) > 0 {
		q.FileName, q.Content = j.parts[0].name, j.contents[0]
	}
	if err := s.store.Quarantine(ctx, q); err != nil {
		return e, fmt.Errorf("quarantine message %d: %w", info.uid, err)
	}
	s.log.Error().Uint32("uid", info.uid).Int64("quarantine_id", q.ID).Int("attempts", at.n).
		Msg("message set aside after its attempts")
	s.cfg.Attempts.alert(ctx, s.log, "alerte:"+at.key, "pactd : un message de la boîte de dépôt est mis de côté",
		"Bonjour,\n\nUn message reçu dans la boîte de dépôt"+subjectPart(info.subject)+" n'a pas pu être traité. "+reason+
			"\n\nIl est en quarantaine : voyez la page d'état pour le télécharger et le traiter à la main.\n")
	s.cfg.Attempts.observe(reconcile.OriginEmail, "quarantined")
	e.Dest, e.Outcome = s.cfg.Quarantine, reason
	return e, nil
}

// subjectPart names a message by its subject in an alert.
func subjectPart(subject string) string {
	if subject == "" {
		return ""
	}
	return " (objet « " + subject + " »)"
}

// retryLater keeps a failed message out of the scans for Retry.
func (s *IMAPSource) retryLater(uid uint32) {
	s.retryMu.Lock()
	defer s.retryMu.Unlock()
	if s.retryAt == nil {
		s.retryAt = map[uint32]time.Time{}
	}
	s.retryAt[uid] = time.Now().Add(s.cfg.Retry)
}

// waiting reports whether a failed message is still waiting for its next
// attempt (forgotten once it may be tried again).
func (s *IMAPSource) waiting(uid uint32) bool {
	s.retryMu.Lock()
	defer s.retryMu.Unlock()
	at, ok := s.retryAt[uid]
	if ok && !time.Now().Before(at) {
		delete(s.retryAt, uid)
		return false
	}
	return ok
}

// imapKey names a message in the attempts.
func imapKey(e LedgerMessage) string {
	return fmt.Sprintf("imap:%s/%s/%d/%d", e.Account, e.Mailbox, e.UIDValidity, e.UID)
}

// messageFailed logs a message that could not be settled because the
// store failed; it is retried at the next scan, and counts towards
// stopping the scan (maxConsecutiveFailures).
func (s *IMAPSource) messageFailed(ctx context.Context, uid uint32, err error, failures *failureRun) {
	if ctx.Err() != nil {
		return // stopping: not a failure of the message
	}
	failures.failed()
	s.stats.errors.Add(1)
	s.log.Error().Err(err).Uint32("uid", uid).Msg("message not processed; retried at the next scan")
}
