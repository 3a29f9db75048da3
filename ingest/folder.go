package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/rs/zerolog"

	"github.com/pactd/pactd/reconcile"
)

// Folders inside the watched folder where taken files end.
const (
	FolderProcessed  = "traites"
	FolderQuarantine = "quarantaine"
)

// FolderConfig is the watched folder (PACTD_WATCH_DIR).
type FolderConfig struct {
	Dir string
	// Settle is how long a file's size and modification time must stay
	// unchanged before it is taken; default 500 ms. A copy that pauses
	// longer is still not taken while its zip end record is missing (see
	// StallWait), nor moved if it changed while being processed.
	Settle time.Duration
	// StallWait is how long a workbook whose zip end record is missing is
	// waited for after its last change, as a copy stalled half-way; past
	// it the file is judged damaged and processed (quarantined). Default
	// ten Settle times, and at least 1 min.
	StallWait time.Duration
	// Scan is the interval of the safety scan that finds files fsnotify
	// missed (network shares, overflow); default 30 s.
	Scan time.Duration
	// MaxFileSize: a larger file is quarantined unread; default 20 MiB.
	MaxFileSize int64
	// Workers is how many files are read and processed at once; default
	// the number of CPUs. Files of one territory are still recorded in the
	// order they arrived (see Arrivals).
	Workers int
	// Claims, when set, shares the folder with the other replicas of one
	// database: each file is claimed before it is read, so that one
	// replica reads and moves it. nil: this process alone reads the folder.
	Claims FolderClaims
	// ClaimLease is how long a claim holds unless renewed (the holder
	// renews it while it works): a file whose replica died is taken over
	// by another within about that time. Default 30 s.
	ClaimLease time.Duration
	// Retry is how long a file whose attempt failed waits for the next;
	// default 30 s.
	Retry time.Duration
	// Attempts counts the attempts on each file and sets aside a file
	// that keeps failing; nil: panics are still recovered, nothing is
	// counted.
	Attempts *Attempts
	// Quarantine records the files set aside outside the pipeline (too
	// large, unreadable, attempts spent); nil: only their note says so.
	Quarantine Quarantiner
	// Polling lists the folder every Poll instead of waiting for the
	// system's notifications (watch.polling): for network shares, whose
	// changes inotify does not see. Run falls back to it by itself when
	// notifications cannot be set up (inotify limits), and says so.
	Polling bool
	// Poll is the interval of the listings when polling; default 5 s.
	Poll time.Duration
	// Looks keeps the time of the last listing of the folder across
	// restarts, for the deposit time of the files found at a start (see
	// depositTime); nil: the start time bounds them.
	Looks FolderLooks
}

// FolderLooks keeps when the watched folder was last listed
// (internal/sqlite and internal/postgres, table folder_looks).
type FolderLooks interface {
	FolderLook(ctx context.Context, dir string) (time.Time, error)
	SetFolderLook(ctx context.Context, dir string, t time.Time) error
}

// Quarantiner records a quarantine entry (reconcile.Store does).
type Quarantiner interface {
	Quarantine(ctx context.Context, q *reconcile.QuarantineEntry) error
}

// FolderWatcher takes the files dropped in a folder, once each has stopped
// changing, runs them through the Processor on a pool of Workers and moves
// them to traites/ or quarantaine/ beside a French note "<name>.txt" saying
// what became of them. Temporary names of editors and copies in progress
// are never taken: "~$x.xlsx", ".~lock.x#", "*.part", "*.tmp",
// "*.crdownload", "*.swp" and hidden files. The Origin.Key
// "dossier:<name>:<sha256>" makes a file taken again after a crash count
// once.
type FolderWatcher struct {
	cfg  FolderConfig
	proc Processor
	log  zerolog.Logger
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Hook, when set, is called at "committed" (processed, not moved).
	Hook func(point string)

	// seen and busy belong to the goroutine running Run or Poll.
	seen     map[string]observation
	busy     map[string]bool        // taken by a worker, not settled yet
	stuck    map[string]observation // set aside, not movable: left alone
	arrivals Arrivals
	holder   string // this replica, in claims
	// rival is when a claim of this replica was last refused (unix
	// nanoseconds): another replica is taking files of the folder.
	rival atomic.Int64
	taken atomic.Int64
	// lastListing is when the folder was last listed (or, before the
	// first listing, the last one recorded in Looks): a file first seen
	// after it was not there then.
	lastListing time.Time
	savedLook   time.Time // the last listing recorded in Looks
	polling     atomic.Bool
	lastLook    atomic.Int64 // unix nanoseconds of the last listing that worked
	lookError   atomic.Pointer[string]
}

