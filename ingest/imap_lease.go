package ingest

import (
	"context"
	"sync"
	"time"
)

// RunGraceful is Run with a graceful stop: once stop is done, no new
// message is fetched, and the message being handled finishes (processed,
// recorded, moved) on work; cancelling work cuts it short. It returns
// when the message in hand is settled, or at once when none is.
//
// With IMAPConfig.Lease (replicas on one PostgreSQL), the mailbox is read
// only while this replica holds its lease; the others wait, Standby, and
// one of them takes the mailbox over within LeaseDuration and a third once
// the holder stops renewing it (stopped, or killed).
func (s *IMAPSource) RunGraceful(stop, work context.Context) error {
	s.logAuthPolicy()
	// The successes of the last messages, before the store is closed.
	defer func() { _ = s.cfg.Attempts.Flush(context.WithoutCancel(work)) }()
	if s.cfg.Lease == nil {
		return s.runSessions(stop, work)
	}
	for {
		held, release := s.acquireLease(stop)
		if held == nil {
			return nil // stopping
		}
		err := s.runSessions(held, work)
		release()
		if stop.Err() != nil || work.Err() != nil || err != nil {
			return err
		}
		// Lease lost (a renewal refused or impossible for a whole lease):
		// back to waiting for it.
	}
}

// leaseKey names the mailbox in the leases (the folder_claims table of
// the watched folder's files: a file name never holds a "/", this key
// always does).
func (s *IMAPSource) leaseKey() string {
	return "boite:" + s.target.account() + "/" + s.target.mailbox
}

// Standby reports whether the source is waiting for the mailbox's lease,
// held by another replica: it reads nothing meanwhile, and is not at fault.
func (s *IMAPSource) Standby() bool { return s.standby.Load() }

// acquireLease waits until this replica holds the mailbox's lease, trying
// every third of LeaseDuration, and returns a context done when stop is
// done or the lease is lost, and a function releasing the lease. It
// returns nil when stop is done first.
//
// The holder renews the lease every third of LeaseDuration. It gives the
// mailbox up when a renewal is refused (another replica took it over), or
// when no renewal succeeded for two thirds of LeaseDuration (the database
// is out of reach: the lease may expire before it can tell), so that two
// replicas never read the mailbox at once for long; an overlap costs no
// duplicate (the ledger and the submissions' keys are unique), only work.
func (s *IMAPSource) acquireLease(stop context.Context) (context.Context, func()) {
	lease, d, key := s.cfg.Lease, s.cfg.LeaseDuration, s.leaseKey()
	every := d / 3
	logged := false
	for {
		ok, err := lease.ClaimFile(stop, key, s.holder, time.Now(), d)
		switch {
		case err != nil && stop.Err() == nil:
			s.log.Warn().Err(err).Msg("mailbox lease not claimed; trying again")
		case ok:
			s.standby.Store(false)
			s.log.Info().Dur("lease", d).Msg("mailbox lease held: this replica reads the mailbox")
			return s.holdLease(stop, every)
		case !logged:
			s.log.Info().Msg("mailbox read by another replica; waiting for its lease")
			logged = true
		}
		s.standby.Store(true)
		select {
		case <-stop.Done():
			return nil, nil
		case <-time.After(every):
		}
	}
}

// holdLease renews the held lease until stop is done or it is lost.
func (s *IMAPSource) holdLease(stop context.Context, every time.Duration) (context.Context, func()) {
	lease, d, key := s.cfg.Lease, s.cfg.LeaseDuration, s.leaseKey()
	held, cancel := context.WithCancel(stop)
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(every)
		defer t.Stop()
		renewed := time.Now()
		for {
			select {
			case <-held.Done():
				return
			case <-t.C:
			}
			ok, err := lease.ClaimFile(held, key, s.holder, time.Now(), d)
			switch {
			case err == nil && ok:
				renewed = time.Now()
			case err == nil:
				s.log.Warn().Msg("mailbox lease taken over by another replica: reading stops")
				cancel()
				return
			case held.Err() != nil:
				return
			case time.Since(renewed) > 2*d/3:
				s.log.Warn().Err(err).Msg("mailbox lease not renewed for too long: reading stops")
				cancel()
				return
			}
		}
	})
	return held, func() {
		cancel()
		wg.Wait()
		// Released even when stopping, so that another replica takes
		// the mailbox at once rather than after the lease.
		rctx, rcancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer rcancel()
		if err := lease.ReleaseFile(rctx, key, s.holder); err != nil {
			s.log.Warn().Err(err).Msg("mailbox lease not released; it expires by itself")
		}
	}
}

// ShareWith makes the source read the mailbox only while it holds the
// mailbox's lease in leases (replicas of one PostgreSQL database); call it
// before Run.
func (s *IMAPSource) ShareWith(leases FolderClaims) { s.cfg.Lease = leases }
