package reports

import (
	"strings"
	"testing"
)

// The subsets of DejaVu made by scripts/subset-fonts.sh must draw French
// and the Latin scripts a territory may type, and the fallback itself.
func TestFontCoverage(t *testing.T) {
	latin := "azAZ09 àâäçéèêëîïôöùûüÿœŒÆæ ÀÂÇÉÈÊËÎÏÔÙÛÜŸ « » € ’ ‘ “ ” – — … • ‰ § ° ± × ÷ µ ² ⁶ № → ≤ ≥ − ≠ " +
		"\u00a0\u202f ʻ āēīōū ñ ß ø å ł ş ğ ő ț ș ă ư ơ ạ ế ﬁ ﬂ \u0301 \uFFFD"
	for _, r := range latin {
		if !fontCoverage.has(r) {
			t.Errorf("the embedded fonts do not draw %q (U+%04X)", r, r)
		}
	}
	for _, r := range "αΩЖд中文한あ\U0001F600" {
		if fontCoverage.has(r) {
			t.Errorf("the embedded fonts draw %q (U+%04X): they are not the Latin subsets", r, r)
		}
	}
}

func TestPDFTextFallback(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Département de l'Ain", "Département de l'Ain"},
		{"Ελλάδα", strings.Repeat("\uFFFD", 6)},
		{"Commune 中文 ok", "Commune \uFFFD\uFFFD ok"},
		{"a\tb\x00c😀", "a b c\uFFFD"},
		{"Wallis-et-Futuna ʻUvea", "Wallis-et-Futuna ʻUvea"},
	} {
		if got := pdfText(tc.in); got != tc.want {
			t.Errorf("pdfText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// The metadata and outline are drawn by the reader's own fonts: only
	// what gofpdf cannot write is replaced there.
	if got := pdfMeta("Ελλάδα 😀\n"); got != "Ελλάδα \uFFFD " {
		t.Errorf("pdfMeta = %q", got)
	}
}

func TestCmapRunesRejectsGarbage(t *testing.T) {
	for _, data := range [][]byte{nil, []byte("not a font"), fontRegular[:100]} {
		if _, err := cmapRunes(data); err == nil {
			t.Errorf("cmapRunes(%d bytes) read a character map", len(data))
		}
	}
}
