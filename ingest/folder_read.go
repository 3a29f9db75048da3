package ingest

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
	"time"
)

// errTooLarge: the file is larger than MaxFileSize; it is not read.
var errTooLarge = errors.New("file too large")

// errStuck: a file set aside could not be moved out of the folder either;
// it is not tried again until it changes or the daemon restarts.
var errStuck = errors.New("file set aside but not movable")

// read reads the file at path without following a symbolic link swapped
// in after it was listed (O_NOFOLLOW), nor blocking on a named pipe
// (O_NONBLOCK): the size is checked on the open file and the read is
// bounded by MaxFileSize. Errors: errFileGone, errTooLarge,
// errStillWriting (a zip without its end record, written moments ago), or
// a French-readable error for a file that cannot be read.
func (w *FolderWatcher) read(path, name string, o observation) ([]byte, error) {
	if o.size > w.cfg.MaxFileSize {
		return nil, errTooLarge
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("read %s: %w", name, errFileGone)
	case errors.Is(err, syscall.ELOOP):
		return nil, fmt.Errorf("c'est un lien symbolique, que pactd ne suit pas : déposez le fichier lui-même")
	case errors.Is(err, fs.ErrPermission):
		return nil, fmt.Errorf("permission refusée à la lecture : donnez à pactd le droit de lire le fichier")
	case err != nil:
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("ce n'est pas un fichier ordinaire : déposez le classeur lui-même")
	}
	if fi.Size() > w.cfg.MaxFileSize {
		return nil, errTooLarge
	}
	data, err := io.ReadAll(io.LimitReader(f, w.cfg.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if int64(len(data)) > w.cfg.MaxFileSize {
		return nil, errTooLarge
	}
	if stillWriting(name, data, o.mtime, w.now(), w.cfg.StallWait) {
		return nil, fmt.Errorf("read %s: zip end record missing, modified %s: %w", name, o.mtime.Format(time.RFC3339), errStillWriting)
	}
	return data, nil
}
