package ingest

import (
	"context"
	"fmt"
	"time"

	"github.com/fsnotify/fsnotify"
)

// lookSaveEvery is how often the last listing of the folder is recorded
// in Looks: the bound it gives after a restart is at most that old.
const lookSaveEvery = 30 * time.Second

// startNotify sets up the system's notifications on dir.
func startNotify(dir string) (*fsnotify.Watcher, error) {
	if notifyUnavailable {
		return nil, fmt.Errorf("watch folder %s: notifications disabled for a test", dir)
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch folder %s: %w", dir, err)
	}
	if err := fw.Add(dir); err != nil {
		fw.Close()
		return nil, fmt.Errorf("watch folder %s: %w", dir, err)
	}
	return fw, nil
}

// notifyUnavailable makes startNotify fail (tests of the fallback).
var notifyUnavailable = false

// Polling reports whether the folder is read by listing it at an interval
// (watch.polling, or notifications unavailable) rather than on the
// system's notifications.
func (w *FolderWatcher) Polling() bool { return w.polling.Load() }

// LastLook returns when the folder was last listed successfully (zero:
// never since the start).
func (w *FolderWatcher) LastLook() time.Time {
	if n := w.lastLook.Load(); n != 0 {
		return time.Unix(0, n)
	}
	return time.Time{}
}

// LookError returns why the last listing failed, "" when it worked.
func (w *FolderWatcher) LookError() string {
	if p := w.lookError.Load(); p != nil {
		return *p
	}
	return ""
}

// loadLook reads the last listing recorded before this start: files found
// now were deposited after it.
func (w *FolderWatcher) loadLook(ctx context.Context) {
	if w.cfg.Looks == nil || !w.lastListing.IsZero() {
		return
	}
	t, err := w.cfg.Looks.FolderLook(ctx, w.cfg.Dir)
	if err != nil {
		w.log.Warn().Err(err).Msg("last listing of the watched folder unknown: files found now are dated from the start")
		return
	}
	w.lastListing, w.savedLook = t, t
}

// saveLook records a listing in Looks, at most every lookSaveEvery.
func (w *FolderWatcher) saveLook(t time.Time) {
	if w.cfg.Looks == nil || t.Sub(w.savedLook) < lookSaveEvery {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := w.cfg.Looks.SetFolderLook(ctx, w.cfg.Dir, t); err != nil {
		w.log.Warn().Err(err).Msg("last listing of the watched folder not recorded")
		return
	}
	w.savedLook = t
}

// depositTime is when a file was deposited, as docs/RULES.md says: its
// modification time, when that is plausible; otherwise the nearest
// plausible time. Plausible means not in the future (a clock ahead, a
// file from another time zone's share) and not before the listing of the
// folder that preceded the first sight of the file (o.bound: the last
// listing before a restart, recorded in the database). A copy keeping an
// old modification time is thus dated when the folder was last seen
// without it, and a file dropped while pactd was stopped keeps its time,
// so a daemon outage never makes a punctual territory late.
func depositTime(o observation, now time.Time) time.Time {
	t := o.mtime
	if t.After(now) {
		t = now
	}
	if !o.bound.IsZero() && t.Before(o.bound) {
		t = o.bound
	}
	return t
}
