package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// take processes one settled file and moves it with its note. Whatever
// happens, the file's turn ends here, as soon as it is recorded; the
// caller settles the result.
//
// Each attempt on the file is counted (Attempts) after its claim and
// before it is read: a file that failed, panicked or crashed the process
// Max times is set aside (quarantined with the reason, administrators
// told) without being processed again. A file too large, or that stays
// unreadable, is a quarantine entry like any other.
func (w *FolderWatcher) take(ctx context.Context, j folderJob) error {
	defer j.turn.Done()
	path, o, name := j.path, j.obs, filepath.Base(j.path)
	if ctx.Err() != nil {
		return fmt.Errorf("take %s: %w", name, ctx.Err())
	}
	if w.cfg.Claims != nil {
		// Shared with other replicas: a file one of them moved since it
		// was queued here is passed over without a claim.
		if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("take %s: %w", name, errFileGone)
		}
	}
	claim, at, err := w.claimAndBegin(ctx, name, folderKey(name, o))
	if err != nil {
		return fmt.Errorf("take %s: %w", name, err)
	}
	defer claim.release()
	out, sum, err := w.attempt(ctx, j, at)
	// Recorded (or given up): the territory's later files may be recorded
	// now, while this one is moved.
	j.turn.Done()
	if err != nil {
		return err
	}
	if w.Hook != nil {
		w.Hook("committed")
	}
	// The writer may have gone on after a pause longer than the settle
	// time: what was processed is then not the file, which must stay.
	if fi, err := os.Lstat(path); err == nil && (fi.Size() != o.size || !fi.ModTime().Equal(o.mtime)) {
		_ = at.succeeded(ctx) // the new version has a key of its own
		return fmt.Errorf("move %s: size or time changed since it was read: %w", name, errStillWriting)
	}
	dir := FolderProcessed
	if out.Quarantined {
		dir = FolderQuarantine
	}
	if err := w.move(path, dir, name, sum, j.received, out); err != nil {
		if at.exhausted() || at.final() {
			return fmt.Errorf("%w: %w", errStuck, err)
		}
		_ = at.failed(ctx, err)
		return err
	}
	if err := claim.succeeded(ctx, at); err != nil {
		w.log.Warn().Err(err).Str("file", name).Msg("attempts of a file taken not cleared")
	}
	w.taken.Add(1)
	w.log.Info().Str("file", name).Str("folder", dir).Str("receipt", out.Receipt.Number).Msg("file taken")
	return nil
}

// attempt reads and processes the file, or sets it aside when it is too
// large, when its attempts are spent, or when this last attempt failed. It
// returns the outcome and the file's SHA-256 ("" when not read), or an
// error when the file stays in the folder for a later attempt.
func (w *FolderWatcher) attempt(ctx context.Context, j folderJob, at *attempt) (Outcome, string, error) {
	path, o, name := j.path, j.obs, filepath.Base(j.path)
	content, err := w.read(path, name, o)
	sum := ""
	if content != nil {
		h := sha256.Sum256(content)
		sum = hex.EncodeToString(h[:])
	}
	switch {
	case errors.Is(err, errFileGone), errors.Is(err, errStillWriting):
		_ = at.uncount(ctx)
		return Outcome{}, "", err
	case at.exhausted():
		// Failed Max times already, or crashed the process while being
		// processed: never processed again.
		out, err := w.setAside(ctx, j, at, nil, content)
		return out, sum, err
	case errors.Is(err, errTooLarge):
		reason := fmt.Sprintf("Le fichier dépasse la taille maximale acceptée (%d Mo) : il n'a pas été lu.", w.cfg.MaxFileSize>>20)
		q := &reconcile.QuarantineEntry{ReceivedAt: j.received, FileName: name, Reason: reason,
			Origin: reconcile.Origin{Kind: reconcile.OriginFolder, Path: path, Key: "dossier-taille:" + at.key}}
		if err := w.quarantine(ctx, q); err != nil {
			return Outcome{}, "", err
		}
		w.cfg.Attempts.observe(reconcile.OriginFolder, "quarantined")
		return Outcome{Quarantined: true, Reason: reason, Receipt: quarantineReceipt(q)}, "", nil
	case err != nil:
		return w.failed(ctx, j, at, err, nil)
	}
	in := Incoming{Name: name, Content: content, ReceivedAt: j.received, Turn: j.turn, Origin: reconcile.Origin{
		Kind: reconcile.OriginFolder, Path: path, Key: "dossier:" + name + ":" + sum}}
	var out Outcome
	err = safely(w.log.With().Str("file", name).Logger(), "process", func() error {
		var err error
		out, err = w.proc.Process(ctx, in)
		return err
	})
	if err != nil {
		if ctx.Err() != nil || errors.Is(err, ErrNoRegister) {
			_ = at.uncount(ctx) // not the file's fault
			return Outcome{}, "", fmt.Errorf("process %s: %w", name, err)
		}
		return w.failed(ctx, j, at, fmt.Errorf("process %s: %w", name, err), content)
	}
	return out, sum, nil
}

