//go:build ignore

// Command make_excelize writes classeur-excelize.xlsx, the reporting-like
// workbook the annotation tests read as written by excelize (the library
// pactd's own templates use): values, formulas, defined names, a
// validation list, sheet protection and a comment of the sender.
//
//	cd reports/testdata && go run make_excelize.go
package main

import (
	"log"

	"github.com/xuri/excelize/v2"
)

func main() {
	f := excelize.NewFile()
	must := func(err error) {
		if err != nil {
			log.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "Lisez-moi"))
	must(f.SetCellStr("Lisez-moi", "A1", "Rapport annuel d'exécution — données fictives"))
	for _, s := range []string{"Identification", "Actions", "Indicateurs", "Synthèse", "Commentaires"} {
		_, err := f.NewSheet(s)
		must(err)
	}
	must(f.SetCellStr("Identification", "A2", "Collectivité"))
	must(f.SetCellStr("Identification", "B2", "Département de l'Ain"))
	headers := []string{"Code action", "Axe", "Intitulé", "Nature", "État prévu (€)", "Collectivité prévu (€)",
		"État réalisé (€)", "Collectivité réalisé (€)", "Autres financeurs (€)", "Statut", "Commentaire"}
	must(f.SetSheetRow("Actions", "A6", &headers))
	rows := [][]any{
		{"ENF-01", "Enfance", "Petits déjeuners à l'école", "Nouvelle", 120000, 120000, 98000.5, 90000, 0, "En cours", "=attention"},
		{"ENF-02", "Enfance", "Accueil du jeune enfant", "Renforcée", 80000, 80000, 80000, 82000, 1500, "Réalisée"},
		{"DRO-01", "Accès aux droits", "Aller vers les publics", "Nouvelle", 50000, 50000, "12 345,67 €", 50000, 0, "En cours", "+33 texte"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, 7+i)
		must(f.SetSheetRow("Actions", cell, &r))
	}
	euro := `#,##0.00\ "€"`
	money, err := f.NewStyle(&excelize.Style{CustomNumFmt: &euro})
	must(err)
	open, err := f.NewStyle(&excelize.Style{CustomNumFmt: &euro, Protection: &excelize.Protection{Locked: false}})
	must(err)
	must(f.SetCellStyle("Actions", "E7", "F10", money))
	must(f.SetCellStyle("Actions", "G7", "I9", open))
	must(f.SetCellStr("Actions", "A10", "Total"))
	for _, c := range []string{"E", "F", "G", "H", "I"} {
		must(f.SetCellFormula("Actions", c+"10", "SUM("+c+"7:"+c+"9)"))
	}
	must(f.AddComment("Actions", excelize.Comment{Cell: "G7", Author: "Camille Martin", Text: "Montant provisoire, à confirmer."}))
	dv := excelize.NewDataValidation(true)
	dv.Sqref = "J7:J9"
	must(dv.SetDropList([]string{"Réalisée", "En cours", "Non démarrée", "Abandonnée"}))
	must(f.AddDataValidation("Actions", dv))
	must(f.ProtectSheet("Actions", &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true}))
	ind := []string{"Code action", "Code indicateur", "Indicateur", "Unité", "Référence", "Cible", "Réalisé", "Commentaire"}
	must(f.SetSheetRow("Indicateurs", "A4", &ind))
	must(f.SetSheetRow("Indicateurs", "A5", &[]any{"ENF-01", "ENF-01-I1", "Enfants bénéficiaires", "personnes", 100, 150}))
	must(f.SetSheetRow("Synthèse", "A4", &[]any{"Axe", "Prévu", "Réalisé", "Taux"}))
	must(f.SetCellStr("Synthèse", "A5", "Enfance"))
	must(f.SetCellFormula("Synthèse", "B5", "E7+E8+F7+F8"))
	must(f.SetCellFormula("Synthèse", "C5", "G7+G8+H7+H8"))
	must(f.SetCellStr("Commentaires", "A1", "Commentaires libres : RAS."))
	for name, ref := range map[string]string{"pactd_modele": `"CLS-RAE/1"`, "pactd_siren": `"220100010"`, "pactd_annee": "2025",
		"pactd_empreinte": `"f00d"`, "pactd_actions": "Actions!$A$6:$K$9"} {
		must(f.SetDefinedName(&excelize.DefinedName{Name: name, RefersTo: ref}))
	}
	must(f.SaveAs("classeur-excelize.xlsx"))
}
