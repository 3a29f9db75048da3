package ooxml

import (
	"unicode"
	"unicode/utf8"
)

// Character data and attribute values, decoded and checked as
// encoding/xml's Decoder.text does: the five predefined entities and
// character references expanded, "\r\n" and "\r" read as "\n", every
// character valid UTF-8 within the XML character range, "]]>" refused
// outside CDATA sections.

// Bytes that need no work in character data (textPlain), in a CDATA
// section (cdataPlain) and in an attribute value, besides its quote
// (attrPlain): printable ASCII, tab and line feed, less what ends or
// escapes each.
var textPlain, cdataPlain, attrPlain [256]bool

func init() {
	for c := 0x20; c < 0x80; c++ {
		textPlain[c], cdataPlain[c], attrPlain[c] = true, true, true
	}
	for _, c := range []byte{'\t', '\n'} {
		textPlain[c], cdataPlain[c], attrPlain[c] = true, true, true
	}
	for _, c := range []byte{'<', '&', ']', '>'} {
		textPlain[c] = false
	}
	cdataPlain[']'], cdataPlain['>'] = false, false
	attrPlain['<'], attrPlain['&'], attrPlain['"'], attrPlain['\''] = false, false, false, false
}

// isInCharacterRange reports whether r may appear in an XML document.
func isInCharacterRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// rune reads the character at pos, at least one byte from 0x80 or a
// control character, and checks it; n is 0 when more bytes must be read
// first, -1 on an error.
func (s *scanner) rune() (n int) {
	b := s.buf[s.pos]
	if b < utf8.RuneSelf {
		s.fail("illegal character code %U", rune(b))
		return -1
	}
	if !utf8.FullRune(s.buf[s.pos:s.end]) && !s.eof && s.rerr == nil {
		return 0
	}
	r, n := utf8.DecodeRune(s.buf[s.pos:s.end])
	if r == utf8.RuneError && n == 1 {
		s.fail("invalid UTF-8")
		return -1
	}
	if !isInCharacterRange(r) {
		s.fail("illegal character code %U", r)
		return -1
	}
	return n
}

// textPiece reads character data from pos and returns the piece read, nil
// when there is nothing to return yet. It clears inText at the "<" that
// ends the run or at the end of input.
func (s *scanner) textPiece() []byte {
	s.mark = s.pos
	start := s.pos
	for {
		i := s.pos
		for i < s.end && textPlain[s.buf[i]] {
			i++
		}
		if i > s.pos {
			s.brackets = 0
			s.pos = i
		}
		if s.pos == s.end {
			if s.pos > start {
				return s.buf[start:s.pos]
			}
			if !s.fill() {
				s.inText = false
				return nil
			}
			start = s.pos
			continue
		}
		switch b := s.buf[s.pos]; b {
		case '<':
			s.inText = false
			return s.buf[start:s.pos]
		case ']':
			s.brackets++
			s.pos++
		case '>':
			if s.brackets >= 2 {
				s.fail("unescaped ]]> not in CDATA section")
				return nil
			}
			s.brackets = 0
			s.pos++
		case '&', '\r':
			if s.pos > start {
				return s.buf[start:s.pos]
			}
			s.brackets = 0
			s.pos++
			s.mark = s.pos
			if b == '\r' {
				return s.newline()
			}
			return s.entity(true)
		default:
			s.brackets = 0
			switch s.char(start) {
			case charFailed:
				return nil
			case charFlush:
				return s.buf[start:s.pos]
			case charRefilled:
				start = s.pos
			}
		}
	}
}

// What char did with the character at pos.
const (
	charStepped  = iota // stepped over it
	charFlush           // more bytes are needed: return the piece read first
	charRefilled        // more bytes were read, dropping those before pos
	charFailed          // it is not a valid character: see err
)

// char checks the character at pos, a byte from 0x80 or a control
// character, in a piece of character data started at start.
func (s *scanner) char(start int) int {
	n := s.rune()
	switch {
	case n < 0:
		return charFailed
	case n > 0:
		s.pos += n
		return charStepped
	case s.pos > start:
		return charFlush
	case !s.fill() && s.err != nil:
		return charFailed
	}
	return charRefilled
}

// newline returns "\n" for a "\r" just read, skipping a "\n" after it.
func (s *scanner) newline() []byte {
	if s.more() && s.buf[s.pos] == '\n' {
		s.pos++
	}
	s.one[0] = '\n'
	return s.one[:1]
}

