package reconcile

import (
	"strings"
	"testing"
	"unicode"
)

// foldReference is Fold as it was before its ASCII fast path: the two must
// agree on every string.
func foldReference(s string) string {
	var b strings.Builder
	space := true
	for _, r := range s {
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

var foldCases = []struct{ in, want string }{
	{"  Code  Action ", "code action"},
	{"État prévu (€)", "etat prevu"},
	{"L'ŒUVRE d’Ainé", "l oeuvre d aine"},
	{"Axe 2 — Accès aux droits", "axe 2 acces aux droits"},
	{"e\u0301te\u0301", "ete"},
	{"ABC_xyz-09\t\n", "abc xyz 09"},
	{"Ελλάδα 中文", "ελλάδα 中文"},
	{"", ""},
}

func TestFold(t *testing.T) {
	for _, tc := range foldCases {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := foldReference(tc.in); got != tc.want {
			t.Errorf("foldReference(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, tc := range foldCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Fold(s), foldReference(s); got != want {
			t.Errorf("Fold(%q) = %q, the reference gives %q", s, got, want)
		}
	})
}

func BenchmarkFold(b *testing.B) {
	for b.Loop() {
		Fold("Montant réalisé par la collectivité (€) — Axe 2 : accès aux droits")
	}
}
