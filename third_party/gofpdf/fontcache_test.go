package gofpdf

// pactd patch: the /W array kept per cached font is upstream's.

import (
	"bytes"
	"os"
	"testing"
	"time"
)

func TestCachedCIDWidthsAreUpstreams(t *testing.T) {
	data, err := os.ReadFile("../../reports/fonts/DejaVuSans-Latin.ttf")
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"Accusé de réception",
		"Montant : 1 234,56 € — « écart » … œuvre ’ ŒŸžŠ",
		"1 234,56 €",
		"",
	}
	render := func(text string) ([]byte, fontDefType) {
		pdf := New("P", "mm", "A4", "")
		pdf.SetCreationDate(time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC))
		pdf.AddUTF8FontFromBytes("dejavu", "", data)
		pdf.SetFont("dejavu", "", 12)
		pdf.AddPage()
		pdf.Cell(0, 10, text)
		var buf bytes.Buffer
		if err := pdf.Output(&buf); err != nil {
			t.Fatal(err)
		}
		for _, f := range pdf.fonts {
			return buf.Bytes(), f
		}
		t.Fatal("no font")
		return nil, fontDefType{}
	}
	first := map[string][]byte{}
	for round := 0; round < 2; round++ { // the second round reads the cache
		for _, text := range texts {
			out, font := render(text)
			want := cidWidths(&font, font.utf8File.LastRune)
			if got := cachedCIDWidths(&font, font.utf8File.LastRune); got != want {
				t.Errorf("round %d, %q: cached /W array\n%s\nwant\n%s", round, text, got, want)
			}
			if round == 0 {
				first[text] = out
			} else if !bytes.Equal(out, first[text]) {
				t.Errorf("%q: the document rendered from the cache differs from the first", text)
			}
		}
	}
}
