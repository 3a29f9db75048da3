package reconcile

import "fmt"

// MissingFindings returns a RAPPORT_MANQUANT finding for every territory
// without an accepted report once the deadline has passed, in the
// partition's order, saying what did arrive: nothing, files all rejected,
// or a file set aside. None before the deadline. They are the partition's
// late territories as findings, for the annex and the central team's
// scripts; the reports do not count them among the findings of files.
func (p *Partition) MissingFindings() []Finding {
	if !p.Overdue() {
		return nil
	}
	var out []Finding
	for _, t := range p.Territories {
		if t.State.Accepted() {
			continue
		}
		st := t.Status
		var what string
		switch {
		case st.Submissions == 1:
			what = "le seul fichier reçu a été rejeté"
		case st.Submissions > 1:
			what = fmt.Sprintf("les %d fichiers reçus ont tous été rejetés", st.Submissions)
		case len(t.SetAside) == 1:
			what = "le fichier reçu a été mis de côté et attend d'être examiné"
		case len(t.SetAside) > 1:
			what = fmt.Sprintf("les %d fichiers reçus ont été mis de côté et attendent d'être examinés", len(t.SetAside))
		default:
			what = "aucun fichier n'a été reçu"
		}
		f := NewFinding(RapportManquant, fmt.Sprintf("%s n'a aucun rapport accepté pour %d alors que la date limite "+
			"du %s est passée (%s).", capitalize(territoryName(st.Territory)), p.Year, FormatDate(p.Deadline), what))
		f.SIREN, f.Year = st.Territory.SIREN, p.Year
		f.Expected = TextValue(FormatDate(p.Deadline))
		out = append(out, f)
	}
	return out
}
