package reconcile

import (
	"fmt"
	"strings"
)

// The money rules read the counted lines only (contracted actions of the
// year on the contract's axes). A comparison between two amounts is made
// only when both are known: a missing amount (nil) proves nothing and is
// already a VALEUR_MANQUANTE of the parser. The exception is co-financing,
// which the territory must show: an empty territory share next to a known
// State spending counts as zero. Sums of one column add the known amounts,
// so an excess over such a sum is certain.

// otherNote says that other financers do not count, when they gave money.
func otherNote(other Amount) string {
	if other <= 0 {
		return ""
	}
	return fmt.Sprintf(" ; les %s des autres financeurs ne comptent pas dans la part de la collectivité", other)
}

// checkCofinancing raises COFINANCEMENT_INSUFFISANT for every action, then
// every axis, where the territory spent less than the State beyond the
// tolerance computed on the State's spending. Co-financing must be shown:
// a line whose State spending is known but whose territory spending is
// empty counts the territory's share as zero, and the message says it is
// not filled in. A line without State spending proves nothing, nor does a
// territory cell the parser could not read (its finding is bloquant
// already): such lines are left out, of the axis sums too.
func (k *checker) checkCofinancing() {
	type axisSum struct {
		state, territory, other Amount
		cells                   []string
		unfilled                []string // actions whose territory share is empty
	}
	sums := make(map[Axis]*axisSum)
	for _, ln := range k.led.lines {
		row := ln.row
		if !ln.counted || row.StateSpent == nil ||
			row.TerritorySpent == nil && k.parseFlagged(row.Cells[FieldTerritorySpent], ValeurNonNumerique, ErreurFormule) {
			continue
		}
		state, terr, other := *row.StateSpent, Sum(row.TerritorySpent), Sum(row.OtherSpent)
		unfilled := row.TerritorySpent == nil
		cells := appendCell(appendCell(nil, row, FieldStateSpent), row, FieldTerritorySpent)
		s := sums[ln.axis]
		if s == nil {
			s = &axisSum{}
			sums[ln.axis] = s
		}
		s.state = s.state.Plus(state)
		s.territory = s.territory.Plus(terr)
		s.other = s.other.Plus(other)
		s.cells = append(s.cells, cells...)
		if unfilled {
			s.unfilled = append(s.unfilled, ln.action.Code)
		}
		if !k.tol.Exceeds(state, terr, state) {
			continue
		}
		f := Finding{
			Code: CofinancementInsuffisant, Axis: ln.axis, Action: ln.action.Code,
			Expected: MoneyValue(state), Actual: MoneyValue(terr), Cells: cells,
			Message: fmt.Sprintf("Pour l'action %s, la collectivité a dépensé %s alors que l'État a dépensé %s : "+
				"la part de la collectivité doit être au moins égale à celle de l'État (tolérance %s)%s.%s",
				ln.action.Code, terr, state, k.tol.Tolerance(state), otherNote(other), checkCells(cells)),
		}
		if unfilled {
			f.Message = fmt.Sprintf("Pour l'action %s, l'État a dépensé %s mais la part de la collectivité n'est pas "+
				"renseignée : elle est comptée pour zéro, alors qu'elle doit être au moins égale à celle de l'État "+
				"(tolérance %s)%s ; indiquez le montant dépensé par la collectivité dans la colonne %s.%s",
				ln.action.Code, state, k.tol.Tolerance(state), otherNote(other), fieldLabel(FieldTerritorySpent),
				checkCells(cells))
		}
		k.add(f)
	}
	for _, axis := range k.c.Territory.Axes() {
		s := sums[axis]
		if s == nil || !k.tol.Exceeds(s.state, s.territory, s.state) {
			continue
		}
		k.add(Finding{
			Code: CofinancementInsuffisant, Axis: axis,
			Expected: MoneyValue(s.state), Actual: MoneyValue(s.territory), Cells: s.cells,
			Message: fmt.Sprintf("Sur %s, la collectivité a dépensé au total %s alors que l'État a dépensé %s%s : "+
				"la part de la collectivité doit être au moins égale à celle de l'État sur chaque axe (tolérance %s)%s.%s",
				axisPhrase(axis), s.territory, s.state, unfilledNote(s.unfilled), k.tol.Tolerance(s.state),
				otherNote(s.other), checkCells(s.cells)),
		})
	}
}

// unfilledNote says which actions' territory share is not filled in and
// counted as zero, when any.
func unfilledNote(codes []string) string {
	switch len(codes) {
	case 0:
		return ""
	case 1:
		return fmt.Sprintf(" (la part de la collectivité n'est pas renseignée pour l'action %s et compte pour zéro)", codes[0])
	}
	return fmt.Sprintf(" (la part de la collectivité n'est pas renseignée pour les actions %s et compte pour zéro)",
		joinFrench(codes))
}

