package templates

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pactd/pactd/internal/ooxml"
	"github.com/pactd/pactd/reconcile"
)

// valueState classifies a cell read as a number.
type valueState uint8

const (
	stEmpty      valueState = iota // nothing in the cell
	stNumber                       // a number
	stTextNumber                   // a number typed as text, accepted
	stText                         // something that is not a number
	stError                        // an Excel error value
	stNoCache                      // a formula whose result was not saved
)

// excelErrors explains Excel's error values in French. Excel stores them
// in English whatever its language; French spellings typed as text are
// recognised too.
var excelErrors = map[string]string{
	"#DIV/0!":       "division par zéro",
	"#REF!":         "référence à une cellule supprimée",
	"#VALUE!":       "valeur de type incorrect dans la formule",
	"#N/A":          "valeur non disponible",
	"#NAME?":        "nom de fonction ou de plage inconnu",
	"#NUM!":         "nombre invalide",
	"#NULL!":        "plages sans intersection",
	"#GETTING_DATA": "données en cours de chargement",
	"#SPILL!":       "résultat qui déborde sur des cellules occupées",
	"#CALC!":        "calcul impossible",
	"#VALEUR!":      "valeur de type incorrect dans la formule",
	"#NOM?":         "nom de fonction ou de plage inconnu",
	"#NOMBRE!":      "nombre invalide",
	"#NUL!":         "plages sans intersection",
}

// cellNumber reads a cell as a number. Numbers typed as text in French or
// English format are stTextNumber; Excel error values, computed or typed,
// are stError; a nil cell is stEmpty.
func cellNumber(c *ooxml.Cell) (float64, valueState) {
	if c.IsEmpty() {
		return 0, stEmpty
	}
	s := c.Text()
	switch c.Kind {
	case ooxml.KindError:
		return 0, stError
	case ooxml.KindNumber:
		if s == "" {
			return 0, stNoCache
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, stText
		}
		return f, stNumber
	case ooxml.KindBool, ooxml.KindDate:
		return 0, stText
	}
	if s == "" {
		if c.Formula {
			return 0, stNoCache
		}
		return 0, stEmpty
	}
	if _, ok := excelErrors[s]; ok {
		return 0, stError
	}
	f, err := reconcile.ParseNumber(s)
	if err != nil {
		return 0, stText
	}
	return f, stTextNumber
}

// cellDisplay returns a cell's content for a message, shortened: a text as
// typed, a number the French way (a percentage as « 57 % »), a boolean as
// Excel shows it in French.
func cellDisplay(c *ooxml.Cell) string {
	s := c.Text()
	switch {
	case c == nil:
		return ""
	case c.Kind == ooxml.KindNumber:
		if f, err := strconv.ParseFloat(s, 64); err == nil && c.Percent {
			return reconcile.FormatNumber(percentOf(f)) + "\u00a0%"
		} else if err == nil {
			return reconcile.FormatNumber(f)
		}
	case c.Kind == ooxml.KindBool:
		if s == "1" {
			return "VRAI"
		}
		return "FAUX"
	}
	return shortText(s, 60)
}

// shortText cuts s to at most n runes, with an ellipsis.
func shortText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// parseFrenchDate reads a date typed as text: "15/03/2026", "15/3/26",
// "15.03.2026", "15-03-2026" or ISO "2026-03-15" (also with a time).
func parseFrenchDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if len(s) >= 10 && s[4] == '-' {
		if t, err := time.ParseInLocation("2006-01-02", s[:10], reconcile.Paris); err == nil {
			return t, true
		}
	}
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = s[:i]
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '.' || r == '-' })
	if len(parts) != 3 {
		return time.Time{}, false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || len(p) > 4 {
			return time.Time{}, false
		}
		n[i] = v
	}
	d, m, y := n[0], n[1], n[2]
	if len(parts[2]) == 2 {
		y += 2000
	}
	if m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, reconcile.Paris)
	if t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}
