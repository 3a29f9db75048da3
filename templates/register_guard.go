package templates

import (
	"archive/zip"
	"bytes"
	"fmt"
	"strings"
)

// Limits on a commitments register, checked from the zip central directory
// before anything is decompressed. A register of 121 contracts with 40
// actions each is about 2 MiB compressed and 20 MiB of XML.
const (
	// RegisterMaxFileSize is the largest register file accepted.
	RegisterMaxFileSize = 20 << 20
	// RegisterMaxUncompressed is the largest sum of declared uncompressed
	// sizes of the parts of a register.
	RegisterMaxUncompressed = 256 << 20
	// RegisterMaxPartSize is the largest declared uncompressed size of one
	// part (a sheet, the shared strings).
	RegisterMaxPartSize = 64 << 20
	// RegisterMaxEntries is the largest number of parts.
	RegisterMaxEntries = 1000
)

// regOLEMagic starts OLE2 compound files: legacy .xls workbooks and
// password-protected (encrypted) .xlsx files.
var regOLEMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// checkRegisterPackage refuses, with a French sentence, a file that is not
// an .xlsx workbook within the register limits. archive/zip refuses to
// inflate a part beyond its declared size, so the declared sizes checked
// here bound what excelize decompresses afterwards.
func checkRegisterPackage(data []byte) string {
	if len(data) > RegisterMaxFileSize {
		return fmt.Sprintf("le fichier pèse %s, au-delà de la limite de %s pour un registre : "+
			"retirez les feuilles ou les images inutiles.", regBytes(int64(len(data))), regBytes(RegisterMaxFileSize))
	}
	if bytes.HasPrefix(data, regOLEMagic) {
		return "le fichier est protégé par un mot de passe ou au format Excel 97-2003 (.xls) : " +
			"enregistrez-le au format Classeur Excel (.xlsx), sans mot de passe."
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "le fichier n'est pas un classeur Excel (.xlsx) lisible : enregistrez-le au format Classeur Excel (.xlsx)."
	}
	if len(zr.File) > RegisterMaxEntries {
		return fmt.Sprintf("le classeur compte %d parties internes, au-delà de la limite de %d.", len(zr.File), RegisterMaxEntries)
	}
	var total uint64
	hasWorkbook := false
	for _, f := range zr.File {
		name := strings.ToLower(f.Name)
		switch {
		case name == "xl/workbook.xml":
			hasWorkbook = true
		case strings.HasSuffix(name, "vbaproject.bin"):
			return "le classeur contient des macros (.xlsm) : enregistrez-le au format Classeur Excel (.xlsx), sans macros."
		}
		if f.UncompressedSize64 > RegisterMaxPartSize {
			return fmt.Sprintf("la partie %s du classeur occupe %s une fois décompressée, au-delà de la limite de %s.",
				f.Name, regBytes(int64(min(f.UncompressedSize64, 1<<62))), regBytes(RegisterMaxPartSize))
		}
		total += f.UncompressedSize64
		if total > RegisterMaxUncompressed {
			return fmt.Sprintf("le classeur occupe plus de %s une fois décompressé : ce n'est pas un registre ordinaire.",
				regBytes(RegisterMaxUncompressed))
		}
	}
	if !hasWorkbook {
		return "le fichier est une archive zip mais pas un classeur Excel (.xlsx)."
	}
	return ""
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
