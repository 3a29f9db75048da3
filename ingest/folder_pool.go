package ingest

import (
	"cmp"
	"errors"
	"path/filepath"
	"runtime"
	"slices"
	"time"
)

// Workers returns n, or the number of CPUs when n is 0 or less: the
// default size of the intake's worker pools.
func Workers(n int) int {
	if n > 0 {
		return n
	}
	return runtime.NumCPU()
}

// errFileGone: the file left the folder before it was read (another
// replica took it, or a person moved it).
var errFileGone = errors.New("file no longer in the folder")

// folderJob is one settled file handed to a worker.
type folderJob struct {
	path     string
	obs      observation
	received time.Time // when it was taken, in arrival order
	turn     *Turn
}

// folderResult is what a worker did with a job: nil when the file was
// processed and moved.
type folderResult struct {
	job folderJob
	err error
}

// ready returns the candidates that have been stable for Settle and are
// not in a worker's hands, marked busy, in the order they arrived (their
// last change, then their name), each with its turn and reception time.
func (w *FolderWatcher) ready() []folderJob {
	var out []folderJob
	now := w.now()
	for path, o := range w.seen {
		if w.busy[path] {
			continue
		}
		if st, ok := w.stuck[path]; ok && st.size == o.size && st.mtime.Equal(o.mtime) {
			continue
		}
		w.note(path) // a change restarts the settle time
		cur, ok := w.seen[path]
		if !ok || cur != o || now.Sub(cur.changed) < w.cfg.Settle {
			continue
		}
		out = append(out, folderJob{path: path, obs: cur})
	}
	slices.SortFunc(out, func(a, b folderJob) int {
		return cmp.Or(depositTime(a.obs, now).Compare(depositTime(b.obs, now)), a.obs.changed.Compare(b.obs.changed),
			cmp.Compare(a.path, b.path))
	})
	var last time.Time
	for i := range out {
		w.busy[out[i].path] = true
		out[i].turn = w.arrivals.Next(1)
		// The reception time is the deposit time (docs/RULES.md). Among
		// the files taken at once they strictly increase in arrival
		// order, so that the newest of two files deposited in one clock
		// tick is plain: a time is only ever moved later, by a
		// nanosecond, never before the file's deposit. A file taken again
		// after a failed attempt keeps its deposit time, before the newer
		// files taken meanwhile.
		t := depositTime(out[i].obs, now)
		if i > 0 && !t.After(last) {
			t = last.Add(time.Nanosecond)
		}
		out[i].received, last = t, t
	}
	return out
}

// settle records what a worker did with a file: gone from the candidates
// when moved (or gone), back in the queue otherwise. Where an item fails
// is said here, once: the error names the step (claim, read, process,
// move).
func (w *FolderWatcher) settle(r folderResult) {
	path, name := r.job.path, filepath.Base(r.job.path)
	delete(w.busy, path)
	switch {
	case r.err == nil, errors.Is(r.err, errFileGone):
		delete(w.seen, path)
	case errors.Is(r.err, errStillWriting):
		// Changed since it was read, or a zip without its end record
		// written moments ago: back in the queue.
		w.log.Info().Err(r.err).Str("file", name).Msg("file still being written; waiting")
		delete(w.seen, path)
		w.note(path)
		w.restartSettle(path)
	case errors.Is(r.err, errStuck):
		// Set aside, but the folder refuses the move: not tried again
		// while the file stays as it is (the log says it once).
		w.log.Error().Err(r.err).Str("file", name).Msg("file set aside but left in the folder: move it by hand")
		w.stuck[path] = r.job.obs
	case errors.Is(r.err, errClaimedElsewhere):
		// Another replica has it: look again after a settle time; by
		// then it is usually moved, or its claim has expired.
		w.log.Debug().Str("file", name).Msg("file claimed by another replica")
		w.restartSettle(path)
	default:
		// A failed attempt: the next one after a while, so that a fault
		// of a few seconds (a database restarting) does not spend the
		// file's attempts at once.
		w.log.Error().Err(r.err).Str("file", name).Dur("retry_in", w.cfg.Retry).Msg("file not taken; retried later")
		w.restartSettle(path)
		if o, ok := w.seen[path]; ok {
			o.changed = o.changed.Add(max(w.cfg.Retry-w.cfg.Settle, 0))
			w.seen[path] = o
		}
	}
}

// restartSettle makes a candidate wait another settle time.
func (w *FolderWatcher) restartSettle(path string) {
	if o, ok := w.seen[path]; ok {
		o.changed = w.now()
		w.seen[path] = o
	}
}