// observation is what was last seen of a candidate file.
type observation struct {
	size    int64
	mtime   time.Time
	changed time.Time // when size or mtime last changed, on our clock
	// bound is the listing before the file was first seen: it was
	// deposited after it (see depositTime).
	bound time.Time
}

// NewFolderWatcher returns a watcher of cfg.Dir, creating it and its
// traites/ and quarantaine/ folders when missing.
func NewFolderWatcher(cfg FolderConfig, p Processor, log zerolog.Logger) (*FolderWatcher, error) {
	if cfg.Dir == "" {
		return nil, errors.New("watch folder: no directory given")
	}
	if cfg.Settle <= 0 {
		cfg.Settle = 500 * time.Millisecond
	}
	if cfg.StallWait <= 0 {
		cfg.StallWait = max(10*cfg.Settle, time.Minute)
	}
	if cfg.Scan <= 0 {
		cfg.Scan = 30 * time.Second
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 5 * time.Second
	}
	if cfg.Retry <= 0 {
		cfg.Retry = 30 * time.Second
	}
	if cfg.MaxFileSize <= 0 {
		cfg.MaxFileSize = 20 << 20
	}
	cfg.Workers = Workers(cfg.Workers)
	if cfg.ClaimLease <= 0 {
		cfg.ClaimLease = 30 * time.Second
	}
	for _, d := range []string{cfg.Dir, filepath.Join(cfg.Dir, FolderProcessed), filepath.Join(cfg.Dir, FolderQuarantine)} {
		if err := os.MkdirAll(d, 0o750); err != nil {
			return nil, fmt.Errorf("create watched folder %s: %w", d, err)
		}
	}
	return &FolderWatcher{cfg: cfg, proc: p, log: log.With().Str("watch_dir", cfg.Dir).Logger(),
		seen: map[string]observation{}, busy: map[string]bool{}, stuck: map[string]observation{}, holder: replicaName()}, nil
}

// Taken returns how many files were taken since the watcher started.
func (w *FolderWatcher) Taken() int64 { return w.taken.Load() }

func (w *FolderWatcher) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

// Run watches the folder until ctx is done, and returns nil then. Files
// being processed when ctx ends are cut short and stay in the folder for
// the next start. Files whose processing failed are retried at the next
// look.
func (w *FolderWatcher) Run(ctx context.Context) error { return w.RunGraceful(ctx, ctx) }

// RunGraceful is Run with a graceful stop: once stop is done no new file
// is started, and the files in the workers' hands finish on work
// (processed and moved); cancelling work cuts them short. It returns when
// the workers are done.
func (w *FolderWatcher) RunGraceful(stop, work context.Context) error {
	w.loadLook(stop)
	if w.lastListing.IsZero() {
		// Never listed before: files found now were deposited after
		// the start, as far as pactd can tell.
		w.lastListing = w.now()
	}
	var events <-chan fsnotify.Event
	var errs <-chan error
	if w.cfg.Polling {
		w.polling.Store(true)
		w.log.Info().Dur("every", w.cfg.Poll).Msg("watched folder polled (watch.polling): listed at a fixed interval")
	} else if fw, err := startNotify(w.cfg.Dir); err != nil {
		// inotify limits, a file system without notifications: the folder
		// is still read, by listing it.
		w.polling.Store(true)
		w.log.Warn().Err(err).Dur("every", w.cfg.Poll).
			Msg("folder notifications unavailable: the watched folder is polled instead (health says \"sondage périodique\")")
	} else {
		defer fw.Close()
		events, errs = fw.Events, fw.Errors
	}
	scanEvery := w.cfg.Scan
	if w.polling.Load() {
		scanEvery = w.cfg.Poll
	}
	tick := time.NewTicker(min(w.cfg.Settle/4+time.Millisecond, time.Second))
	defer tick.Stop()
	jobs := make(chan folderJob)
	// One result per job in hand, at most Workers: workers never block
	// on it, even while the loop below has stopped reading.
	results := make(chan folderResult, w.cfg.Workers)
	var wg sync.WaitGroup
	for range w.cfg.Workers {
		wg.Go(func() {
			for j := range jobs {
				err := safely(w.log.With().Str("file", filepath.Base(j.path)).Logger(), "take",
					func() error { return w.take(work, j) })
				results <- folderResult{job: j, err: err}
			}
		})
	}
	defer func() {
		close(jobs)
		wg.Wait()
		// The successes of the last files, before the store is closed.
		_ = w.cfg.Attempts.Flush(context.WithoutCancel(work))
	}()
	var queue []folderJob
	lastScan := time.Time{}
	look := true // at the start, then at every tick: files are stat'ed then
	for {
		if look {
			if time.Since(lastScan) >= scanEvery {
				w.discover()
				lastScan = time.Now()
			}
			queue = append(queue, w.ready()...)
			look = false
		}
		var send chan folderJob
		var next folderJob
		if len(queue) > 0 {
			send, next = jobs, queue[0]
		}
		select {
		case <-stop.Done():
			for _, j := range queue {
				j.turn.Done()
			}
			return nil
		case send <- next:
			queue = queue[1:]
		case r := <-results:
			w.settle(r)
		case ev := <-events:
			if ev.Has(fsnotify.Create) || ev.Has(fsnotify.Write) || ev.Has(fsnotify.Rename) || ev.Has(fsnotify.Chmod) {
				w.note(ev.Name)
			}
		case err := <-errs:
			w.log.Warn().Err(err).Msg("watch folder events lost; scanning")
			lastScan, look = time.Time{}, true
		case <-tick.C:
			look = true
		}
	}
}

