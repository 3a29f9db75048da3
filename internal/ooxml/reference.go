package ooxml

import (
	"encoding/xml"
	"errors"
	"io"
)

// ReadSheetsReference reads the sheets as ReadSheets does, but tokenises
// the sheet and shared strings XML with encoding/xml's Decoder.RawToken,
// the way pactd read them before its scanner. It is three times slower
// and allocates four times as much; it is kept as the reference the
// scanner is tested against: FuzzScanSheet, and the tests that read every
// file pactd's test suites read (real programs' files, the corpus, the
// samples) through both and require the same cells.
func (p *Package) ReadSheetsReference(wb *Workbook, keep func(name string) bool) ([]*Grid, *Refusal) {
	return p.readSheets(wb, keep, p.refStreamSheet, refReadSharedStrings)
}

// refStreamSheet reads worksheet XML with encoding/xml.
func (p *Package) refStreamSheet(r io.Reader, g *Grid, need map[int]struct{}) error {
	d, release := newDecoder(r)
	defer release()
	s := sheetState{lim: p.lim, g: g, need: need}
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			attrOf := func(local string) []byte { return []byte(attr(t, local)) }
			if stop, err := s.start(t.Name.Local, attrOf); stop || err != nil {
				return err
			}
		case xml.CharData:
			s.text(t)
		case xml.EndElement:
			if s.end(t.Name.Local) {
				return nil
			}
		}
	}
}

// refReadSharedStrings reads shared strings with encoding/xml.
func refReadSharedStrings(r io.Reader, need map[int]struct{}) (map[int]string, error) {
	d, release := newDecoder(r)
	defer release()
	s := newSSTState(need)
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return s.out, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			s.start(t.Name.Local)
		case xml.CharData:
			s.chars(t)
		case xml.EndElement:
			if s.end(t.Name.Local) {
				return s.out, nil
			}
		}
	}
}
