package reports

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// The embedded faces hold the Latin scripts only (scripts/subset-fonts.sh).
// A character outside them, Greek or Chinese in a territory's comment say,
// would be drawn by gofpdf as an empty box or not at all; pdfText draws
// U+FFFD «�» in its place instead, so a reader sees that something was
// there. fontCoverage says which characters the faces have.

// runeSet is a set of runes of the Basic Multilingual Plane.
type runeSet [0x10000 / 64]uint64

func (s *runeSet) add(r rune)      { s[r>>6] |= 1 << (r & 63) }
func (s *runeSet) has(r rune) bool { return r >= 0 && r <= 0xFFFF && s[r>>6]&(1<<(r&63)) != 0 }

// intersect keeps in s only the runes also in o and says whether any is left.
func (s *runeSet) intersect(o *runeSet) bool {
	left := false
	for i := range s {
		s[i] &= o[i]
		left = left || s[i] != 0
	}
	return left
}

// fontCoverage holds the characters both embedded faces draw, read from
// their character maps once at start. The faces are part of the binary, so
// a face that cannot be read is a build mistake, caught by the tests.
var fontCoverage = mustCoverage(fontRegular, fontBold)

func mustCoverage(faces ...[]byte) *runeSet {
	var all *runeSet
	for i, face := range faces {
		s, err := cmapRunes(face)
		if err != nil {
			panic(fmt.Sprintf("reports: embedded font %d: %v", i, err))
		}
		if all == nil {
			all = s
		} else if !all.intersect(s) {
			panic("reports: the embedded fonts share no character")
		}
	}
	return all
}

// cmapRunes returns the characters of a TrueType font's Unicode character
// map (platform 3 encoding 1, or platform 0, format 4), the one gofpdf
// reads.
func cmapRunes(ttf []byte) (*runeSet, error) {
	u16 := func(at int) (int, error) {
		if at < 0 || at+2 > len(ttf) {
			return 0, errors.New("truncated font")
		}
		return int(binary.BigEndian.Uint16(ttf[at:])), nil
	}
	u32 := func(at int) (int, error) {
		if at < 0 || at+4 > len(ttf) {
			return 0, errors.New("truncated font")
		}
		return int(binary.BigEndian.Uint32(ttf[at:])), nil
	}
	tables, err := u16(4)
	if err != nil {
		return nil, err
	}
	cmap := -1
	for i := range tables {
		rec := 12 + 16*i
		if rec+16 > len(ttf) {
			return nil, errors.New("truncated table directory")
		}
		if string(ttf[rec:rec+4]) == "cmap" {
			if cmap, err = u32(rec + 8); err != nil {
				return nil, err
			}
		}
	}
	if cmap < 0 {
		return nil, errors.New("no cmap table")
	}
	subtables, err := u16(cmap + 2)
	if err != nil {
		return nil, err
	}
	for i := range subtables {
		rec := cmap + 4 + 8*i
		platform, err1 := u16(rec)
		encoding, err2 := u16(rec + 2)
		offset, err3 := u32(rec + 4)
		if err := errors.Join(err1, err2, err3); err != nil {
			return nil, err
		}
		format, err := u16(cmap + offset)
		if err != nil {
			return nil, err
		}
		if format == 4 && (platform == 3 && encoding == 1 || platform == 0) {
			return format4Runes(u16, cmap+offset)
		}
	}
	return nil, errors.New("no Unicode format 4 character map")
}

// format4Runes reads a format 4 character map at sub: the runes whose
// glyph is not 0 (.notdef).
func format4Runes(u16 func(int) (int, error), sub int) (*runeSet, error) {
	segX2, err := u16(sub + 6)
	if err != nil {
		return nil, err
	}
	ends, starts := sub+14, sub+16+segX2
	deltas, rangeOffsets := starts+segX2, starts+2*segX2
	s := new(runeSet)
	for seg := 0; seg < segX2; seg += 2 {
		end, err1 := u16(ends + seg)
		start, err2 := u16(starts + seg)
		delta, err3 := u16(deltas + seg)
		ro, err4 := u16(rangeOffsets + seg)
		if err := errors.Join(err1, err2, err3, err4); err != nil {
			return nil, err
		}
		for c := start; c <= end && c != 0xFFFF; c++ {
			glyph := (c + delta) & 0xFFFF
			if ro != 0 {
				g, err := u16(rangeOffsets + seg + ro + 2*(c-start))
				if err != nil {
					return nil, err
				}
				glyph = 0
				if g != 0 {
					glyph = (g + delta) & 0xFFFF
				}
			}
			if glyph != 0 {
				s.add(rune(c))
			}
		}
	}
	return s, nil
}
