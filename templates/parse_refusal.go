package templates

import (
	"fmt"
	"path"
	"strings"

	"github.com/pactd/pactd/internal/ooxml"
)

// refusalMessage says in French why a file cannot be read and what to do.
func refusalMessage(r *ooxml.Refusal, name string, lim Limits) string {
	q := quoteFileName(name)
	resave := "ouvrez-le dans Excel ou LibreOffice, enregistrez-le de nouveau au format .xlsx et renvoyez-le."
	switch r.Kind {
	case ooxml.Empty:
		return fmt.Sprintf("Le fichier %s est vide : renvoyez le classeur rempli, enregistré au format .xlsx.", q)
	case ooxml.TooLarge:
		return fmt.Sprintf("Le fichier %s pèse %s, au-delà des %s acceptés : retirez les images ou les feuilles ajoutées, enregistrez-le au format .xlsx et renvoyez-le.",
			q, formatBytes(r.Size), formatBytes(r.Limit))
	case ooxml.OLE2:
		return fmt.Sprintf("Le fichier %s est un classeur protégé par mot de passe ou un ancien format .xls : enregistrez-le au format .xlsx sans mot de passe, puis renvoyez-le.", q)
	case ooxml.PDF:
		return fmt.Sprintf("Le fichier %s est un PDF, pas un classeur : renvoyez le classeur pré-rempli reçu, complété et enregistré au format .xlsx.", q)
	case ooxml.NotZip, ooxml.NotWorkbook:
		return fmt.Sprintf("Le fichier %s n'est pas un classeur Excel (.xlsx) : renvoyez le classeur pré-rempli reçu, complété et enregistré au format .xlsx.", q)
	case ooxml.OpenDocument:
		return fmt.Sprintf("Le fichier %s est au format OpenDocument (.ods) : dans LibreOffice, choisissez Fichier > Enregistrer sous, type %s, puis renvoyez-le.",
			q, guillemets("Excel 2007-365 (.xlsx)"))
	case ooxml.Binary:
		return fmt.Sprintf("Le fichier %s est un classeur binaire Excel (.xlsb) : enregistrez-le au type %s et renvoyez-le.",
			q, guillemets("Classeur Excel (.xlsx)"))
	case ooxml.MacroEnabled:
		return fmt.Sprintf("Le fichier %s contient des macros (.xlsm), que pactd n'exécute ni n'accepte : enregistrez-le au type %s, sans macros, et renvoyez-le.",
			q, guillemets("Classeur Excel (.xlsx)"))
	case ooxml.OverLimit:
		return fmt.Sprintf("Le fichier %s dépasse les limites de taille acceptées une fois décompressé (%s au plus en tout, %s par feuille) : renvoyez le classeur pré-rempli reçu, complété sans y ajouter d'images ni de données volumineuses, au format .xlsx.",
			q, formatBytes(lim.MaxUncompressed), formatBytes(lim.MaxPartSize))
	}
	return fmt.Sprintf("Le fichier %s est endommagé et ne peut pas être lu : %s", q, resave)
}

// quoteFileName returns « name » for messages, or "reçu" when there is none.
func quoteFileName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	if name == "" || name == "." || name == "/" {
		return "reçu"
	}
	return guillemets(name)
}

// formatBytes formats a size for people: "25,3 Mo", "512 Ko".
func formatBytes(n int64) string {
	dec := func(f float64) string {
		s := strings.TrimSuffix(fmt.Sprintf("%.1f", f), ".0")
		return strings.Replace(s, ".", ",", 1)
	}
	switch {
	case n >= 1<<30:
		return dec(float64(n)/(1<<30)) + "\u00a0Go"
	case n >= 1<<20:
		return dec(float64(n)/(1<<20)) + "\u00a0Mo"
	case n >= 1<<10:
		return dec(float64(n)/(1<<10)) + "\u00a0Ko"
	}
	return fmt.Sprintf("%d\u00a0octets", n)
}
