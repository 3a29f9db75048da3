package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"
)

// FolderClaims shares a watched folder among replicas of one database
// (internal/sqlite and internal/postgres implement it): a replica claims a
// file before reading it and releases it once the file is moved, so each
// file is parsed and moved by one replica. A claim lasts lease unless the
// holder claims it again; a replica that dies leaves claims that expire,
// and another replica takes its files over.
type FolderClaims interface {
	// ClaimFile claims the file name for holder until now+lease, or
	// extends holder's own claim, and returns true; it returns false when
	// another holder's claim has not expired at now.
	ClaimFile(ctx context.Context, name, holder string, now time.Time, lease time.Duration) (bool, error)
	// ReleaseFile ends holder's claim on name (nothing when another holder
	// took it over).
	ReleaseFile(ctx context.Context, name, holder string) error
}

// ClaimAttempter is what a store holding both the claims and the attempts
// may add (internal/sqlite and internal/postgres do): a file's claim and
// the count of an attempt on it in one transaction, one commit instead of
// two. Nothing is counted when the claim is refused.
type ClaimAttempter interface {
	// ClaimFileAndBeginAttempt is ClaimFile then, when the claim is
	// granted, AttemptStore.BeginAttempt(key, began).
	ClaimFileAndBeginAttempt(ctx context.Context, name, holder string, now time.Time, lease time.Duration,
		key string, began time.Time) (claimed bool, n int, last string, err error)
}

// ClaimChecker is what a FolderClaims may add (internal/sqlite and
// internal/postgres do): who holds a running claim on a file, read without
// a transaction. While another replica is taking files of the folder, the
// two walk the same files in the same order and most claims of one are
// refused; the check refuses them for one read instead of a transaction.
type ClaimChecker interface {
	// ClaimHolder returns the holder of the claim on name that has not
	// expired at now, "" when there is none.
	ClaimHolder(ctx context.Context, name string, now time.Time) (string, error)
}

// rivalWindow is how long after a refused claim the watcher checks claims
// before taking them.
const rivalWindow = 30 * time.Second

// errClaimedElsewhere: another replica holds the file's claim.
var errClaimedElsewhere = errors.New("file claimed by another replica")

// replicaName names this process in claims: host, process id, start time.
func replicaName() string {
	host, _ := os.Hostname()
	return host + ":" + strconv.Itoa(os.Getpid()) + ":" + strconv.FormatInt(time.Now().UnixNano(), 36)
}

// fileClaim is a file's claim while a worker has the file: renewed every
// third of the lease until the file is moved or given up.
type fileClaim struct {
	w    *FolderWatcher
	ctx  context.Context
	name string
	stop chan struct{} // nil once renewals stopped, or without claims
	wg   sync.WaitGroup
	// handed: the claim is released with the attempt's batch.
	handed bool
}

// claimAndBegin takes the file's claim when the folder is shared, and
// keeps it renewed until release, then counts an attempt on the file
// under key (in the claim's transaction when the store can).
func (w *FolderWatcher) claimAndBegin(ctx context.Context, name, key string) (*fileClaim, *attempt, error) {
	fc := &fileClaim{w: w, ctx: ctx, name: name}
	c := w.cfg.Claims
	if c == nil {
		at, err := w.cfg.Attempts.begin(ctx, key)
		return fc, at, err
	}
	if cc, ok := c.(ClaimChecker); ok && time.Since(time.Unix(0, w.rival.Load())) < rivalWindow {
		holder, err := cc.ClaimHolder(ctx, name, time.Now())
		if err != nil {
			return nil, nil, fmt.Errorf("claim %s: %w", name, err)
		}
		if holder != "" && holder != w.holder {
			w.rival.Store(time.Now().UnixNano())
			return nil, nil, fmt.Errorf("claim %s: %w", name, errClaimedElsewhere)
		}
	}
	var at *attempt
	var ok bool
	var err error
	if ca, both := c.(ClaimAttempter); both && w.cfg.Attempts != nil && sameStore(c, w.cfg.Attempts.Store) {
		at = &attempt{a: w.cfg.Attempts, key: key, began: w.cfg.Attempts.now()}
		ok, at.n, at.last, err = ca.ClaimFileAndBeginAttempt(ctx, name, w.holder, time.Now(), w.cfg.ClaimLease, key, at.began)
	} else {
		ok, err = c.ClaimFile(ctx, name, w.holder, time.Now(), w.cfg.ClaimLease)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("claim %s: %w", name, err)
	}
	if !ok {
		w.rival.Store(time.Now().UnixNano())
		return nil, nil, fmt.Errorf("claim %s: %w", name, errClaimedElsewhere)
	}
	fc.stop = make(chan struct{})
	fc.wg.Go(func() { fc.renew(c) })
	if at == nil {
		if at, err = w.cfg.Attempts.begin(ctx, key); err != nil {
			fc.release()
			return nil, nil, err
		}
	}
	return fc, at, nil
}

// renew extends the claim every third of the lease until stopped.
func (fc *fileClaim) renew(c FolderClaims) {
	w := fc.w
	t := time.NewTicker(w.cfg.ClaimLease / 3)
	defer t.Stop()
	for {
		select {
		case <-fc.stop:
			return
		case <-t.C:
			if ok, err := c.ClaimFile(fc.ctx, fc.name, w.holder, time.Now(), w.cfg.ClaimLease); err != nil || !ok {
				w.log.Warn().Err(err).Str("file", fc.name).Msg("claim not renewed: another replica may take the file")
			}
		}
	}
}

// stopRenewing ends the renewals.
func (fc *fileClaim) stopRenewing() {
	if fc.stop != nil {
		close(fc.stop)
		fc.wg.Wait()
		fc.stop = nil
	}
}

// succeeded forgets the attempts on the file, which is moved, and
// releases its claim with them in the attempts' next batch when one store
// holds both (release then does nothing).
func (fc *fileClaim) succeeded(ctx context.Context, at *attempt) error {
	fc.stopRenewing()
	if at.a.batches(fc.w.cfg.Claims) {
		fc.handed = true
		return at.succeededReleasing(ctx, fc.name, fc.w.holder)
	}
	return at.succeeded(ctx)
}

// release gives the claim back now, unless it went with the attempts'
// batch; without claims it does nothing.
func (fc *fileClaim) release() {
	fc.stopRenewing()
	c := fc.w.cfg.Claims
	if c == nil || fc.handed {
		return
	}
	// Released even when ctx is cancelled: otherwise the other replicas
	// wait for the lease to expire.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(fc.ctx), 5*time.Second)
	defer cancel()
	if err := c.ReleaseFile(rctx, fc.name, fc.w.holder); err != nil {
		fc.w.log.Warn().Err(err).Str("file", fc.name).Msg("claim not released; it expires by itself")
	}
}
