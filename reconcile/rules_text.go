package reconcile

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// This file holds the French wording shared by the rules' messages.

// quote puts s between French quotation marks with no-break spaces.
func quote(s string) string { return "«\u00a0" + s + "\u00a0»" }

// axisPhrase names an axis for a sentence: "l'axe « Enfance »".
func axisPhrase(a Axis) string { return "l'axe " + quote(a.ShortLabel()) }

// joinFrench joins items as "a", "a et b", "a, b et c".
func joinFrench(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " et " + items[len(items)-1]
}

// maxListedCells is how many cells a message lists one by one; beyond, it
// lists rows.
const maxListedCells = 4

// checkCells returns the closing sentence naming cells: " Vérifiez la
// cellule Actions!G9.", " Vérifiez les cellules Actions!G9 et Actions!H9.",
// or, for many cells, " Vérifiez les lignes 7, 9 et 12 de la feuille
// Actions.". It returns "" for no cells.
func checkCells(cells []string) string {
	switch {
	case len(cells) == 0:
		return ""
	case len(cells) == 1:
		return " Vérifiez la cellule " + cells[0] + "."
	case len(cells) <= maxListedCells:
		return " Vérifiez les cellules " + joinFrench(cells) + "."
	}
	rows := make(map[string]map[int]bool)
	var sheets []string
	for _, c := range cells {
		sheet, row, _ := splitCell(c)
		if rows[sheet] == nil {
			rows[sheet] = make(map[int]bool)
			sheets = append(sheets, sheet)
		}
		rows[sheet][row] = true
	}
	var parts []string
	for _, s := range sheets {
		var nums []int
		for r := range rows[s] {
			nums = append(nums, r)
		}
		sort.Ints(nums)
		var txt []string
		for _, n := range nums {
			txt = append(txt, strconv.Itoa(n))
		}
		word := "la ligne "
		if len(nums) > 1 {
			word = "les lignes "
		}
		parts = append(parts, word+joinFrench(txt)+" de la feuille "+s)
	}
	return " Vérifiez " + joinFrench(parts) + "."
}

// percentValue returns a fraction as a percentage rounded to one decimal:
// 0.6253 gives 62.5.
func percentValue(f float64) float64 { return math.Round(f*1000) / 10 }

// formatPercent formats a fraction as "62,5 %".
func formatPercent(f float64) string { return PercentValue(percentValue(f)).String() }

// fieldLabels are the French column labels of the Field* names.
var fieldLabels = map[string]string{
	FieldStatePlanned:     "État prévu (€)",
	FieldTerritoryPlanned: "Collectivité prévu (€)",
	FieldStateSpent:       "État réalisé (€)",
	FieldTerritorySpent:   "Collectivité réalisé (€)",
	FieldOtherSpent:       "Autres financeurs (€)",
	FieldRate:             "taux d'exécution",
}

// fieldLabel returns the column label of a field, quoted.
func fieldLabel(field string) string {
	if l, ok := fieldLabels[field]; ok {
		return quote(l)
	}
	return quote(field)
}

// territoryName names a territory for a sentence: its name and SIREN.
func territoryName(t Territory) string {
	if t.Name == "" {
		return "la collectivité de SIREN " + t.SIREN
	}
	return fmt.Sprintf("%s (SIREN %s)", t.Name, t.SIREN)
}

// unitSuffix returns " personnes" for a unit to write after a number, or
// "" for none; "%" and "€" follow a no-break space.
func unitSuffix(unit string) string {
	u := strings.TrimSpace(unit)
	switch u {
	case "":
		return ""
	case "%", "€":
		return "\u00a0" + u
	}
	return " " + u
}
