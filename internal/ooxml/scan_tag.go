package ooxml

import (
	"encoding/xml"
	"strings"
	"unicode/utf8"
)

// Tags, names and markup, read as encoding/xml's RawToken reads them.

// isNameByte reports whether c may be part of a name: encoding/xml reads a
// name as these bytes and every byte from 0x80, then checks the runes.
func isNameByte(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '_' || c == ':' || c == '.' || c == '-'
}

// readName reads a name and returns its offsets from mark; ok is false
// when no name starts here (nothing is consumed then) or at the end of
// input (a syntax error). It records in nameColons, nameColon and
// nameHigh what nsname and validName need to know of it.
func (s *scanner) readName() (start, end int, ok bool) {
	if !s.more() {
		s.fail("unexpected EOF")
		return 0, 0, false
	}
	i := s.pos
	if nameClass[s.buf[i]] == nameStop {
		return 0, 0, false
	}
	start = i - s.mark
	colons, colon, high := 0, 0, false
	for {
		for ; i < s.end; i++ {
			switch nameClass[s.buf[i]] {
			case nameByte:
				continue
			case nameStop:
				s.pos = i
				s.nameColons, s.nameColon, s.nameHigh = colons, colon, high
				return start, i - s.mark, true
			case nameColon:
				if colons == 0 {
					colon = i - s.mark
				}
				colons++
			case nameHigh:
				high = true
			}
		}
		s.pos = i
		if !s.more() {
			s.fail("unexpected EOF")
			return 0, 0, false
		}
		i = s.pos
	}
}

// Classes of bytes in a name.
const (
	nameStop  = iota // ends it
	nameByte         // a letter, digit, '_', '.' or '-'
	nameColon        // ':'
	nameHigh         // from 0x80, part of a character encoded on several bytes
)

var nameClass [256]uint8

func init() {
	for c := 0; c < 256; c++ {
		switch {
		case c == ':':
			nameClass[c] = nameColon
		case c >= utf8.RuneSelf:
			nameClass[c] = nameHigh
		case isNameByte(byte(c)):
			nameClass[c] = nameByte
		}
	}
}

// validName reports whether the name just read is an XML name as
// encoding/xml checks it: ASCII names here, others (which no spreadsheet
// program writes) by encoding/xml itself, whose tables of letters are not
// exported.
func (s *scanner) validName(start, end int) bool {
	b := s.buf[s.mark+start : s.mark+end]
	if !s.nameHigh {
		c := b[0]
		return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '_' || c == ':'
	}
	d := xml.NewDecoder(strings.NewReader("<?" + string(b) + "?>"))
	_, err := d.RawToken()
	return err == nil
}

// checkedName reads a name that must be valid (encoding/xml's Decoder.name).
func (s *scanner) checkedName() (start, end int, ok bool) {
	start, end, ok = s.readName()
	if !ok {
		s.fail("expected a name")
		return 0, 0, false
	}
	if !s.validName(start, end) {
		s.fail("invalid XML name: %s", s.buf[s.mark+start:s.mark+end])
		return 0, 0, false
	}
	return start, end, true
}

// nsname reads a name with at most one colon and returns the offsets of
// its local part: "x:c" gives "c"; ":c" and "c:" are local names whole.
func (s *scanner) nsname() (start, end int, ok bool) {
	start, end, ok = s.checkedName()
	switch {
	case !ok || s.nameColons == 0:
		return start, end, ok
	case s.nameColons == 1:
		if s.nameColon == start || s.nameColon == end-1 {
			return start, end, true
		}
		return s.nameColon + 1, end, true
	}
	s.fail("more than one colon in a name")
	return 0, 0, false
}

// startTag reads "<name attr='value'...>" or "<name .../>" after the "<".
func (s *scanner) startTag() bool {
	ns, ne, ok := s.nsname()
	if !ok {
		return false
	}
	s.spans, s.vals = s.spans[:0], s.vals[:0]
	for {
		s.space()
		b, ok := s.must()
		if !ok {
			return false
		}
		if b == '/' {
			if b, ok = s.must(); !ok {
				return false
			}
			if b != '>' {
				s.fail("expected /> in element")
				return false
			}
			s.closing = true
			break
		}
		if b == '>' {
			break
		}
		s.pos--
		ls, le, ok := s.nsname()
		if !ok {
			return false
		}
		s.space()
		if b, ok = s.must(); !ok {
			return false
		}
		if b != '=' {
			s.fail("attribute name without = in element")
			return false
		}
		s.space()
		q, ok := s.must()
		if !ok {
			return false
		}
		if q != '"' && q != '\'' {
			s.fail("unquoted or missing attribute value in element")
			return false
		}
		a, ok := s.attrValue(q)
		if !ok {
			return false
		}
		a.ls, a.le = ls, le
		s.spans = append(s.spans, a)
	}
	s.name = s.buf[s.mark+ns : s.mark+ne]
	return true
}

