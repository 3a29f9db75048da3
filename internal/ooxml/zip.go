// Package ooxml reads the cells of an Office Open XML workbook (.xlsx) with
// the standard library only, raw and bounded: cell values as stored (no
// number format applied), their type (number, text, error, formula with or
// without a cached result), the defined names and the date system. It
// checks the zip central directory against Limits before decompressing
// anything, streams worksheets row by row up to Limits.MaxRows, and keeps
// only the shared strings the cells it read refer to, so memory stays
// bounded whatever the file. It never evaluates formulas or runs macros.
//
// It knows nothing of pactd's workbooks: templates builds on it.
package ooxml

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"path"
	"strings"
)

// Limits bound the work done on one file; see templates.Limits, which
// fills them. Every field must be positive.
type Limits struct {
	MaxFileSize     int64 // bytes of the file
	MaxEntries      int   // zip entries
	MaxUncompressed int64 // sum of declared uncompressed sizes
	MaxPartSize     int64 // declared uncompressed size of one XML part
	MaxRatio        int64 // uncompressed / compressed, for parts over RatioFloor
	MaxRows         int   // rows read per sheet
	MaxColumns      int   // columns kept per row
}

// RatioFloor is the uncompressed size under which the expansion ratio of
// a part is not checked: small XML parts legitimately compress very well.
const RatioFloor = 1 << 20

// Kind says why a file cannot be read.
type Kind int

// Reasons to refuse a file.
const (
	Empty        Kind = iota + 1 // no bytes
	TooLarge                     // over MaxFileSize
	OLE2                         // an OLE2 container: legacy .xls or an encrypted workbook
	PDF                          // a PDF document
	NotZip                       // anything else that is not a zip archive
	Corrupt                      // a damaged zip archive or malformed XML
	OverLimit                    // over MaxEntries, MaxUncompressed, MaxPartSize or MaxRatio
	OpenDocument                 // an OpenDocument spreadsheet (.ods)
	Binary                       // an Excel binary workbook (.xlsb)
	MacroEnabled                 // a macro-enabled workbook (.xlsm)
	NotWorkbook                  // a zip archive that holds no workbook
)

// Bound names the limit an OverLimit refusal is about.
type Bound int

// Limits an OverLimit refusal may name.
const (
	BoundEntries      Bound = iota + 1 // MaxEntries
	BoundUncompressed                  // MaxUncompressed
	BoundPartSize                      // MaxPartSize
	BoundRatio                         // MaxRatio
)

// Refusal is why a file cannot be read. Detail says, in English, what was
// found, for logs; Size and Limit give the figures of OverLimit and
// TooLarge, Bound which limit an OverLimit is about, and Part the part at
// fault when there is one.
type Refusal struct {
	Kind   Kind
	Detail string
	Size   int64
	Limit  int64
	Bound  Bound
	Part   string
}

func (r *Refusal) Error() string {
	return fmt.Sprintf("refuse workbook (kind %d): %s", r.Kind, r.Detail)
}

func refuse(k Kind, format string, args ...any) *Refusal {
	return &Refusal{Kind: k, Detail: fmt.Sprintf(format, args...)}
}

func overLimit(b Bound, part string, size, limit int64, format string, args ...any) *Refusal {
	return &Refusal{Kind: OverLimit, Detail: fmt.Sprintf(format, args...), Size: size, Limit: limit, Bound: b, Part: part}
}

// Package is an opened workbook package whose sizes passed the limits.
type Package struct {
	parts map[string]*zip.File // by normalised part name (lower case, no leading slash)
	lim   Limits
}

var (
	ole2Magic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	zipMagic  = []byte("PK\x03\x04")
	eocdMagic = []byte("PK\x05\x06")
)