// cdataPiece reads a CDATA section from pos and returns the piece read;
// it clears inCDATA at the "]]>" that ends it. The last two "]" read are
// held back until it is known whether they end the section.
func (s *scanner) cdataPiece() []byte {
	s.mark = s.pos
	start := s.pos
	for {
		i := s.pos
		if s.pending == 0 {
			for i < s.end && cdataPlain[s.buf[i]] {
				i++
			}
			s.pos = i
		}
		if s.pos == s.end {
			if s.pos > start {
				return s.buf[start:s.pos]
			}
			if !s.fill() {
				s.fail("unexpected EOF in CDATA section")
				return nil
			}
			start = s.pos
			continue
		}
		b := s.buf[s.pos]
		switch {
		case b == ']':
			if s.pos > start {
				return s.buf[start:s.pos]
			}
			s.pos++
			if s.pending == 2 {
				s.one[0] = ']'
				return s.one[:1]
			}
			s.pending++
			start = s.pos
			continue
		case b == '>' && s.pending == 2:
			s.pos++
			s.pending, s.inCDATA = 0, false
			return nil
		case s.pending > 0:
			n := s.pending
			s.pending = 0
			s.one[0], s.one[1] = ']', ']'
			return s.one[:n]
		case b == '\r':
			if s.pos > start {
				return s.buf[start:s.pos]
			}
			s.pos++
			return s.newline()
		case cdataPlain[b] || b == '>':
			s.pos++
			continue
		}
		switch s.char(start) {
		case charFailed:
			return nil
		case charFlush:
			return s.buf[start:s.pos]
		case charRefilled:
			start = s.pos
		}
	}
}

// attrValue reads an attribute value after its opening quote q; offsets
// are from mark, or in vals when the value had to be decoded.
func (s *scanner) attrValue(q byte) (attrSpan, bool) {
	a := attrSpan{vs: s.pos - s.mark}
	for {
		i := s.pos
		for i < s.end && attrPlain[s.buf[i]] {
			i++
		}
		if a.decoded {
			s.vals = append(s.vals, s.buf[s.pos:i]...)
		}
		s.pos = i
		if !s.more() {
			s.fail("unexpected EOF")
			return a, false
		}
		b := s.buf[s.pos]
		switch {
		case attrPlain[b]:
			continue // more bytes were read
		case b == q:
			s.pos++
			if a.decoded {
				a.ve = len(s.vals)
			} else {
				a.ve = s.pos - 1 - s.mark
			}
			return a, true
		case b == '"' || b == '\'':
			s.pos++
			if a.decoded {
				s.vals = append(s.vals, b)
			}
			continue
		case b == '<':
			s.fail("unescaped < inside quoted string")
			return a, false
		case b == '&' || b == '\r':
			if !a.decoded {
				raw := s.buf[s.mark+a.vs : s.pos]
				a.decoded, a.vs = true, len(s.vals)
				s.vals = append(s.vals, raw...)
			}
			s.pos++
			var p []byte
			if b == '\r' {
				p = s.newline()
			} else if p = s.entity(false); p == nil {
				return a, false
			}
			s.vals = append(s.vals, p...)
			continue
		}
		n := s.rune()
		switch {
		case n < 0:
			return a, false
		case n == 0:
			if !s.fill() && s.err != nil {
				return a, false
			}
			continue
		}
		if a.decoded {
			s.vals = append(s.vals, s.buf[s.pos:s.pos+n]...)
		}
		s.pos += n
	}
}

// predefined are the entities XML defines without a DTD.
var predefined = map[string]rune{"lt": '<', "gt": '>', "amp": '&', "apos": '\'', "quot": '"'}

// entity reads an entity or character reference after its "&" and returns
// the character it stands for, encoded, or nil on a syntax error. When
// slide is set nothing before pos is kept while it reads (character data),
// so that a long reference does not grow the buffer.
func (s *scanner) entity(slide bool) []byte {
	get := func() (byte, bool) {
		if slide {
			s.mark = s.pos
		}
		return s.must()
	}
	b, ok := get()
	if !ok {
		return nil
	}
	var r rune
	if b == '#' {
		if b, ok = get(); !ok {
			return nil
		}
		base := uint64(10)
		if b == 'x' {
			base = 16
			if b, ok = get(); !ok {
				return nil
			}
		}
		var n uint64
		digits, big := 0, false
		for {
			d := uint64(255)
			switch {
			case '0' <= b && b <= '9':
				d = uint64(b - '0')
			case base == 16 && 'a' <= b && b <= 'f':
				d = uint64(b-'a') + 10
			case base == 16 && 'A' <= b && b <= 'F':
				d = uint64(b-'A') + 10
			}
			if d == 255 {
				break
			}
			digits++
			if n = n*base + d; n > unicode.MaxRune {
				big, n = true, unicode.MaxRune+1
			}
			if b, ok = get(); !ok {
				return nil
			}
		}
		if b != ';' || digits == 0 || big {
			s.fail("invalid character entity")
			return nil
		}
		r = rune(n)
		if 0xD800 <= r && r <= 0xDFFF {
			r = utf8.RuneError
		}
	} else {
		var name [5]byte
		size := 0
		for isNameByte(b) || b >= utf8.RuneSelf {
			if size < len(name) {
				name[size] = b
			}
			size++
			if b, ok = get(); !ok {
				return nil
			}
		}
		v, known := rune(0), false
		if size <= len(name) {
			v, known = predefined[string(name[:size])]
		}
		if b != ';' || !known {
			s.fail("invalid character entity")
			return nil
		}
		r = v
	}
	if !isInCharacterRange(r) {
		s.fail("illegal character code %U", r)
		return nil
	}
	n := utf8.EncodeRune(s.one[:], r)
	return s.one[:n]
}
