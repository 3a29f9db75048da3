package templates

import "github.com/pactd/pactd/internal/ooxml"

// Limits bound the work Parse does on one received file, so that a hostile
// or broken file (zip bomb, huge XML part, a sheet claiming a million rows)
// is refused or cut short before it costs memory or time. Every limit is
// checked before the work it guards: sizes and ratios from the zip central
// directory before anything is decompressed, rows and columns while a sheet
// is streamed. A zero field takes its DefaultLimits value.
type Limits struct {
	// MaxFileSize is the largest file accepted, in bytes, as received.
	MaxFileSize int64
	// MaxEntries is the largest number of parts (zip entries) in a file.
	MaxEntries int
	// MaxUncompressed is the largest sum of the declared uncompressed sizes
	// of all parts, in bytes.
	MaxUncompressed int64
	// MaxPartSize is the largest declared uncompressed size of one part
	// that Parse reads (workbook, sheets, shared strings), in bytes.
	MaxPartSize int64
	// MaxRatio is the largest expansion ratio (uncompressed / compressed)
	// of a part, and of the whole file, once a part is over 1 MiB.
	MaxRatio int64
	// MaxRows is the largest number of rows read from one sheet; a table
	// that does not end before it is refused.
	MaxRows int
	// MaxColumns is the number of columns read from each row (A to BL for
	// 64); cells beyond it are ignored.
	MaxColumns int
}

// DefaultLimits returns the limits pactd applies to received workbooks:
// 20 MiB files, 2,000 parts, 200 MiB uncompressed in all, 32 MiB per XML
// part, a ratio of 100, 5,000 rows per sheet and 64 columns. A filled
// reporting workbook is about 50 KiB with a few hundred rows.
func DefaultLimits() Limits {
	return Limits{
		MaxFileSize:     20 << 20,
		MaxEntries:      2000,
		MaxUncompressed: 200 << 20,
		MaxPartSize:     32 << 20,
		MaxRatio:        100,
		MaxRows:         5000,
		MaxColumns:      64,
	}
}

// withDefaults returns l with its zero fields set to the defaults.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxFileSize <= 0 {
		l.MaxFileSize = d.MaxFileSize
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = d.MaxEntries
	}
	if l.MaxUncompressed <= 0 {
		l.MaxUncompressed = d.MaxUncompressed
	}
	if l.MaxPartSize <= 0 {
		l.MaxPartSize = d.MaxPartSize
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = d.MaxRatio
	}
	if l.MaxRows <= 0 {
		l.MaxRows = d.MaxRows
	}
	if l.MaxColumns <= 0 {
		l.MaxColumns = d.MaxColumns
	}
	return l
}

// ooxml returns the limits for the package reader.
func (l Limits) ooxml() ooxml.Limits {
	return ooxml.Limits{MaxFileSize: l.MaxFileSize, MaxEntries: l.MaxEntries, MaxUncompressed: l.MaxUncompressed,
		MaxPartSize: l.MaxPartSize, MaxRatio: l.MaxRatio, MaxRows: l.MaxRows, MaxColumns: l.MaxColumns}
}
