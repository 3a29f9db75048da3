package ingest

import (
	"fmt"
	"strings"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// folderNote writes, in French, what became of a file of the watched
// folder: verdict, receipt number, SHA-256 and a summary of the findings.
func folderNote(name, sum string, received time.Time, out Outcome) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Fichier : %s\n", name)
	fmt.Fprintf(&b, "Pris en charge le : %s (heure de Paris)\n", received.In(reconcile.Paris).Format("02/01/2006 à 15:04:05"))
	if sum != "" {
		fmt.Fprintf(&b, "Empreinte SHA-256 : %s\n", sum)
	}
	var findings []reconcile.Finding
	switch {
	case out.Quarantined:
		b.WriteString("Résultat : mis en quarantaine, à examiner par une personne.\n")
		if out.Reason != "" {
			fmt.Fprintf(&b, "Motif : %s\n", out.Reason)
		}
		if out.Submission != nil {
			findings = out.Submission.Findings
		}
	case out.Submission != nil:
		fmt.Fprintf(&b, "Résultat : rapport %s.\n", verdictWord(out.Submission.Verdict))
		if out.Submission.SIREN != "" {
			fmt.Fprintf(&b, "Territoire : SIREN %s, exercice %d\n", out.Submission.SIREN, out.Submission.Year)
		}
		if out.Receipt.Duplicate {
			b.WriteString(duplicateSentence(out.Submission) + "\n")
		}
		findings = out.Submission.Findings
	}
	if out.Receipt.Number != "" {
		fmt.Fprintf(&b, "Accusé de réception : %s\n", out.Receipt.Number)
	}
	if len(findings) == 0 {
		if !out.Quarantined {
			b.WriteString("\nAucune anomalie relevée.\n")
		}
		return b.String()
	}
	var n [3]int
	for _, f := range findings {
		n[f.Severity.Rank()]++
	}
	fmt.Fprintf(&b, "\nAnomalies : %d bloquante(s), %d alerte(s), %d information(s)\n", n[0], n[1], n[2])
	for _, f := range findings {
		where := ""
		if len(f.Cells) > 0 {
			where = " (" + strings.Join(f.Cells, ", ") + ")"
		}
		fmt.Fprintf(&b, "- [%s] %s%s : %s\n", f.Severity, f.Code, where, f.Message)
	}
	return b.String()
}

// duplicateSentence says that a file repeats the bytes of the earlier
// submission first, naming it and when it came.
func duplicateSentence(first *reconcile.Submission) string {
	if first.ID == 0 || first.ReceivedAt.IsZero() {
		return "Ce fichier est identique à un fichier déjà reçu ; il n'est pas compté une seconde fois."
	}
	return fmt.Sprintf("Ce fichier est identique au dépôt n° %d reçu le %s (%s) ; il n'est pas compté une seconde fois.",
		first.ID, first.ReceivedAt.In(reconcile.Paris).Format("02/01/2006 à 15:04"), first.FileName)
}

// verdictWord returns the verdict agreeing with "rapport": "accepté" or
// "rejeté".
func verdictWord(v reconcile.Verdict) string {
	if v == reconcile.Rejected {
		return "rejeté"
	}
	return "accepté"
}
