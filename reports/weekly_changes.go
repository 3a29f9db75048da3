package reports

import (
	"fmt"
	"strings"
)

// ChangesText says what changed since the previous report: a title and
// one sentence per line, as page 1 of the weekly report and the status
// site's overview both say it.
func ChangesText(c Changes) (title string, lines []string) {
	title = "Depuis le rapport précédent, du " + FormatDateTime(c.Since)
	if !c.FromSnapshot {
		title = "Depuis le " + FormatDateTime(c.Since)
	}
	files := c.Recorded + c.SetAside
	if files == 0 {
		lines = append(lines, "Aucun fichier reçu.")
	} else {
		s := plural(files, "fichier reçu", "fichiers reçus")
		if c.SetAside > 0 {
			s += fmt.Sprintf(" : %s, %s", plural(c.Recorded, "enregistré", "enregistrés"),
				plural(c.SetAside, "mis de côté", "mis de côté"))
		}
		lines = append(lines, s+".")
	}
	for _, g := range []struct {
		rows      []TerritoryRow
		one, many string
	}{
		{c.Accepted, "Nouvellement accepté", "Nouvellement acceptés"},
		{c.Rejected, "Nouvellement rejeté", "Nouvellement rejetés"},
		{c.NewSetAside, "Nouvellement mis de côté", "Nouvellement mis de côté"},
	} {
		if len(g.rows) == 0 {
			continue
		}
		label := g.one
		if len(g.rows) > 1 {
			label = g.many
		}
		var names []string
		for _, r := range g.rows {
			names = append(names, territoryRef(r.Territory))
		}
		lines = append(lines, fmt.Sprintf("%s (%d) : %s.", label, len(g.rows), strings.Join(names, ", ")))
	}
	if !c.FromSnapshot {
		lines = append(lines, "Aucun rapport hebdomadaire n'a été enregistré à cette date : la situation d'alors est recalculée à partir des fichiers reçus.")
	}
	return title, lines
}
