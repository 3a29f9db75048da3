package reports

import (
	_ "embed" // the DejaVu fonts are embedded so no font package is needed at run time

	"github.com/jung-kurt/gofpdf"
)

// The DejaVu Sans fonts (Bitstream Vera licence, fonts/LICENSE) cover
// French, €, œ, « » and every Latin script a territory may type.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

// fontFamily is the family name every document uses.
const fontFamily = "DejaVu"

// addFonts registers the embedded fonts with pdf. gofpdf keeps each parsed
// font inside its document and has no API to share one between documents,
// so every document parses them again (about 4 ms each on this machine);
// the documents therefore use two faces only, regular and bold.
func addFonts(pdf *gofpdf.Fpdf) {
	pdf.AddUTF8FontFromBytes(fontFamily, "", fontRegular)
	pdf.AddUTF8FontFromBytes(fontFamily, "B", fontBold)
}