// Open checks data against the limits and opens it as a zip archive.
// Nothing is decompressed before the central directory has been checked:
// entry count, declared sizes and expansion ratios.
func Open(data []byte, lim Limits) (*Package, *Refusal) {
	switch {
	case len(data) == 0:
		return nil, refuse(Empty, "empty file")
	case int64(len(data)) > lim.MaxFileSize:
		return nil, &Refusal{Kind: TooLarge, Detail: "file too large", Size: int64(len(data)), Limit: lim.MaxFileSize}
	case bytes.HasPrefix(data, ole2Magic):
		return nil, refuse(OLE2, "OLE2 compound file")
	case bytes.HasPrefix(data, []byte("%PDF")):
		return nil, refuse(PDF, "PDF document")
	case !bytes.HasPrefix(data, zipMagic) && !bytes.HasPrefix(data, eocdMagic):
		return nil, refuse(NotZip, "not a zip archive")
	}
	entries, ok := eocdEntries(data)
	if !ok {
		return nil, refuse(Corrupt, "no end of central directory")
	}
	if entries > lim.MaxEntries {
		return nil, overLimit(BoundEntries, "", int64(entries), int64(lim.MaxEntries), "%d zip entries", entries)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, refuse(Corrupt, "read zip: %v", err)
	}
	if len(zr.File) > lim.MaxEntries {
		return nil, overLimit(BoundEntries, "", int64(len(zr.File)), int64(lim.MaxEntries), "%d zip entries", len(zr.File))
	}
	p := &Package{parts: make(map[string]*zip.File, len(zr.File)), lim: lim}
	var total, packed uint64
	for _, f := range zr.File {
		size, csize := f.UncompressedSize64, f.CompressedSize64
		total += size
		packed += csize
		if total > uint64(lim.MaxUncompressed) {
			return nil, overLimit(BoundUncompressed, "", clamp(total), lim.MaxUncompressed, "uncompressed size over %d bytes", lim.MaxUncompressed)
		}
		key := partKey(f.Name)
		if isXMLPart(key) && size > uint64(lim.MaxPartSize) {
			return nil, overLimit(BoundPartSize, f.Name, clamp(size), lim.MaxPartSize, "part %s of %d bytes", f.Name, size)
		}
		if size > RatioFloor && (csize == 0 || size/csize > uint64(lim.MaxRatio)) {
			return nil, overLimit(BoundRatio, f.Name, clamp(size), lim.MaxRatio, "expansion ratio of part %s", f.Name)
		}
		if _, dup := p.parts[key]; dup {
			return nil, refuse(Corrupt, "duplicate part %s", f.Name)
		}
		p.parts[key] = f
	}
	if total > RatioFloor && (packed == 0 || total/packed > uint64(lim.MaxRatio)) {
		return nil, overLimit(BoundRatio, "", clamp(total), lim.MaxRatio, "expansion ratio of the archive")
	}
	return p, nil
}

func clamp(n uint64) int64 { return int64(min(n, 1<<62)) }

// eocdEntries reads the number of entries from the zip end of central
// directory record, before any allocation depends on it. A ZIP64 count
// (0xFFFF) is returned as is: no workbook has that many parts.
func eocdEntries(data []byte) (int, bool) {
	const eocdLen = 22
	if len(data) < eocdLen {
		return 0, false
	}
	start := max(len(data)-eocdLen-0xFFFF, 0)
	i := bytes.LastIndex(data[start:], eocdMagic)
	if i < 0 || start+i+eocdLen > len(data) {
		return 0, false
	}
	rec := data[start+i:]
	return int(binary.LittleEndian.Uint16(rec[10:12])), true
}

// partKey normalises a part name for lookups: parts are case-insensitive
// and some writers use backslashes or a leading slash.
func partKey(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	return strings.ToLower(strings.TrimPrefix(name, "/"))
}

func isXMLPart(key string) bool {
	return strings.HasSuffix(key, ".xml") || strings.HasSuffix(key, ".rels")
}

// part returns the part with that name, or nil.
func (p *Package) part(name string) *zip.File { return p.parts[partKey(name)] }

// open opens a part for streaming. The zip reader fails if the part
// expands beyond its declared size, which the limits were checked against.
func (p *Package) open(f *zip.File) (io.ReadCloser, error) {
	if f.UncompressedSize64 > uint64(p.lim.MaxPartSize) {
		return nil, fmt.Errorf("open part %s: %d bytes over the limit", f.Name, f.UncompressedSize64)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("open part %s: %w", f.Name, err)
	}
	return rc, nil
}

// resolveTarget resolves a relationship target against the part that
// holds the relationships: "worksheets/sheet1.xml" from "xl/workbook.xml"
// is "xl/worksheets/sheet1.xml"; "/xl/worksheets/sheet1.xml" is absolute.
func resolveTarget(from, target string) string {
	target = strings.ReplaceAll(target, "\\", "/")
	if strings.HasPrefix(target, "/") {
		return partKey(path.Clean(target))
	}
	return partKey(path.Join(path.Dir(from), target))
}
