package main

import (
	"fmt"
	"strings"

	"github.com/pactd/pactd/internal/fill"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// sample is one filled workbook: a territory, a year, a client, and what
// the person did besides filling it in correctly.
type sample struct {
	siren, suffix string
	year          int
	client        string // "lo" or "openpyxl"
	mistakes      func(c *reconcile.Contract, year int) ([]fill.Edit, error)
	before        bool // apply mistakes before the normal filling (row and column inserts)
}

// edits returns every edit of a sample: the correct filling, then the
// mistakes (or the mistakes first, for structural ones).
func (s sample) edits(c *reconcile.Contract, year int) ([]fill.Edit, error) {
	base := fillAll(c, year)
	if s.mistakes == nil {
		return base, nil
	}
	m, err := s.mistakes(c, year)
	if err != nil {
		return nil, err
	}
	if s.before {
		return append(m, base...), nil
	}
	return append(base, m...), nil
}

func samples() []sample {
	return []sample{
		{siren: "220100010", year: 2025, client: "lo"},       // Ain: clean, LibreOffice
		{siren: "220100010", year: 2024, client: "lo"},       // Ain: clean, the year before
		{siren: "220200026", year: 2025, client: "openpyxl"}, // Aisne: clean, openpyxl (no cached totals)
		{siren: "220300016", year: 2025, client: "lo", mistakes: textNumbers},
		{siren: "220400014", year: 2025, client: "lo", mistakes: divisionByZero},
		{siren: "220500011", year: 2025, client: "lo", mistakes: blanks},
		{siren: "220600019", year: 2025, client: "lo", mistakes: changedCommitment},
		{siren: "220700017", year: 2025, client: "openpyxl", mistakes: insertedRowsAndColumn, before: true},
		{siren: "220800049", year: 2025, client: "lo", mistakes: reorderedSheets, before: true},
		{siren: "220900013", year: 2025, client: "lo", mistakes: negativeAndText},
		{siren: "243300316", year: 2025, client: "lo", mistakes: territoryBelowState},
		{siren: "200040715", year: 2025, client: "lo", mistakes: stateAbovePlan},
		{siren: "200039865", year: 2025, client: "lo", mistakes: unknownAction},
		{siren: "200039865", year: 2024, client: "openpyxl"},
	}
}

func actionAt(code, header string) fill.At {
	return fill.At{Sheet: templates.SheetActions, Row: code, Col: header}
}

func euros(a reconcile.Amount) float64 { return float64(a.Cents()) / 100 }

// spent returns a plausible spending for an amount planned: 85 to 98 %,
// to the cent, different for each action.
func spent(planned reconcile.Amount, i int) reconcile.Amount {
	pct := int64(85 + (i*7)%14)
	return reconcile.Amount((planned.Cents()*pct + 50) / 100)
}

// fillAll fills every cell of a workbook correctly: identification, the
// spendings of each action (the territory a little above the State), its
// status, and each indicator at its target (above its baseline).
func fillAll(c *reconcile.Contract, year int) []fill.Edit {
	id := templates.SheetIdentification
	domain := "exemple.fr"
	for _, s := range c.Territory.Senders {
		if strings.HasPrefix(s, "@") {
			domain = s[1:]
			break
		}
	}
	e := []fill.Edit{
		fill.SetLabel(id, templates.LabelReferent, "Camille Durand, chargée de mission solidarités"),
		fill.SetLabel(id, templates.LabelEmail, "cls@"+domain),
		fill.SetLabel(id, templates.LabelPhone, "01 23 45 67 89"),
		fill.SetDate(id, templates.LabelTransmissionDate, fmt.Sprintf("%d-03-%02d", year+1, 10+len(c.Actions)%15)),
	}
	for i, a := range c.ActionsFor(year) {
		p := a.Plans[year]
		state := spent(p.State, i)
		territory := state + reconcile.Amount(100*(i+1))
		status := reconcile.StatusEnCours
		if i%3 == 0 {
			status = reconcile.StatusRealisee
		}
		var other reconcile.Amount
		if i%4 == 1 {
			other = reconcile.Amount(250000 + 1234*i)
		}
		e = append(e,
			fill.SetNumber(actionAt(a.Code, templates.HeaderStateSpent), euros(state)),
			fill.SetNumber(actionAt(a.Code, templates.HeaderTerritorySpent), euros(territory)),
			fill.SetNumber(actionAt(a.Code, templates.HeaderOtherSpent), euros(other)),
			fill.SetText(actionAt(a.Code, templates.HeaderStatus), status),
		)
		for _, ind := range a.Indicators {
			e = append(e, fill.SetNumber(fill.At{Sheet: templates.SheetIndicators, Row: ind.Code, Col: templates.HeaderActual},
				indicatorValue(ind, year)))
		}
	}
	return e
}

// indicatorValue reaches the target, and beats the baseline of a
// reinforced action; percentages stay at most 100.
func indicatorValue(ind reconcile.Indicator, year int) float64 {
	v, ok := ind.Targets[year]
	if !ok {
		v = 10
	}
	// A target below the baseline is a decrease to reach (a delay): the
	// diligent territory reaches it. Otherwise it does better than the
	// baseline, as a reinforced action must show.
	decrease := ok && ind.Baseline != nil && v < *ind.Baseline
	if ind.Baseline != nil && v <= *ind.Baseline && !decrease {
		v = *ind.Baseline + 5
	}
	if ind.Unit == "%" && v > 100 {
		v = 100
	}
	return v
}

// nth returns the code of the i-th action of the year.
func nth(c *reconcile.Contract, year, i int) (reconcile.Action, error) {
	as := c.ActionsFor(year)
	if i >= len(as) {
		return reconcile.Action{}, fmt.Errorf("contract of %s has %d actions in %d", c.Territory.SIREN, len(as), year)
	}
	return as[i], nil
}

// textNumbers types amounts as French text: narrow no-break and no-break
// spaces, a euro sign, a comma.
func textNumbers(c *reconcile.Contract, year int) ([]fill.Edit, error) {
	var e []fill.Edit
	for i := 0; i < 3; i++ {
		a, err := nth(c, year, i)
		if err != nil {
			return nil, err
		}
		t := spent(a.Plans[year].State, i) + reconcile.Amount(100*(i+1))
		text := []string{
			strings.ReplaceAll(t.Format(), "\u00a0", "\u202f") + "\u00a0€", // 12 345,67 € with U+202F
			t.Format(), // 12 345,67 with U+00A0
			strings.ReplaceAll(t.Format(), "\u00a0", " ") + " €", // plain spaces
		}[i]
		e = append(e, fill.SetText(actionAt(a.Code, templates.HeaderTerritorySpent), text))
	}
	return e, nil
}

// divisionByZero leaves a formula that divides by zero.
func divisionByZero(c *reconcile.Contract, year int) ([]fill.Edit, error) {
	a, err := nth(c, year, 1)
	if err != nil {
		return nil, err
	}
	return []fill.Edit{fill.SetFormula(actionAt(a.Code, templates.HeaderStateSpent), "=1/0")}, nil
}

// blanks leaves cells to fill empty: other funders of two actions, one
// status, the transmission date and one indicator.
func blanks(c *reconcile.Contract, year int) ([]fill.Edit, error) {
	a0, err := nth(c, year, 0)
	if err != nil {
		return nil, err
	}
	a2, err := nth(c, year, 2)
	if err != nil {
		return nil, err
	}
	e := []fill.Edit{
		fill.Clear(actionAt(a0.Code, templates.HeaderOtherSpent)),
		fill.Clear(actionAt(a2.Code, templates.HeaderOtherSpent)),
		fill.Clear(actionAt(a2.Code, templates.HeaderStatus)),
		{Op: "clear", Sheet: templates.SheetIdentification, Label: templates.LabelTransmissionDate},
	}
	for _, a := range c.ActionsFor(year) {
		if len(a.Indicators) > 0 {
			return append(e, fill.Clear(fill.At{Sheet: templates.SheetIndicators, Row: a.Indicators[0].Code, Col: templates.HeaderActual})), nil
		}
	}
	return e, nil
}

// changedCommitment overwrites a pre-filled planned amount and a title.
func changedCommitment(c *reconcile.Contract, year int) ([]fill.Edit, error) {
	a, err := nth(c, year, 0)
	if err != nil {
		return nil, err
	}
	b, err := nth(c, year, 1)
	if err != nil {
		return nil, err
	}
	return []fill.Edit{
		fill.SetNumber(actionAt(a.Code, templates.HeaderStatePlanned), euros(a.Plans[year].State)+10000),
		fill.SetText(actionAt(b.Code, templates.HeaderTitle), "Intitulé raccourci par le service"),
	}, nil
}

// insertedRowsAndColumn inserts rows above the Actions table and inside
// it, and a column of remarks, before filling in.
func insertedRowsAndColumn(c *reconcile.Contract, year int) ([]fill.Edit, error) {
	a, err := nth(c, year, 2)
	if err != nil {
		return nil, err
	}
	return []fill.Edit{
		fill.InsertRows(templates.SheetActions, "header", 3),
		fill.InsertRows(templates.SheetActions, a.Code, 1),
		fill.InsertColumn(templates.SheetActions, templates.HeaderStatus, "Observations du service"),
		fill.SetText(fill.At{Sheet: templates.SheetActions, Row: a.Code, Col: "Observations du service"}, "Montants provisoires"),
		fill.InsertRows(templates.SheetIndicators, "header", 2),
	}, nil
}

// reorderedSheets moves the sheets around.
func reorderedSheets(c *reconcile.Contract, year int) ([]fill.Edit, error) {
	return []fill.Edit{
		fill.MoveSheet(templates.SheetActions, 0),
		fill.MoveSheet(templates.SheetReadme, 5),
		fill.MoveSheet(templates.SheetSynthese, 1),
	}, nil
}

// negativeAndText types a negative amount and words instead of a number.
func negativeAndText(c *reconcile.Contract, year int) ([]fill.Edit, error) {
	a, err := nth(c, year, 0)
	if err != nil {
		return nil, err
	}
	b, err := nth(c, year, 1)
	if err != nil {
		return nil, err
	}
	return []fill.Edit{
		fill.SetNumber(actionAt(a.Code, templates.HeaderOtherSpent), -1500),
		fill.SetText(actionAt(b.Code, templates.HeaderOtherSpent), "environ 5000"),
	}, nil
}

// territoryBelowState has the territory spend much less than the State on
// two actions.
func territoryBelowState(c *reconcile.Contract, year int) ([]fill.Edit, error) {
	var e []fill.Edit
	for _, i := range []int{0, 3} {
		a, err := nth(c, year, i)
		if err != nil {
			return nil, err
		}
		e = append(e, fill.SetNumber(actionAt(a.Code, templates.HeaderTerritorySpent), euros(spent(a.Plans[year].State, i))*0.6))
	}
	return e, nil
}

// stateAbovePlan has the State spend 15 % more than planned on an action.
func stateAbovePlan(c *reconcile.Contract, year int) ([]fill.Edit, error) {
	a, err := nth(c, year, 1)
	if err != nil {
		return nil, err
	}
	p := a.Plans[year].State
	over := reconcile.Amount(p.Cents() * 115 / 100)
	return []fill.Edit{
		fill.SetNumber(actionAt(a.Code, templates.HeaderStateSpent), euros(over)),
		fill.SetNumber(actionAt(a.Code, templates.HeaderTerritorySpent), euros(over+50000)),
	}, nil
}

// unknownAction adds a row for an action the contract does not have,
// inside the table so that the totals count it.
func unknownAction(c *reconcile.Contract, year int) ([]fill.Edit, error) {
	last, err := nth(c, year, len(c.ActionsFor(year))-1)
	if err != nil {
		return nil, err
	}
	at := func(header string) fill.At { return actionAt(last.Code, header) }
	return []fill.Edit{
		fill.InsertRows(templates.SheetActions, last.Code, 1),
		fill.SetText(at(templates.HeaderActionCode), "ENF-99").Offset(-1),
		fill.SetText(actionAt("ENF-99", templates.HeaderAxis), reconcile.AxisEnfance.Label()),
		fill.SetText(actionAt("ENF-99", templates.HeaderTitle), "Aide aux devoirs dans les centres sociaux"),
		fill.SetText(actionAt("ENF-99", templates.HeaderNature), string(reconcile.NatureNouvelle)),
		fill.SetNumber(actionAt("ENF-99", templates.HeaderStateSpent), 15000),
		fill.SetNumber(actionAt("ENF-99", templates.HeaderTerritorySpent), 15000),
		fill.SetNumber(actionAt("ENF-99", templates.HeaderOtherSpent), 0),
		fill.SetText(actionAt("ENF-99", templates.HeaderStatus), reconcile.StatusEnCours),
	}, nil
}
