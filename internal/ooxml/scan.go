package ooxml

import (
	"errors"
	"fmt"
	"io"
	"sync"
)

// scanner reads the XML of a worksheet, shared strings or styles part
// token by token, without allocating per token. It accepts and refuses
// exactly what encoding/xml's Decoder.RawToken accepts and refuses in
// strict mode (FuzzScanSheet compares the two), with one limit of its own:
// a tag, a processing instruction's content or an entity longer than
// maxToken is refused. Like RawToken it does not check that end tags match
// start tags, and it expands no entity but the five predefined ones and
// character references: entity bombs fail as syntax errors.
//
// Comments, processing instructions and directives are read and checked,
// never returned. Character data is returned in pieces, each decoded and
// valid (entities expanded, "\r\n" and "\r" as "\n"); one text run may
// come as several pieces, which the caller appends. The name, attributes
// and text of a token are valid until the next call to next.
type scanner struct {
	r        io.Reader
	buf      []byte
	mark     int // start of the bytes the current token still needs
	pos, end int
	eof      bool  // r returned io.EOF
	rerr     error // r failed; reported once the bytes before it are used
	err      error // sticky syntax or read error

	name    []byte // local name of the start or end tag just returned
	text    []byte // the piece of character data just returned
	closing bool   // the start tag just returned was self-closing

	inText   bool // in a run of character data
	inCDATA  bool // in a CDATA section
	brackets int  // consecutive raw ']' just read in a text run
	pending  int  // ']' of a CDATA section not returned yet (0 to 2)

	nameColons int  // colons in the name just read
	nameColon  int  // offset from mark of its first colon
	nameHigh   bool // it has bytes from 0x80

	spans []attrSpan // attributes of the last start tag, offsets from mark
	vals  []byte     // attribute values that needed decoding
	pi    []byte     // content of an <?xml ...?> declaration
	one   [4]byte    // one decoded character
}

// attrSpan locates an attribute while its tag is read: the local name in
// buf from mark, and the value in buf or, when decoded, in vals.
type attrSpan struct {
	ls, le  int
	decoded bool
	vs, ve  int
}

// tokenKind is what next returned.
type tokenKind uint8

const (
	tokErr   tokenKind = iota // the part is malformed or unreadable: see scanner.err
	tokEOF                    // the end of the part
	tokStart                  // a start tag: name, attributes (attr); closing when self-closing
	tokEnd                    // an end tag, or the end of a self-closing tag: name
	tokText                   // a piece of character data: text
)

const (
	scanBufSize = 32 << 10
	// maxToken bounds the bytes one tag, processing instruction or entity
	// may take (a worksheet's root tag with its namespaces is about 6 KB).
	maxToken = 1 << 20
)

// errTokenTooLong is the scanner's only refusal that encoding/xml would
// not make.
var errTokenTooLong = errors.New("xml: tag or entity longer than 1 MiB")

// scanBufs recycles the scanners' buffers: a parse reads several parts.
var scanBufs = sync.Pool{New: func() any {
	b := make([]byte, scanBufSize)
	return &b
}}

// newScanner returns a scanner over r and a function that releases its
// buffer, to call once the scanner is no longer used.
func newScanner(r io.Reader) (*scanner, func()) {
	bp := scanBufs.Get().(*[]byte)
	s := &scanner{r: r, buf: *bp}
	return s, func() {
		s.buf, s.r = nil, nil
		scanBufs.Put(bp)
	}
}

// fail records a syntax error, unless an error is already recorded.
func (s *scanner) fail(format string, args ...any) {
	if s.err == nil {
		s.err = fmt.Errorf("xml syntax error: "+format, args...)
	}
}

// fill reads more bytes, keeping those from mark on; false when there are
// none (end of input, or an error recorded in err).
func (s *scanner) fill() bool {
	if s.err != nil {
		return false
	}
	if s.rerr != nil {
		s.err = s.rerr
		return false
	}
	if s.eof {
		return false
	}
	if s.mark > 0 {
		n := copy(s.buf, s.buf[s.mark:s.end])
		s.pos -= s.mark
		s.end = n
		s.mark = 0
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= maxToken {
			s.err = errTokenTooLong
			return false
		}
		nb := make([]byte, 2*len(s.buf))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		switch {
		case errors.Is(err, io.EOF):
			s.eof = true
		case err != nil:
			s.rerr = err
		}
		if n > 0 {
			return true
		}
		if err != nil {
			return s.fill()
		}
	}
}

// more makes sure a byte is there to read; false at the end of input.
func (s *scanner) more() bool {
	for s.pos >= s.end {
		if !s.fill() {
			return false
		}
	}
	return true
}

// must reads one byte; the end of input is a syntax error.
func (s *scanner) must() (byte, bool) {
	if s.pos < s.end {
		b := s.buf[s.pos]
		s.pos++
		return b, true
	}
	return s.mustMore()
}

// mustMore is must when the buffer is used up.
func (s *scanner) mustMore() (byte, bool) {
	if !s.more() {
		s.fail("unexpected EOF")
		return 0, false
	}
	b := s.buf[s.pos]
	s.pos++
	return b, true
}

// space skips white space.
func (s *scanner) space() {
	if s.pos < s.end && s.buf[s.pos] > ' ' {
		return
	}
	s.spaceMore()
}

// spaceMore is space when the next byte may be white space, or unread.
func (s *scanner) spaceMore() {
	for s.more() {
		switch s.buf[s.pos] {
		case ' ', '\r', '\n', '\t':
			s.pos++
		default:
			return
		}
	}
}

// next reads the next token.
func (s *scanner) next() tokenKind {
	if s.closing {
		s.closing = false
		return tokEnd
	}
	for {
		if s.err != nil {
			return tokErr
		}
		if s.inCDATA {
			if p := s.cdataPiece(); len(p) > 0 {
				s.text = p
				return tokText
			}
			continue
		}
		if s.inText {
			if p := s.textPiece(); len(p) > 0 && s.err == nil {
				s.text = p
				return tokText
			}
			continue
		}
		s.mark = s.pos
		if !s.more() {
			if s.err != nil {
				return tokErr
			}
			return tokEOF
		}
		if s.buf[s.pos] != '<' {
			s.inText, s.brackets = true, 0
			continue
		}
		s.pos++
		b, ok := s.must()
		if !ok {
			return tokErr
		}
		switch b {
		case '/':
			if s.endTag() {
				return tokEnd
			}
		case '?':
			s.procInst()
		case '!':
			s.markup()
		default:
			s.pos--
			if s.startTag() {
				return tokStart
			}
		}
	}
}

// attr returns the value of the first attribute with that local name,
// whatever its prefix, or nil.
func (s *scanner) attr(local string) []byte {
	for _, a := range s.spans {
		if string(s.buf[s.mark+a.ls:s.mark+a.le]) == local {
			if a.decoded {
				return s.vals[a.vs:a.ve]
			}
			return s.buf[s.mark+a.vs : s.mark+a.ve]
		}
	}
	return nil
}