// discover lists the folder and notes every candidate file. A folder that
// cannot be listed is said in the log and in Health.
func (w *FolderWatcher) discover() {
	listedAt := w.now()
	entries, err := os.ReadDir(w.cfg.Dir)
	if err != nil {
		msg := err.Error()
		if prev := w.lookError.Swap(&msg); prev == nil || *prev != msg {
			w.log.Error().Err(err).Msg("watched folder cannot be listed")
		}
		return
	}
	if w.lookError.Swap(nil) != nil {
		w.log.Info().Msg("watched folder listed again")
	}
	for _, e := range entries {
		w.note(filepath.Join(w.cfg.Dir, e.Name()))
	}
	w.lastListing = listedAt
	w.lastLook.Store(time.Now().UnixNano())
	w.saveLook(listedAt)
}

// note records what is seen of path now, if it is a candidate.
func (w *FolderWatcher) note(path string) {
	if filepath.Dir(path) != filepath.Clean(w.cfg.Dir) || skipName(filepath.Base(path)) {
		return
	}
	fi, err := os.Lstat(path)
	// A symbolic link is a candidate, never followed: reading it fails
	// (O_NOFOLLOW) and it ends in quarantine saying why.
	if err != nil || !(fi.Mode().IsRegular() || fi.Mode()&os.ModeSymlink != 0) {
		delete(w.seen, path)
		return
	}
	o, ok := w.seen[path]
	bound := o.bound
	if !ok {
		bound = w.lastListing
	}
	if !ok || o.size != fi.Size() || !o.mtime.Equal(fi.ModTime()) {
		w.seen[path] = observation{size: fi.Size(), mtime: fi.ModTime(), changed: w.now(), bound: bound}
	}
}

// Poll takes every candidate that has been stable for Settle, on the
// pool of Workers, and returns once they are all settled (their
// successful attempts forgotten in the store too). Run does the
// same without waiting; tests and one-shot commands may call Poll, after
// noting files with Discover.
func (w *FolderWatcher) Poll(ctx context.Context) {
	todo := w.ready()
	if len(todo) == 0 {
		return
	}
	jobs := make(chan folderJob, len(todo))
	results := make(chan folderResult, len(todo))
	var panicked atomic.Pointer[any]
	var wg sync.WaitGroup
	for range min(w.cfg.Workers, len(todo)) {
		wg.Go(func() {
			// A panic in a worker reaches Poll's caller, as it would
			// if the files were taken on the caller's goroutine.
			defer func() {
				if p := recover(); p != nil {
					panicked.CompareAndSwap(nil, &p)
				}
			}()
			for j := range jobs {
				results <- folderResult{job: j, err: w.take(ctx, j)}
			}
		})
	}
	for _, j := range todo {
		jobs <- j
	}
	close(jobs)
	wg.Wait()
	_ = w.cfg.Attempts.Flush(context.WithoutCancel(ctx)) // settled: the successes written too
	if p := panicked.Load(); p != nil {
		panic(*p)
	}
	close(results)
	for r := range results {
		w.settle(r)
	}
}

// Discover notes every file of the folder now (Run does it every Scan).
func (w *FolderWatcher) Discover() { w.discover() }

// skipName reports whether a file name is one never taken: editors' lock
// and temporary files, copies in progress, hidden files.
func skipName(name string) bool {
	l := strings.ToLower(name)
	if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "~$") || strings.HasPrefix(l, "~") {
		return true
	}
	for _, suf := range []string{".part", ".tmp", ".temp", ".crdownload", ".partial", ".swp", ".download", "#"} {
		if strings.HasSuffix(l, suf) {
			return true
		}
	}
	return false
}
