package gofpdf

// pactd patch (see PATCHES.md): what parsing a UTF-8 TrueType font yields
// is kept once per process, so that a program rendering many documents with
// the same embedded fonts does not parse them, nor JSON-encode their 65,536
// widths to name them, in every document; and zlib writers are reused.

import (
	"bytes"
	"compress/zlib"
	"hash/maphash"
	"sort"
	"strconv"
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

	cutOnce sync.Once
	cut     *cutTables

	widthsMu sync.Mutex
	widths   map[string]string // the /W array, by cidWidthsKey
}

// maxCachedWidths bounds the /W arrays kept per font: one per distinct set
// of characters above U+00FF that documents used (a few for French text).
const maxCachedWidths = 256

// cidWidthsKey names what the /W array of a document depends on besides
// the font's widths: the last rune and the runes above U+00FF it used
// (every rune at or below U+00FF with a width is written whether used or
// not).
func cidWidthsKey(font *fontDefType, lastRune int) string {
	above := make([]int, 0, 16)
	for r, n := range font.usedRunes {
		if r > 255 && r <= lastRune && n != 0 {
			above = append(above, r)
		}
	}
	sort.Ints(above)
	b := make([]byte, 0, 8+8*len(above))
	b = strconv.AppendInt(b, int64(lastRune), 10)
	for _, r := range above {
		b = append(b, ' ')
		b = strconv.AppendInt(b, int64(r), 10)
	}
	return string(b)
}

// cachedCIDWidths returns cidWidths(font, lastRune), computed once per
// font and cidWidthsKey: upstream builds it with PHP-like arrays whose
// every append scans them, about 2 ms a document, the largest part of an
// acknowledgment's rendering. Fonts outside the cache (AddUTF8Font from a
// file) compute it every time.
func cachedCIDWidths(font *fontDefType, lastRune int) string {
	var p *parsedUTF8Font
	if font.utf8File != nil {
		p = font.utf8File.sharedCut
	}
	if p == nil {
		return cidWidths(font, lastRune)
	}
	key := cidWidthsKey(font, lastRune)
	p.widthsMu.Lock()
	w, ok := p.widths[key]
	p.widthsMu.Unlock()
	if ok {
		return w
	}
	w = cidWidths(font, lastRune)
	p.widthsMu.Lock()
	if p.widths == nil {
		p.widths = map[string]string{}
	}
	if len(p.widths) < maxCachedWidths {
		p.widths[key] = w
	}
	p.widthsMu.Unlock()
	return w
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
		utf8File:  &utf8FontFile{fileReader: &fileReader{readerPosition: 0, array: p.data}, sharedCut: p},
		usedRunes: usedRunes,
	}
}

// zlibWriters holds zlib writers at BestSpeed for sliceCompress: a new one
// allocates and clears about a megabyte; a reset one gives the same bytes.
var zlibWriters = sync.Pool{New: func() any {
	w, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	return w
}}

// cutTables is what GenerateCutFont reads of a font before the runes a
// document used matter: the table directory, the character map, the glyph
// offsets. A cached font reads it once and every document only reads it.
type cutTables struct {
	tableDescriptions                    map[string]*tableDescription
	charSymbolDictionary                 map[int]int
	symbolPosition                       []int
	locaFormat, metricsCount, numSymbols int
}

// readCutTables reads the cut tables of utf's font, as upstream's
// GenerateCutFont did at its start (less the widths it computed there and
// never used); nil when the font has no Unicode character map.
func (utf *utf8FontFile) readCutTables() *cutTables {
	utf.fileReader.readerPosition = 0
	utf.symbolPosition = make([]int, 0)
	utf.charSymbolDictionary = make(map[int]int)
	utf.tableDescriptions = make(map[string]*tableDescription)
	utf.skip(4)
	utf.generateTableDescriptions()

	t := &cutTables{}
	utf.SeekTable("head")
	utf.skip(50)
	t.locaFormat = utf.readUint16()

	utf.SeekTable("hhea")
	utf.skip(34)
	t.metricsCount = utf.readUint16()

	utf.SeekTable("maxp")
	utf.skip(4)
	t.numSymbols = utf.readUint16()

	if utf.generateCMAP() == nil {
		return nil
	}
	utf.parseLOCATable(t.locaFormat, t.numSymbols)
	t.tableDescriptions, t.charSymbolDictionary, t.symbolPosition = utf.tableDescriptions, utf.charSymbolDictionary, utf.symbolPosition
	return t
}

// cutTables returns the font's cut tables, read on first use.
func (p *parsedUTF8Font) cutTables() *cutTables {
	p.cutOnce.Do(func() {
		p.cut = newUTF8Font(&fileReader{readerPosition: 0, array: p.data}).readCutTables()
	})
	return p.cut
}
