package gofpdf

// pactd patch (see PATCHES.md): what parsing a UTF-8 TrueType font yields
// is kept once per process, so that a program rendering many documents with
// the same embedded fonts does not parse them, nor JSON-encode their 65,536
// widths to name them, in every document; and zlib writers are reused.

import (
	"bytes"
	"compress/zlib"
	"hash/maphash"
	"sync"
)

// parsedUTF8Font is what a document needs of a parsed UTF-8 font before it
// is written. It is shared by every document and never modified: cw in
// particular is only read.
type parsedUTF8Font struct {
	data []byte // a private copy of the font's bytes, compared on lookup
	key  string // the font key (family and style), part of the font's ID
	desc FontDescType
	up   int
	ut   int
	cw   []int
	id   string
}

var (
	utf8FontSeed  = maphash.MakeSeed()
	utf8FontMu    sync.Mutex
	utf8FontCache = map[uint64][]*parsedUTF8Font{}
)

// parseUTF8FontCached returns the parse of utf8Bytes under fontkey, from
// the cache when the same bytes were parsed under the same key before. The
// cache holds one entry per distinct font and key a program uses.
func parseUTF8FontCached(fontkey string, utf8Bytes []byte) (*parsedUTF8Font, error) {
	h := maphash.Bytes(utf8FontSeed, utf8Bytes)
	utf8FontMu.Lock()
	for _, p := range utf8FontCache[h] {
		if p.key == fontkey && bytes.Equal(p.data, utf8Bytes) {
			utf8FontMu.Unlock()
			return p, nil
		}
	}
	utf8FontMu.Unlock()

	data := append([]byte(nil), utf8Bytes...)
	utf8File := newUTF8Font(&fileReader{readerPosition: 0, array: data})
	if err := utf8File.parseFile(); err != nil {
		return nil, err
	}
	p := &parsedUTF8Font{
		data: data,
		key:  fontkey,
		desc: FontDescType{
			Ascent:       int(utf8File.Ascent),
			Descent:      int(utf8File.Descent),
			CapHeight:    utf8File.CapHeight,
			Flags:        utf8File.Flags,
			FontBBox:     utf8File.Bbox,
			ItalicAngle:  utf8File.ItalicAngle,
			StemV:        utf8File.StemV,
			MissingWidth: round(utf8File.DefaultWidth),
		},
		up: int(round(utf8File.UnderlinePosition)),
		ut: round(utf8File.UnderlineThickness),
		cw: utf8File.CharWidths,
	}
	// The ID is computed as upstream does, from the definition without its
	// per-document fields.
	id, err := generateFontID(fontDefType{Tp: "UTF8", Name: fontkey, Desc: p.desc, Up: p.up, Ut: p.ut, Cw: p.cw})
	if err != nil {
		return nil, err
	}
	p.id = id

	utf8FontMu.Lock()
	defer utf8FontMu.Unlock()
	for _, q := range utf8FontCache[h] {
		if q.key == fontkey && bytes.Equal(q.data, utf8Bytes) {
			return q, nil // parsed meanwhile by another document
		}
	}
	utf8FontCache[h] = append(utf8FontCache[h], p)
	return p, nil
}

// utf8FontDef returns a document's definition of a cached font: the shared
// metrics and widths, and a font file of its own for the subset this
// document will cut (GenerateCutFont keeps its state in the file).
func (p *parsedUTF8Font) utf8FontDef(usedRunes map[int]int) fontDefType {
	return fontDefType{
		Tp:        "UTF8",
		Name:      p.key,
		Desc:      p.desc,
		Up:        p.up,
		Ut:        p.ut,
		Cw:        p.cw,
		i:         p.id,
		utf8File:  newUTF8Font(&fileReader{readerPosition: 0, array: p.data}),
		usedRunes: usedRunes,
	}
}

// zlibWriters holds zlib writers at BestSpeed for sliceCompress: a new one
// allocates and clears about a megabyte; a reset one gives the same bytes.
var zlibWriters = sync.Pool{New: func() any {
	w, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	return w
}}
