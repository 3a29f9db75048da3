package reconcile

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Axis is the canonical identifier of an axis of the Pacte des solidarités.
type Axis string

// The four axes. Contracts of départements and collectivités have three
// (all but EMPLOI); métropoles have four.
const (
	AxisEnfance     Axis = "ENFANCE"
	AxisEmploi      Axis = "EMPLOI"
	AxisAccesDroits Axis = "ACCES_DROITS"
	AxisTransition  Axis = "TRANSITION"
)

// AllAxes lists the axes in the Pacte's own order.
var AllAxes = []Axis{AxisEnfance, AxisEmploi, AxisAccesDroits, AxisTransition}

// Label returns the official French label of the axis.
func (a Axis) Label() string {
	switch a {
	case AxisEnfance:
		return "Prévenir la pauvreté et lutter contre les inégalités dès l'enfance"
	case AxisEmploi:
		return "Amplifier la politique d'accès à l'emploi pour tous"
	case AxisAccesDroits:
		return "Lutter contre la grande exclusion grâce à l'accès aux droits"
	case AxisTransition:
		return "Construire une transition écologique solidaire"
	}
	return string(a)
}

// ShortLabel returns a short French name of the axis for tables and charts.
func (a Axis) ShortLabel() string {
	switch a {
	case AxisEnfance:
		return "Enfance"
	case AxisEmploi:
		return "Emploi"
	case AxisAccesDroits:
		return "Accès aux droits"
	case AxisTransition:
		return "Transition écologique"
	}
	return string(a)
}

// Valid reports whether a is one of the four axes.
func (a Axis) Valid() bool {
	for _, x := range AllAxes {
		if a == x {
			return true
		}
	}
	return false
}

// axisSynonyms maps folded labels and known variants to axes. Keys are
// compared after Fold and after numbering is stripped.
var axisSynonyms = map[string]Axis{
	"enfance": AxisEnfance,
	"prevenir la pauvrete et lutter contre les inegalites des l enfance": AxisEnfance,
	"prevenir la pauvrete des l enfance":                                 AxisEnfance,
	"lutter contre les inegalites des l enfance":                         AxisEnfance,
	"prevention de la pauvrete des l enfance":                            AxisEnfance,
	"petite enfance": AxisEnfance,
	"emploi":         AxisEmploi,
	"amplifier la politique d acces a l emploi pour tous": AxisEmploi,
	"acces a l emploi pour tous":                          AxisEmploi,
	"acces a l emploi":                                    AxisEmploi,
	"insertion et emploi":                                 AxisEmploi,
	"acces aux droits":                                    AxisAccesDroits,
	"acces droits":                                        AxisAccesDroits,
	"lutter contre la grande exclusion grace a l acces aux droits": AxisAccesDroits,
	"lutter contre la grande exclusion grace a l acces au droit":   AxisAccesDroits,
	"lutter contre la grande exclusion":                            AxisAccesDroits,
	"grande exclusion":                                             AxisAccesDroits,
	"transition":                                                   AxisTransition,
	"transition ecologique":                                        AxisTransition,
	"construire une transition ecologique solidaire":               AxisTransition,
	"transition ecologique solidaire":                              AxisTransition,
	// Wordings met in contracts and registers.
	"lutter contre la pauvrete des l enfance":           AxisEnfance,
	"amplifier la politique d acces a l emploi":         AxisEmploi,
	"emploi et insertion":                               AxisEmploi,
	"lutte contre la grande exclusion":                  AxisAccesDroits,
	"transition ecologique et solidaire":                AxisTransition,
	"construire une transition ecologique et solidaire": AxisTransition,
}

// MatchAxis finds the axis a label designates, whatever its case, accents,
// punctuation or numbering ("Axe 3 - ...", "3.", "III)"), and accepts the
// canonical identifiers themselves and known wording variants. It never
// relies on the number alone, since sources number axes differently.
func MatchAxis(label string) (Axis, bool) {
	up := strings.ToUpper(strings.TrimSpace(label))
	if a := Axis(up); a.Valid() {
		return a, true
	}
	f := stripNumbering(Fold(label))
	if f == "" {
		return "", false
	}
	if a, ok := axisSynonyms[f]; ok {
		return a, true
	}
	// A label may carry a trailing explanation: "Accès aux droits (axe
	// transversal)". Accept it when exactly one synonym prefixes it.
	var found Axis
	for k, a := range axisSynonyms {
		if len(k) >= 8 && strings.HasPrefix(f, k+" ") {
			if found != "" && found != a {
				return "", false
			}
			found = a
		}
	}
	return found, found != ""
}

// stripNumbering removes leading "axe", arabic or roman numerals and
// "n" (from "n°") from a folded label.
func stripNumbering(f string) string {
	words := strings.Fields(f)
	for len(words) > 0 {
		w := words[0]
		if w == "axe" || w == "axis" || w == "n" || w == "no" || isNumeral(w) {
			words = words[1:]
			continue
		}
		break
	}
	return strings.Join(words, " ")
}

func isNumeral(w string) bool {
	if w == "" {
		return false
	}
	digits := true
	for _, r := range w {
		if r < '0' || r > '9' {
			digits = false
		}
	}
	if digits {
		return true
	}
	switch w {
	case "i", "ii", "iii", "iv":
		return true
	}
	return false
}

// Fold normalises a label for comparison: lower case, accents removed,
// punctuation and apostrophes turned into spaces, spaces collapsed.
// "  Code  Action " and "code action" fold to the same string, and so do
// "État prévu (€)" and "etat prevu".
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range s {
		if r < utf8.RuneSelf {
			// ASCII, most of every label: no table to look up.
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			switch {
			case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
				b.WriteByte(byte(r))
				space = false
			case !space:
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		r = unicode.ToLower(r)
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case foldLetters[r] != "":
			b.WriteString(foldLetters[r])
			space = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimSpace(b.String())
}

// foldLetters maps the accented letters of French (and a few neighbours)
// to their base letters, so that folding needs no Unicode tables beyond
// the standard library.
var foldLetters = map[rune]string{
	'à': "a", 'â': "a", 'ä': "a", 'á': "a", 'ã': "a", 'å': "a",
	'ç': "c", 'é': "e", 'è': "e", 'ê': "e", 'ë': "e",
	'î': "i", 'ï': "i", 'í': "i", 'ì': "i",
	'ô': "o", 'ö': "o", 'ó': "o", 'ò': "o", 'õ': "o",
	'ù': "u", 'û': "u", 'ü': "u", 'ú': "u", 'ÿ': "y", 'ñ': "n",
	'æ': "ae", 'œ': "oe",
}
