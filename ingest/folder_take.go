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
	"strings"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// take processes one settled file and moves it with its note. Whatever
// happens, the file's turn ends here; the caller settles the result.
func (w *FolderWatcher) take(ctx context.Context, j folderJob) error {
	defer j.turn.Done()
	path, o, name := j.path, j.obs, filepath.Base(j.path)
	if ctx.Err() != nil {
		return fmt.Errorf("take %s: %w", name, ctx.Err())
	}
	release, err := w.claim(ctx, name)
	if err != nil {
		return err
	}
	defer release()
	var content []byte
	var sum string
	if o.size <= w.cfg.MaxFileSize {
		data, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("read %s: %w", name, errFileGone)
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		content = data
		if stillWriting(name, data, o.mtime, w.now(), w.cfg.StallWait) {
			return fmt.Errorf("read %s: zip end record missing, modified %s: %w", name, o.mtime.Format(time.RFC3339), errStillWriting)
		}
		h := sha256.Sum256(data)
		sum = hex.EncodeToString(h[:])
	}
	in := Incoming{Name: name, Content: content, ReceivedAt: j.received, Turn: j.turn, Origin: reconcile.Origin{
		Kind: reconcile.OriginFolder, Path: path, Key: "dossier:" + name + ":" + sum}}
	var out Outcome
	if content == nil {
		// Too large to read: the pipeline never sees it.
		out = Outcome{Quarantined: true, Reason: fmt.Sprintf("Le fichier dépasse la taille maximale acceptée (%d Mo) : il n'a pas été lu.", w.cfg.MaxFileSize>>20)}
	} else {
		var err error
		if out, err = w.proc.Process(ctx, in); err != nil {
			return fmt.Errorf("process %s: %w", name, err)
		}
	}
	if w.Hook != nil {
		w.Hook("committed")
	}
	// The writer may have gone on after a pause longer than the settle
	// time: what was processed is then not the file, which must stay.
	if fi, err := os.Lstat(path); err == nil && (fi.Size() != o.size || !fi.ModTime().Equal(o.mtime)) {
		return fmt.Errorf("move %s: size or time changed since it was read: %w", name, errStillWriting)
	}
	dir := FolderProcessed
	if out.Quarantined {
		dir = FolderQuarantine
	}
	dest, err := freeName(filepath.Join(w.cfg.Dir, dir), name, sum)
	if err != nil {
		return err
	}
	if err := writeNote(dest+".txt", folderNote(name, sum, j.received, out)); err != nil {
		return err
	}
	if err := os.Rename(path, dest); err != nil {
		os.Remove(dest + ".txt") // the name is free again
		return fmt.Errorf("move %s to %s: %w", name, dir, err)
	}
	w.taken.Add(1)
	w.log.Info().Str("file", name).Str("folder", dir).Str("receipt", out.Receipt.Number).Msg("file taken")
	return nil
}

// freeName returns a path in dir for name that is taken by no file, and
// reserves it by creating its note exclusively (another worker or replica
// moving a file of the same name picks another): name, then
// "base-2.ext", "base-3.ext"... A note left by a crash between writing it
// and moving the file (same SHA-256) is taken again.
func freeName(dir, name, sum string) (string, error) {
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
		f, err := os.OpenFile(p+".txt", os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o640)
		if err == nil {
			f.Close()
			return p, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("reserve %s in %s: %w", cand, dir, err)
		}
		if note, err := os.ReadFile(p + ".txt"); err == nil && sum != "" && strings.Contains(string(note), sum) {
			return p, nil
		}
	}
	return "", fmt.Errorf("find a free name for %s in %s: too many files of that name", name, dir)
}

// writeNote writes path atomically (temporary file, then rename).
func writeNote(path, text string) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(text), 0o640); err != nil {
		return fmt.Errorf("write note %s: %w", filepath.Base(path), err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write note %s: %w", filepath.Base(path), err)
	}
	return nil
}
