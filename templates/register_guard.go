package templates

import (
	"fmt"

	"github.com/pactd/pactd/internal/ooxml"
)

// Limits on a commitments register. Sizes and ratios are checked from the
// zip central directory before anything is decompressed; rows and columns
// while each sheet is streamed. A register of 121 contracts with 40
// actions each is about 2 MiB compressed and 20 MiB of XML, with some
// 10,000 rows on its largest sheet.
const (
	// RegisterMaxFileSize is the largest register file accepted.
	RegisterMaxFileSize = 20 << 20
	// RegisterMaxUncompressed is the largest sum of declared uncompressed
	// sizes of the parts of a register.
	RegisterMaxUncompressed = 256 << 20
	// RegisterMaxPartSize is the largest declared uncompressed size of one
	// XML part (a sheet, the shared strings).
	RegisterMaxPartSize = 64 << 20
	// RegisterMaxEntries is the largest number of parts.
	RegisterMaxEntries = 1000
	// RegisterMaxRows is the largest number of rows read from one sheet.
	RegisterMaxRows = 200_000
	// RegisterMaxColumns is the number of columns read from each row (A
	// to IV); the columns of SPEC §3 must be among them.
	RegisterMaxColumns = 256
	// registerMaxRatio is the largest expansion ratio of a part over 1 MiB.
	registerMaxRatio = 200
)

// registerLimits are the reader's limits for a register.
var registerLimits = ooxml.Limits{MaxFileSize: RegisterMaxFileSize, MaxEntries: RegisterMaxEntries,
	MaxUncompressed: RegisterMaxUncompressed, MaxPartSize: RegisterMaxPartSize, MaxRatio: registerMaxRatio,
	MaxRows: RegisterMaxRows, MaxColumns: RegisterMaxColumns}

// registerRefusal says in French why a file cannot be read as a register.
func registerRefusal(r *ooxml.Refusal) string {
	notXLSX := "le fichier n'est pas un classeur Excel (.xlsx) lisible : enregistrez-le au format Classeur Excel (.xlsx)."
	switch r.Kind {
	case ooxml.TooLarge:
		return fmt.Sprintf("le fichier pèse %s, au-delà de la limite de %s pour un registre : "+
			"retirez les feuilles ou les images inutiles.", regBytes(r.Size), regBytes(r.Limit))
	case ooxml.OLE2:
		return "le fichier est protégé par un mot de passe ou au format Excel 97-2003 (.xls) : " +
			"enregistrez-le au format Classeur Excel (.xlsx), sans mot de passe."
	case ooxml.MacroEnabled:
		return "le classeur contient des macros (.xlsm) : enregistrez-le au format Classeur Excel (.xlsx), sans macros."
	case ooxml.Binary:
		return "le classeur est au format binaire (.xlsb) : enregistrez-le au format Classeur Excel (.xlsx)."
	case ooxml.OpenDocument:
		return "le classeur est au format OpenDocument (.ods) : enregistrez-le au format Classeur Excel (.xlsx)."
	case ooxml.NotWorkbook:
		return "le fichier est une archive zip mais pas un classeur Excel (.xlsx)."
	case ooxml.OverLimit:
		switch r.Bound {
		case ooxml.BoundEntries:
			return fmt.Sprintf("le classeur compte %d parties internes, au-delà de la limite de %d.", r.Size, r.Limit)
		case ooxml.BoundPartSize:
			return fmt.Sprintf("la partie %s du classeur occupe %s une fois décompressée, au-delà de la limite de %s.",
				r.Part, regBytes(r.Size), regBytes(r.Limit))
		}
		return fmt.Sprintf("le classeur occupe plus de %s une fois décompressé, ou se décompresse anormalement : "+
			"ce n'est pas un registre ordinaire.", regBytes(RegisterMaxUncompressed))
	}
	return notXLSX
}

// regBytes formats a size in bytes for people: "20 Mio", "512 Kio".
func regBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%d Mio", (n+(1<<19))>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d Kio", (n+(1<<9))>>10)
	}
	return fmt.Sprintf("%d octets", n)
}
