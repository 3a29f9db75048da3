package ooxml

import (
	"fmt"
	"io"
)

// sharedStrings reads, with read, the shared strings whose index is in
// need from the part, if there is one.
func (p *Package) sharedStrings(part string, need map[int]struct{},
	read func(io.Reader, map[int]struct{}) (map[int]string, error)) (map[int]string, error) {
	if len(need) == 0 || part == "" {
		return map[int]string{}, nil
	}
	f := p.parts[part]
	if f == nil {
		return map[int]string{}, nil
	}
	rc, err := p.open(f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	out, err := read(rc, need)
	if err != nil {
		return nil, fmt.Errorf("read shared strings: %w", err)
	}
	return out, nil
}

// sstState is the state of the shared strings stream: the index of the
// string read and its text, rich text runs joined, phonetic runs left out.
type sstState struct {
	need map[int]struct{}
	out  map[int]string
	last int // the highest index needed: reading stops after it
	idx  int
	rph  int
	inT  bool
	text boundedText
}

func newSSTState(need map[int]struct{}) *sstState {
	s := &sstState{need: need, out: make(map[int]string, len(need)), last: -1, idx: -1}
	for i := range need {
		s.last = max(s.last, i)
	}
	return s
}

// start handles a start tag.
func (s *sstState) start(name string) {
	switch name {
	case "si":
		s.idx++
		s.text.reset(maxCellText)
	case "rPh":
		s.rph++
	case "t":
		s.inT = s.rph == 0 && s.idx >= 0
	}
}

// chars handles character data.
func (s *sstState) chars(b []byte) {
	if s.inT {
		if _, ok := s.need[s.idx]; ok {
			s.text.write(b)
		}
	}
}

// end handles an end tag; done is set once the last string needed is read.
func (s *sstState) end(name string) (done bool) {
	switch name {
	case "t":
		s.inT = false
	case "rPh":
		s.rph--
	case "si":
		if _, ok := s.need[s.idx]; ok {
			s.out[s.idx] = decodeEscapes(string(s.text.b))
		}
		return s.idx >= s.last
	}
	return false
}

// readSharedStrings reads the shared strings whose index is in need with
// the scanner. Reading stops after the highest needed index.
func readSharedStrings(r io.Reader, need map[int]struct{}) (map[int]string, error) {
	sc, release := newScanner(r)
	defer release()
	s := newSSTState(need)
	for {
		switch sc.next() {
		case tokErr:
			return nil, sc.err
		case tokEOF:
			return s.out, nil
		case tokStart:
			s.start(string(sc.name))
		case tokText:
			s.chars(sc.text)
		case tokEnd:
			if s.end(string(sc.name)) {
				return s.out, nil
			}
		}
	}
}
