package reports

import (
	"fmt"
	"strings"

	"github.com/pactd/pactd/reconcile"
)

// weeklyFindings lists, for every territory that sent a file, the findings
// of its retained file; the territories with nothing received have none.
func weeklyFindings(d *doc, wk *Weekly) {
	d.AddPage()
	d.h1("4. Constats par territoire", 40)
	var clean []string
	for _, r := range wk.Territories {
		switch {
		case r.Submission == nil:
		case len(r.Findings) == 0:
			clean = append(clean, territoryRef(r.Territory))
		default:
			d.Ln(2)
			territoryFindings(d, r)
		}
	}
	if len(clean) > 0 {
		d.h2("Territoires sans constat", 10)
		d.paragraph(strings.Join(clean, " ; ") + ".")
	}
	if len(clean) == 0 && wk.Findings == [3]int{} {
		d.paragraph("Aucun fichier enregistré ne porte de constat.")
	}
}

func territoryFindings(d *doc, r TerritoryRow) {
	d.h2(fmt.Sprintf("%s (SIREN %s) — %s", r.Territory.Name, r.Territory.SIREN, r.Label()), 42)
	var info []string
	if s := r.Submission; s != nil {
		info = append(info, fmt.Sprintf("Fichier %s reçu le %s, vérifié avec le registre version %d.",
			s.FileName, FormatDateTime(s.ReceivedAt), s.RegisterVersion))
	}
	if l := r.Status.Latest; l != nil && r.Submission != nil && l.ID != r.Submission.ID {
		info = append(info, fmt.Sprintf("Un envoi plus récent (%s, reçu le %s) a été rejeté.", l.FileName, FormatDateTime(l.ReceivedAt)))
	}
	counts := fmt.Sprintf("Constats : %d bloquant%s, %d alerte%s, %d information%s", r.Counts[0], pluralS(r.Counts[0]),
		r.Counts[1], pluralS(r.Counts[1]), r.Counts[2], pluralS(r.Counts[2]))
	if r.Rate != nil {
		counts += " ; taux d'exécution " + FormatRate(r.Rate)
	}
	info = append(info, counts+".")
	d.note(strings.Join(info, " "))
	d.Ln(1)
	findingsTable(d, r.Findings, fmt.Sprintf("%s (SIREN %s)", r.Territory.Name, r.Territory.SIREN))
}

func pluralS(n int) string {
	if n > 1 {
		return "s"
	}
	return ""
}

// findingsTable lists findings: severity, what it is in words, action,
// cells, expected and actual values on one line; the message under them
// across the width, and the code in small print for the service.
func findingsTable(d *doc, fs []reconcile.Finding, caption string) {
	t := newTable(d, 7,
		column{"Gravité", 15, "L"}, column{"Constat", 48, "L"}, column{"Action", 22, "L"},
		column{"Cellule", 29, "L"}, column{"Attendu", 30, "R"}, column{"Constaté", 30, "R"})
	t.continued = caption
	for _, f := range fs {
		t.rowNote([]cell{{text: severityLabel(f.Severity), bold: f.Severity == reconcile.Bloquant},
			{text: reconcile.Capitalize(CodeLabel(f.Code))}, {text: dash(findingSubject(f))}, {text: dash(cellList(f.Cells))},
			{text: dash(f.Expected.String())}, {text: dash(f.Actual.String())}}, f.Message, 1, "réf. "+string(f.Code))
	}
}

// findingSubject is what the "Action" column says a finding is about: its
// indicator or action code, else its axis in words ("Axe Enfance") so that
// it is not read as an action code, else nothing (a dash).
func findingSubject(f reconcile.Finding) string {
	switch {
	case f.Indicator != "" && strings.HasPrefix(f.Indicator, f.Action):
		return f.Indicator // "ENF-01-I2" already names its action
	case f.Indicator != "":
		return strings.TrimSpace(f.Action + " " + f.Indicator)
	case f.Action != "":
		return f.Action
	case f.Axis != "":
		return "Axe " + f.Axis.ShortLabel()
	}
	return ""
}

// cellList writes cell references naming each sheet once in a run:
// "Actions!G5, H5, G6, Indicateurs!G9".
func cellList(cells []string) string {
	var b strings.Builder
	prev := ""
	for i, c := range cells {
		if i > 0 {
			b.WriteString(", ")
		}
		sheet, ref, ok := strings.Cut(c, "!")
		if ok && sheet == prev {
			b.WriteString(ref)
			continue
		}
		prev = sheet
		b.WriteString(c)
	}
	return b.String()
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
