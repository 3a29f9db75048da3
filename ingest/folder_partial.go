package ingest

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"time"
)

// errStillWriting says a file of the watched folder is still being written:
// it goes back in the queue instead of being moved.
var errStillWriting = errors.New("file still being written")

// zipEOCD is the signature of a zip's end-of-central-directory record, the
// last thing a writer of an xlsx or zip file writes.
var zipEOCD = []byte("PK\x05\x06")

// zipTail is how far from the end the end record may start: its 22 bytes
// plus a comment of at most 65535 bytes.
const zipTail = 22 + 65535

// truncatedZip reports whether data is a zip (an xlsx is one) whose
// end-of-central-directory record is missing, as when a copy stopped
// half-way. A file too short to show the zip signature counts as a zip
// when its name says xlsx, xlsm or zip.
func truncatedZip(name string, data []byte) bool {
	ext := strings.ToLower(filepath.Ext(name))
	named := ext == ".xlsx" || ext == ".xlsm" || ext == ".zip"
	sig := []byte("PK\x03\x04")
	isZip := bytes.HasPrefix(data, sig) || (named && len(data) > 0 && len(data) < len(sig) && bytes.HasPrefix(sig, data))
	if !isZip {
		return false
	}
	tail := data[max(0, len(data)-zipTail):]
	return !bytes.Contains(tail, zipEOCD)
}

// stillWriting reports whether a settled file is nonetheless still being
// written: a truncated zip modified less than wait before now. An older
// truncated zip is damaged and goes to the pipeline, which quarantines it.
func stillWriting(name string, data []byte, mtime, now time.Time, wait time.Duration) bool {
	return truncatedZip(name, data) && now.Sub(mtime) < wait
}