// failed records a failed attempt on the file: it stays in the folder for
// the next, or is set aside when this was its last.
func (w *FolderWatcher) failed(ctx context.Context, j folderJob, at *attempt, err error, content []byte) (Outcome, string, error) {
	if !at.final() {
		if ferr := at.failed(ctx, err); ferr != nil {
			w.log.Warn().Err(ferr).Msg("failed attempt not recorded")
		}
		return Outcome{}, "", fmt.Errorf("attempt %d of %d: %w", at.n, at.a.max(), err)
	}
	out, serr := w.setAside(ctx, j, at, err, content)
	sum := ""
	if content != nil {
		h := sha256.Sum256(content)
		sum = hex.EncodeToString(h[:])
	}
	return out, sum, serr
}

// setAside quarantines a file whose attempts are spent, with the reason,
// and tells the administrators.
func (w *FolderWatcher) setAside(ctx context.Context, j folderJob, at *attempt, last error, content []byte) (Outcome, error) {
	name := filepath.Base(j.path)
	reason := at.reason("Le fichier « "+name+" »", last)
	q := &reconcile.QuarantineEntry{ReceivedAt: j.received, FileName: name, Reason: reason, Content: content,
		Origin: reconcile.Origin{Kind: reconcile.OriginFolder, Path: j.path, Key: "dossier-echec:" + at.key}}
	if err := w.quarantine(ctx, q); err != nil {
		return Outcome{}, err
	}
	w.log.Error().Str("file", name).Int("attempts", at.n).Str("reason", reason).Msg("file set aside after its attempts")
	w.cfg.Attempts.alert(ctx, w.log, "alerte:"+at.key, "pactd : un fichier du dossier surveillé est mis de côté",
		"Bonjour,\n\nLe fichier « "+name+" » déposé dans le dossier surveillé n'a pas pu être traité. "+reason+
			"\n\nIl est en quarantaine : voyez la page d'état pour le télécharger et le traiter à la main.\n")
	w.cfg.Attempts.observe(reconcile.OriginFolder, "quarantined")
	return Outcome{Quarantined: true, Reason: reason, Receipt: quarantineReceipt(q)}, nil
}

// quarantine records q when the watcher has a store.
func (w *FolderWatcher) quarantine(ctx context.Context, q *reconcile.QuarantineEntry) error {
	if w.cfg.Quarantine == nil {
		return nil
	}
	if err := w.cfg.Quarantine.Quarantine(ctx, q); err != nil {
		return fmt.Errorf("quarantine %s: %w", q.FileName, err)
	}
	w.log.Warn().Str("file", q.FileName).Int64("quarantine_id", q.ID).Msg("file quarantined")
	return nil
}

// quarantineReceipt numbers a quarantine entry as the pipeline does.
func quarantineReceipt(q *reconcile.QuarantineEntry) reconcile.Receipt {
	if q.ID == 0 {
		return reconcile.Receipt{}
	}
	return reconcile.Receipt{Number: fmt.Sprintf("QR-%06d", q.ID), ReceivedAt: q.ReceivedAt, Origin: q.Origin}
}

// move moves the file to dir with its note.
func (w *FolderWatcher) move(path, dir, name, sum string, received time.Time, out Outcome) error {
	dest, err := placeNote(filepath.Join(w.cfg.Dir, dir), name, sum, folderNote(name, sum, received, out))
	if err != nil {
		return err
	}
	if err := os.Rename(path, dest); err != nil {
		os.Remove(dest + ".txt") // the name is free again
		return fmt.Errorf("move %s to %s: %w", name, dir, err)
	}
	return nil
}

// folderKey names one version of a file in the attempts: its name, size
// and modification time (a file written again is a new item).
func folderKey(name string, o observation) string {
	return "dossier:" + name + ":" + strconv.FormatInt(o.size, 10) + ":" + strconv.FormatInt(o.mtime.UnixNano(), 10)
}

// placeNote finds a path in dir for name that is taken by no file, and
// reserves it by creating its note "<path>.txt" exclusively with text
// (another worker or replica moving a file of the same name picks
// another): name, then "base-2.ext", "base-3.ext"... It returns the path.
// A note left by a crash between writing it and moving the file (it names
// the same SHA-256) is written again and its name taken. One file created
// a file moved: creating files in one directory is what workers contend
// for on a busy folder.
func placeNote(dir, name, sum, text string) (string, error) {
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	for i := 1; i < 10000; i++ {
		cand := name
		if i > 1 {
			cand = fmt.Sprintf("%s-%d%s", base, i, ext)
		}
		p := filepath.Join(dir, cand)
		if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
			continue
		}
		err := createNote(p+".txt", text)
		if err == nil {
			return p, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("reserve %s in %s: %w", cand, dir, err)
		}
		if note, err := os.ReadFile(p + ".txt"); err == nil && sum != "" && strings.Contains(string(note), sum) {
			if err := os.WriteFile(p+".txt", []byte(text), 0o640); err != nil {
				return "", fmt.Errorf("write note %s: %w", cand, err)
			}
			return p, nil
		}
	}
	return "", fmt.Errorf("find a free name for %s in %s: too many files of that name", name, dir)
}

// createNote creates path with text, failing with fs.ErrExist when it is
// there. A crash while writing leaves a note without the file beside it,
// as one between reserving the name and moving the file does.
func createNote(path, text string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o640)
	if err != nil {
		return err
	}
	_, werr := f.WriteString(text)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(path)
		return fmt.Errorf("write note %s: %w", filepath.Base(path), werr)
	}
	return nil
}