// checkCommitments raises DEPASSEMENT_ENGAGEMENT_ETAT for every action where
// the State spent more than the register plans for the year, beyond the
// tolerance computed on the planned amount.
func (k *checker) checkCommitments() {
	for _, ln := range k.led.lines {
		if !ln.counted || ln.row.StateSpent == nil {
			continue
		}
		spent, planned := *ln.row.StateSpent, ln.action.Plans[k.year].State
		if !k.tol.Exceeds(spent, planned, planned) {
			continue
		}
		cells := appendCell(nil, ln.row, FieldStateSpent)
		k.add(Finding{
			Code: DepassementEngagementEtat, Axis: ln.axis, Action: ln.action.Code,
			Expected: MoneyValue(planned), Actual: MoneyValue(spent), Cells: cells,
			Message: fmt.Sprintf("Pour l'action %s, l'État a dépensé %s alors que le contrat prévoit %s pour %d, "+
				"soit %s de plus (tolérance %s) : corrigez le montant ou expliquez l'écart dans le commentaire de la ligne.%s",
				ln.action.Code, spent, planned, k.year, spent.Minus(planned), k.tol.Tolerance(planned), checkCells(cells)),
		})
	}
}

// checkCeilings raises DEPASSEMENT_PLAFOND when the State spent more than
// the annual ceiling in the year, and CUMUL_PLURIANNUEL when it spent more
// from FirstYear to the year than the sum of those years' ceilings. Neither
// has a tolerance: the ceiling is a limit of the contract. A ceiling of zero
// or less is "not set" and checks nothing.
func (k *checker) checkCeilings() {
	ceiling := k.c.Territory.AnnualCeiling
	if ceiling <= 0 {
		return
	}
	spent, cells := k.led.stateSpent()
	if spent > ceiling {
		k.add(Finding{
			Code: DepassementPlafond, Expected: MoneyValue(ceiling), Actual: MoneyValue(spent), Cells: cells,
			Message: fmt.Sprintf("En %d, l'État a dépensé au total %s sur les actions du contrat, soit %s de plus que "+
				"le plafond annuel de %s : corrigez les montants de la colonne %s.%s",
				k.year, spent, spent.Minus(ceiling), ceiling, fieldLabel(FieldStateSpent), checkCells(cells)),
		})
	}
	if k.year <= FirstYear {
		return // the cumulated check of the first year is the annual one
	}
	cumul := spent
	var parts []string
	for y := FirstYear; y < k.year; y++ {
		h := k.in.History[y]
		if h == nil || h.SIREN != k.c.Territory.SIREN || h.Year != y {
			parts = append(parts, fmt.Sprintf("%d : aucun rapport accepté, compté %s", y, Amount(0)))
			continue
		}
		s, _ := newLedger(k.c, h).stateSpent()
		cumul = cumul.Plus(s)
		parts = append(parts, fmt.Sprintf("%d : %s", y, s))
	}
	parts = append(parts, fmt.Sprintf("%d : %s", k.year, spent))
	limit := ceiling.Times(int64(k.year - FirstYear + 1))
	if cumul <= limit {
		return
	}
	k.add(Finding{
		Code: CumulPluriannuel, Expected: MoneyValue(limit), Actual: MoneyValue(cumul), Cells: cells,
		Message: fmt.Sprintf("De %d à %d, l'État a dépensé au total %s (%s), soit %s de plus que la somme des "+
			"plafonds annuels de ces années, %s : corrigez les montants de la colonne %s.%s",
			FirstYear, k.year, cumul, strings.Join(parts, " ; "), cumul.Minus(limit), limit,
			fieldLabel(FieldStateSpent), checkCells(cells)),
	})
}

// checkUnderExecution raises SOUS_EXECUTION for every axis of the contract
// whose spending (State and territory, missing amounts counting as zero)
// is below the threshold of what the register plans for the axis and year.
func (k *checker) checkUnderExecution() {
	for _, axis := range k.c.Territory.Axes() {
		var planned Amount
		for _, a := range k.actions {
			if a.Axis == axis {
				p := a.Plans[k.year]
				planned = planned.Plus(p.State).Plus(p.Territory)
			}
		}
		if planned <= 0 {
			continue
		}
		var spent Amount
		var cells []string
		empty := false
		for _, ln := range k.led.lines {
			if !ln.counted || ln.axis != axis {
				continue
			}
			spent = spent.Plus(Sum(ln.row.StateSpent, ln.row.TerritorySpent))
			empty = empty || ln.row.StateSpent == nil || ln.row.TerritorySpent == nil
			cells = appendCell(appendCell(cells, ln.row, FieldStateSpent), ln.row, FieldTerritorySpent)
		}
		if !k.tol.BelowThreshold(spent, planned) {
			continue
		}
		note := ""
		if empty {
			note = " (les montants laissés vides comptent pour zéro)"
		}
		// The rate shown is rounded down to a tenth of a point, so that a
		// rate just below the threshold never reads as the threshold.
		rate := PercentValue(rateTenths(spent, planned) / 10)
		threshold := PercentValue(percentValue(k.tol.UnderExecution))
		k.add(Finding{
			Code: SousExecution, Axis: axis, Expected: threshold, Actual: rate, Cells: cells,
			Message: fmt.Sprintf("Sur %s, l'État et la collectivité ont dépensé %s pour %s prévus au contrat en %d%s, "+
				"soit un taux d'exécution de %s, inférieur au seuil de %s : vérifiez les montants réalisés ou "+
				"expliquez le retard dans le commentaire des actions concernées.%s",
				axisPhrase(axis), spent, planned, k.year, note, rate, threshold, checkCells(cells)),
		})
	}
}
