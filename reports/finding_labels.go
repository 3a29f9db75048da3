package reports

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pactd/pactd/reconcile"
)

// codeLabels name each finding code in a few French words, for the lists
// people scan (the weekly report's rejected files, the annotated workbook's
// list); the code itself is for the service and appears in small print.
var codeLabels = map[reconcile.Code]string{
	reconcile.FichierIllisible:          "fichier illisible",
	reconcile.ModeleInconnu:             "classeur qui n'est pas le modèle",
	reconcile.TerritoireInconnu:         "territoire absent du registre",
	reconcile.ExpediteurNonAutorise:     "expéditeur non autorisé",
	reconcile.AnneeHorsContrat:          "année hors contrat",
	reconcile.EngagementModifie:         "engagement pré-rempli modifié",
	reconcile.ValeurNonNumerique:        "valeur qui n'est pas un nombre",
	reconcile.ErreurFormule:             "erreur de formule",
	reconcile.MontantNegatif:            "montant négatif",
	reconcile.NombreEnTexte:             "nombre saisi comme du texte",
	reconcile.ValeurManquante:           "cellule vide",
	reconcile.ActionManquante:           "action du contrat absente",
	reconcile.ActionInconnue:            "action hors contrat",
	reconcile.AxeNonContractualise:      "axe hors contrat",
	reconcile.CofinancementInsuffisant:  "cofinancement insuffisant",
	reconcile.DepassementEngagementEtat: "dépense de l'État au-delà du prévu",
	reconcile.DepassementPlafond:        "plafond annuel dépassé",
	reconcile.CumulPluriannuel:          "plafonds cumulés dépassés",
	reconcile.SousExecution:             "sous-exécution",
	reconcile.TotalIncoherent:           "total incohérent",
	reconcile.IndicateurManquant:        "indicateur non renseigné",
	reconcile.IndicateurInvraisemblable: "indicateur invraisemblable",
	reconcile.RenforcementNonDemontre:   "renforcement non démontré",
	reconcile.TransmissionTardive:       "envoi après la date limite",
	reconcile.RapportManquant:           "rapport manquant",
	reconcile.RapportVide:               "rapport vide",
	reconcile.StatutInconnu:             "statut hors liste",
	reconcile.ClasseurRemplace:          "classeur d'une version précédente",
}

// CodeLabel names a finding code in a few French words ("cofinancement
// insuffisant"); an unknown code is named by itself.
func CodeLabel(c reconcile.Code) string {
	if l, ok := codeLabels[c]; ok {
		return l
	}
	return string(c)
}

// codeSummary says which kinds of findings a list holds at a severity,
// the most frequent first: "cofinancement insuffisant (2), montant
// négatif".
func codeSummary(fs []reconcile.Finding, sev reconcile.Severity) string {
	n := map[reconcile.Code]int{}
	var codes []reconcile.Code
	for _, f := range fs {
		if f.Severity != sev {
			continue
		}
		if n[f.Code] == 0 {
			codes = append(codes, f.Code)
		}
		n[f.Code]++
	}
	sort.SliceStable(codes, func(i, j int) bool { return n[codes[i]] > n[codes[j]] })
	var parts []string
	for _, c := range codes {
		s := CodeLabel(c)
		if n[c] > 1 {
			s += fmt.Sprintf(" (%d)", n[c])
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}