// endTag reads "</name>" after the "</".
func (s *scanner) endTag() bool {
	ns, ne, ok := s.nsname()
	if !ok {
		return false
	}
	s.space()
	b, ok := s.must()
	if !ok {
		return false
	}
	if b != '>' {
		s.fail("invalid characters between </%s and >", s.buf[s.mark+ns:s.mark+ne])
		return false
	}
	s.name = s.buf[s.mark+ns : s.mark+ne]
	return true
}

// procInst reads "<?target ...?>" after the "<?". An XML declaration must
// say version 1.0, if any, and UTF-8, if any: no other encoding is read.
func (s *scanner) procInst() {
	ts, te, ok := s.checkedName()
	if !ok {
		return
	}
	isXML := string(s.buf[s.mark+ts:s.mark+te]) == "xml"
	s.space()
	s.pi = s.pi[:0]
	var b0 byte
	for {
		s.mark = s.pos
		b, ok := s.must()
		if !ok {
			return
		}
		if isXML {
			if len(s.pi) >= maxToken {
				s.err = errTokenTooLong
				return
			}
			s.pi = append(s.pi, b)
		}
		if b0 == '?' && b == '>' {
			break
		}
		b0 = b
	}
	if !isXML {
		return
	}
	content := string(s.pi[:len(s.pi)-2])
	if v := procInstParam("version", content); v != "" && v != "1.0" {
		s.fail("unsupported version %q; only version 1.0 is supported", v)
		return
	}
	if enc := procInstParam("encoding", content); enc != "" && !strings.EqualFold(enc, "utf-8") {
		s.fail("encoding %q declared but not read", enc)
	}
}

// procInstParam returns the value of param="..." or param='...' in the
// content of a processing instruction, "" when absent; it reads them as
// encoding/xml does (procInst), to refuse what it refuses.
func procInstParam(param, s string) string {
	param += "="
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := strings.Index(sub, param)
		if k < 0 || lenp+k >= len(sub) {
			return ""
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return ""
	}
	j := strings.IndexByte(s[i:], sep)
	if j < 0 {
		return ""
	}
	return s[i : i+j]
}

// markup reads what follows "<!": a comment, a CDATA section (whose text
// the next calls return) or a directive such as <!DOCTYPE ...>.
func (s *scanner) markup() {
	b, ok := s.must()
	if !ok {
		return
	}
	switch b {
	case '-':
		s.comment()
		return
	case '[':
		for i := 0; i < 6; i++ {
			if b, ok = s.must(); !ok {
				return
			}
			if b != "CDATA["[i] {
				s.fail("invalid <![ sequence")
				return
			}
		}
		s.inCDATA, s.pending = true, 0
		return
	}
	s.directive()
}

// comment reads a comment after "<!-": "--" may only end it.
func (s *scanner) comment() {
	b, ok := s.must()
	if !ok {
		return
	}
	if b != '-' {
		s.fail("invalid sequence <!- not part of <!--")
		return
	}
	var b0, b1 byte
	for {
		s.mark = s.pos
		if b, ok = s.must(); !ok {
			return
		}
		if b0 == '-' && b1 == '-' {
			if b != '>' {
				s.fail(`invalid sequence "--" not allowed in comments`)
			}
			return
		}
		b0, b1 = b1, b
	}
}

// directive reads a directive after "<!" and its first byte, up to the
// ">" that closes it: quoted ">" and nested "<...>" do not, and comments
// inside are skipped, as encoding/xml does.
func (s *scanner) directive() {
	inquote := byte(0)
	depth := 0
	for {
		s.mark = s.pos
		b, ok := s.must()
		if !ok {
			return
		}
		if inquote == 0 && b == '>' && depth == 0 {
			return
		}
	handle:
		switch {
		case b == inquote:
			inquote = 0
		case inquote != 0:
		case b == '\'' || b == '"':
			inquote = b
		case b == '>':
			depth--
		case b == '<':
			for i := 0; i < 3; i++ {
				if b, ok = s.must(); !ok {
					return
				}
				if b != "!--"[i] {
					depth++
					goto handle
				}
			}
			var b0, b1 byte
			for {
				s.mark = s.pos
				if b, ok = s.must(); !ok {
					return
				}
				if b0 == '-' && b1 == '-' && b == '>' {
					break
				}
				b0, b1 = b1, b
			}
		}
	}
}
