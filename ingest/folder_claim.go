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

// errClaimedElsewhere: another replica holds the file's claim.
var errClaimedElsewhere = errors.New("file claimed by another replica")

// replicaName names this process in claims: host, process id, start time.
func replicaName() string {
	host, _ := os.Hostname()
	return host + ":" + strconv.Itoa(os.Getpid()) + ":" + strconv.FormatInt(time.Now().UnixNano(), 36)
}

// claim takes the file's claim when the folder is shared, and keeps it
// renewed (every third of the lease) until release is called; release
// then gives it back. Without Claims it does nothing.
func (w *FolderWatcher) claim(ctx context.Context, name string) (release func(), err error) {
	c := w.cfg.Claims
	if c == nil {
		return func() {}, nil
	}
	ok, err := c.ClaimFile(ctx, name, w.holder, time.Now(), w.cfg.ClaimLease)
	if err != nil {
		return nil, fmt.Errorf("claim %s: %w", name, err)
	}
	if !ok {
		return nil, fmt.Errorf("claim %s: %w", name, errClaimedElsewhere)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(w.cfg.ClaimLease / 3)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				if ok, err := c.ClaimFile(ctx, name, w.holder, time.Now(), w.cfg.ClaimLease); err != nil || !ok {
					w.log.Warn().Err(err).Str("file", name).Msg("claim not renewed: another replica may take the file")
				}
			}
		}
	})
	return func() {
		close(stop)
		wg.Wait()
		// Released even when ctx is cancelled: otherwise the other
		// replicas wait for the lease to expire.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := c.ReleaseFile(rctx, name, w.holder); err != nil {
			w.log.Warn().Err(err).Str("file", name).Msg("claim not released; it expires by itself")
		}
	}, nil
}
