package reports

import (
	_ "embed" // the DejaVu fonts are embedded so no font package is needed at run time

	"github.com/jung-kurt/gofpdf"
)

// The DejaVu Sans faces (Bitstream Vera licence, fonts/LICENSE), cut down
// by scripts/subset-fonts.sh to the Latin scripts, punctuation, € and a
// few symbols (about 1,700 glyphs instead of 6,000): French, œ, « », and
// every Latin script a territory may type. Anything else is drawn as «�»
// (pdftext.go, fontcover.go). The full faces are kept beside them as the
// script's source and are not embedded.
var (
	//go:embed fonts/DejaVuSans-Latin.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Latin-Bold.ttf
	fontBold []byte
)

// fontFamily is the family name every document uses.
const fontFamily = "DejaVu"

// addFonts registers the embedded fonts with pdf. The gofpdf in
// third_party/gofpdf is patched to parse each face once per process
// (upstream parses it in every document, two thirds of an acknowledgment's
// CPU time); every document still cuts and compresses the subset of glyphs
// it uses, so the documents use two faces only, regular and bold.
func addFonts(pdf *gofpdf.Fpdf) {
	pdf.AddUTF8FontFromBytes(fontFamily, "", fontRegular)
	pdf.AddUTF8FontFromBytes(fontFamily, "B", fontBold)
}
