package templates

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// regBuilder turns the rows of the register sheets into contracts,
// recording every problem with its cell.
type regBuilder struct {
	p         *regProblems
	contracts map[string]*reconcile.Contract // by SIREN
	order     []string                       // SIRENs in sheet order
	sirenRows map[string]int                 // SIREN → its Territoires row
	// actions maps "SIREN|CODE" to the index of the action in its contract
	// and the row that first declared it.
	actionSeen map[string]regSeen
	known      map[string]bool // "SIREN|CODE" of every action row, even a bad one
	planRows   map[string]int  // "SIREN|CODE|year" → row
	indSeen    map[string]regSeen
	indRows    map[string]int // "SIREN|INDICATOR|year" → row
	deadlines  map[int]time.Time
	deadRows   map[int]int
	// badSIRENs holds the SIRENs (regSIRENDigits) reported invalid in
	// Territoires: rows of the other sheets with them are not reported
	// again, the fix being on the Territoires row.
	badSIRENs map[string]bool
	// absent maps a SIREN missing from Territoires to the problem reported
	// on its first row of the sheet being read, and counts its other rows.
	absent map[string]*regAbsent
	// axes remembers the axis each label of the Axe column names: a
	// register repeats a few labels on thousands of rows.
	axes map[string]regAxis
}

// regAbsent is the one problem reported for the rows of a sheet whose
// SIREN is missing from Territoires.
type regAbsent struct {
	problem int // index in regProblems.list
	more    int // rows after the first
}

// regAxis is what reconcile.MatchAxis found for a label.
type regAxis struct {
	axis reconcile.Axis
	ok   bool
}

// regSeen is where a keyed item was first seen.
type regSeen struct {
	action, indicator int // indexes in the contract
	row               int
	code              string // action code of an indicator
}

func newRegBuilder(p *regProblems) *regBuilder {
	return &regBuilder{p: p, contracts: map[string]*reconcile.Contract{}, sirenRows: map[string]int{},
		actionSeen: map[string]regSeen{}, known: map[string]bool{}, planRows: map[string]int{},
		indSeen: map[string]regSeen{}, indRows: map[string]int{}, deadlines: map[int]time.Time{}, deadRows: map[int]int{},
		badSIRENs: map[string]bool{}, absent: map[string]*regAbsent{}, axes: map[string]regAxis{}}
}

// register returns the register built, contracts sorted by SIREN.
func (b *regBuilder) register() *reconcile.Register {
	reg := &reconcile.Register{Deadlines: b.deadlines}
	for _, s := range b.order {
		reg.Contracts = append(reg.Contracts, *b.contracts[s])
	}
	reg.Sort()
	return reg
}

// siren reads the SIREN of a row and, when mustExist, checks that the
// Territoires sheet declares it; it returns "" after recording a problem,
// or when the problem is already recorded: a SIREN reported invalid in
// Territoires, a SIREN missing from Territoires on an earlier row of the
// sheet (counted by regAbsent, see endSheet).
func (b *regBuilder) siren(t *regTable, r regRow, mustExist bool) string {
	raw := t.get(r, "siren")
	s, msg := regSIREN(raw)
	if msg != "" {
		if !mustExist || raw == "" || !b.badSIRENs[regSIRENDigits(raw)] {
			b.p.add(t.ref(r, "siren"), "%s", msg)
		}
		return ""
	}
	if mustExist && b.contracts[s] == nil {
		if a := b.absent[s]; a != nil {
			a.more++
			return ""
		}
		b.absent[s] = &regAbsent{problem: len(b.p.list)}
		b.p.add(t.ref(r, "siren"), "%s", regAbsentMessage(s, 0))
		return ""
	}
	return s
}

// regAbsentMessage says that SIREN s, on this row and on more others of the
// sheet, is missing from Territoires.
func regAbsentMessage(s string, more int) string {
	rows := ""
	switch {
	case more == 1:
		rows = " (cette ligne et 1 autre ligne de ce SIREN)"
	case more > 1:
		rows = fmt.Sprintf(" (cette ligne et %d autres lignes de ce SIREN)", more)
	}
	return fmt.Sprintf("SIREN %s absent de la feuille « %s »%s : ajoutez le territoire ou corrigez le SIREN.",
		s, RegisterSheetTerritories, rows)
}

// endSheet completes the problems of the rows whose SIREN is missing from
// Territoires with the count of their rows, and starts afresh for the next
// sheet.
func (b *regBuilder) endSheet() {
	for s, a := range b.absent {
		b.p.list[a.problem].Message = regAbsentMessage(s, a.more)
	}
	b.absent = map[string]*regAbsent{}
}

// territories reads the Territoires sheet.
func (b *regBuilder) territories(t *regTable) {
	for _, r := range t.rows {
		siren := b.siren(t, r, false)
		if raw := t.get(r, "siren"); siren == "" && raw != "" {
			b.badSIRENs[regSIRENDigits(raw)] = true
		}
		if prev, dup := b.sirenRows[siren]; siren != "" && dup {
			b.p.add(t.ref(r, "siren"), "le SIREN %s figure déjà ligne %d : un territoire n'a qu'une ligne.", siren, prev)
			siren = ""
		}
		ter := reconcile.Territory{SIREN: siren, Name: regSpaces(t.get(r, "name"))}
		if ter.Name == "" {
			b.p.add(t.ref(r, "name"), "nom du territoire manquant.")
		}
		if v := t.get(r, "type"); v == "" {
			b.p.add(t.ref(r, "type"), "type manquant : indiquez Département, Collectivité ou Métropole.")
		} else if typ, ok := reconcile.MatchTerritoryType(v); ok {
			ter.Type = typ
		} else {
			b.p.add(t.ref(r, "type"), "type « %s » inconnu : indiquez Département, Collectivité ou Métropole.", v)
		}
		var msg string
		if ter.Departements, msg = regDepartements(t.get(r, "departements")); msg != "" {
			b.p.add(t.ref(r, "departements"), "%s", msg)
		}
		if n, ok := regInt(t.get(r, "axes")); ok && (n == 3 || n == 4) {
			ter.AxisCount = n
		} else {
			b.p.add(t.ref(r, "axes"), "nombre d'axes « %s » invalide : un contrat compte 3 axes, ou 4 avec l'axe emploi des métropoles.",
				t.get(r, "axes"))
		}
		if ter.AnnualCeiling, msg = regAmount(t.get(r, "ceiling"), "plafond annuel"); msg != "" {
			b.p.add(t.ref(r, "ceiling"), "%s", msg)
		} else if ter.AnnualCeiling == 0 {
			b.p.add(t.ref(r, "ceiling"), "plafond annuel nul : indiquez le plafond annuel de l'État en euros.")
		}
		if ter.Senders, msg = regAddresses(t.get(r, "senders"), true); msg != "" {
			b.p.add(t.ref(r, "senders"), "%s", msg)
		}
		if ter.Recipients, msg = regAddresses(t.get(r, "recipients"), false); msg != "" {
			b.p.add(t.ref(r, "recipients"), "%s", msg)
		}
		if siren == "" {
			continue
		}
		b.sirenRows[siren] = r.num
		b.contracts[siren] = &reconcile.Contract{Territory: ter}
		b.order = append(b.order, siren)
	}
}

// actions reads the Actions sheet; haveTerritories says whether the
// Territoires sheet was read, so that unknown SIRENs can be told apart.
func (b *regBuilder) actions(t *regTable, haveTerritories bool) {
	defer b.endSheet()
	b.known, b.actionSeen, b.planRows = make(map[string]bool, len(t.rows)), make(map[string]regSeen, len(t.rows)),
		make(map[string]int, len(t.rows))
	for _, r := range t.rows {
		siren := b.siren(t, r, haveTerritories)
		code := strings.ToUpper(regSpaces(t.get(r, "code")))
		if code == "" {
			b.p.add(t.ref(r, "code"), "code action manquant.")
		}
		if siren != "" && code != "" {
			b.known[siren+"|"+code] = true
		}
		n := len(b.p.list)
		a := reconcile.Action{Code: code, Title: regSpaces(t.get(r, "title"))}
		if a.Title == "" {
			b.p.add(t.ref(r, "title"), "intitulé de l'action manquant.")
		}
		a.Axis = b.axis(t, r, b.contracts[siren])
		if v := t.get(r, "nature"); v == "" {
			b.p.add(t.ref(r, "nature"), "nature manquante : indiquez Nouvelle ou Renforcée.")
		} else if nat, ok := reconcile.MatchNature(v); ok {
			a.Nature = nat
		} else {
			b.p.add(t.ref(r, "nature"), "nature « %s » inconnue : indiquez Nouvelle ou Renforcée.", v)
		}
		year, msg := regYear(t.get(r, "year"))
		if msg != "" {
			b.p.add(t.ref(r, "year"), "%s", msg)
		}
		var plan reconcile.Plan
		if plan.State, msg = regAmount(t.get(r, "state"), "montant État prévu"); msg != "" {
			b.p.add(t.ref(r, "state"), "%s", msg)
		}
		if plan.Territory, msg = regAmount(t.get(r, "territory"), "montant collectivité prévu"); msg != "" {
			b.p.add(t.ref(r, "territory"), "%s", msg)
		}
		c := b.contracts[siren]
		if c == nil || code == "" || len(b.p.list) > n {
			continue
		}
		key := siren + "|" + code
		seen, ok := b.actionSeen[key]
		if !ok {
			a.Plans = map[int]reconcile.Plan{}
			c.Actions = append(c.Actions, a)
			seen = regSeen{action: len(c.Actions) - 1, row: r.num}
			b.actionSeen[key] = seen
		}
		prev := &c.Actions[seen.action]
		switch {
		case prev.Axis != a.Axis:
			b.p.add(t.ref(r, "axis"), "l'action %s est sur l'axe « %s » ligne %d : une action garde le même axe toutes les années.",
				code, prev.Axis.ShortLabel(), seen.row)
		case prev.Title != a.Title:
			b.p.add(t.ref(r, "title"), "l'action %s s'intitule « %s » ligne %d : une action garde le même intitulé toutes les années.",
				code, prev.Title, seen.row)
		case prev.Nature != a.Nature:
			b.p.add(t.ref(r, "nature"), "l'action %s est de nature « %s » ligne %d : une action garde la même nature toutes les années.",
				code, prev.Nature, seen.row)
		}
		pk := key + "|" + strconv.Itoa(year)
		if row, dup := b.planRows[pk]; dup {
			b.p.add(t.ref(r, "code"), "l'action %s du SIREN %s figure déjà pour %d ligne %d : une ligne par action et par année.",
				code, siren, year, row)
			continue
		}
		b.planRows[pk] = r.num
		prev.Plans[year] = plan
	}
}

// axis reads the Axe of an action row and checks the contract has it.
func (b *regBuilder) axis(t *regTable, r regRow, c *reconcile.Contract) reconcile.Axis {
	v := t.get(r, "axis")
	if v == "" {
		b.p.add(t.ref(r, "axis"), "axe manquant.")
		return ""
	}
	m, ok := b.axes[v]
	if !ok {
		m.axis, m.ok = reconcile.MatchAxis(v)
		b.axes[v] = m
	}
	ax := m.axis
	if !m.ok {
		var labels []string
		for _, a := range reconcile.AllAxes {
			labels = append(labels, "« "+a.Label()+" »")
		}
		b.p.add(t.ref(r, "axis"), "axe « %s » non reconnu : indiquez l'un des axes du Pacte, %s.", v, strings.Join(labels, ", "))
		return ""
	}
	if c != nil && c.Territory.AxisCount == 3 && !c.Territory.HasAxis(ax) {
		b.p.add(t.ref(r, "axis"), "l'axe « %s » n'existe que dans les contrats à 4 axes, et le contrat de %s en compte 3 : "+
			"rattachez l'action à un autre axe ou corrigez le nombre d'axes du territoire.", ax.ShortLabel(), c.Territory.Name)
		return ""
	}
	return ax
}

// indicators reads the Indicateurs sheet; haveTerritories and haveActions
// say whether those sheets were read, so that unknown SIRENs and actions
// can be told apart from sheets that could not be read.
func (b *regBuilder) indicators(t *regTable, haveTerritories, haveActions bool) {
	defer b.endSheet()
	b.indSeen, b.indRows = make(map[string]regSeen, len(t.rows)), make(map[string]int, len(t.rows))
	for _, r := range t.rows {
		siren := b.siren(t, r, haveTerritories)
		action := strings.ToUpper(regSpaces(t.get(r, "action")))
		if action == "" {
			b.p.add(t.ref(r, "action"), "code action manquant.")
		} else if siren != "" && haveActions && !b.known[siren+"|"+action] {
			b.p.add(t.ref(r, "action"), "l'action %s du SIREN %s est absente de la feuille « %s ».", action, siren, RegisterSheetActions)
			siren = ""
		}
		n := len(b.p.list)
		ind := reconcile.Indicator{Code: strings.ToUpper(regSpaces(t.get(r, "code"))), Label: regSpaces(t.get(r, "label")),
			Unit: regSpaces(t.get(r, "unit"))}
		if ind.Code == "" {
			b.p.add(t.ref(r, "code"), "code indicateur manquant.")
		}
		if ind.Label == "" {
			b.p.add(t.ref(r, "label"), "libellé de l'indicateur manquant.")
		}
		if ind.Unit == "" {
			b.p.add(t.ref(r, "unit"), "unité manquante : par exemple personnes, ménages, €, jours ou %%.")
		}
		if v := t.get(r, "baseline"); v != "" {
			if f, ok := b.number(t, r, "baseline", "valeur de référence", ind.Unit); ok {
				ind.Baseline = &f
			}
		}
		year, msg := regYear(t.get(r, "year"))
		if msg != "" {
			b.p.add(t.ref(r, "year"), "%s", msg)
		}
		target, hasTarget := 0.0, false
		if t.get(r, "target") != "" {
			target, hasTarget = b.number(t, r, "target", "cible", ind.Unit)
		}
		c := b.contracts[siren]
		a, known := b.actionSeen[siren+"|"+action]
		if siren == "" || c == nil || ind.Code == "" || !known || len(b.p.list) > n {
			// Either a problem is recorded, or the action's own rows have
			// problems, reported there.
			continue
		}
		key := siren + "|" + ind.Code
		seen, ok := b.indSeen[key]
		if !ok {
			ind.Targets = map[int]float64{}
			acts := &c.Actions[a.action]
			acts.Indicators = append(acts.Indicators, ind)
			seen = regSeen{action: a.action, indicator: len(acts.Indicators) - 1, row: r.num, code: action}
			b.indSeen[key] = seen
		}
		prev := &c.Actions[seen.action].Indicators[seen.indicator]
		switch {
		case seen.code != action:
			b.p.add(t.ref(r, "action"), "l'indicateur %s est rattaché à l'action %s ligne %d : un code indicateur est unique dans un contrat.",
				ind.Code, seen.code, seen.row)
			continue
		case prev.Label != ind.Label:
			b.p.add(t.ref(r, "label"), "l'indicateur %s s'intitule « %s » ligne %d : il garde le même libellé toutes les années.",
				ind.Code, prev.Label, seen.row)
			continue
		case prev.Unit != ind.Unit:
			b.p.add(t.ref(r, "unit"), "l'indicateur %s est en « %s » ligne %d : il garde la même unité toutes les années.",
				ind.Code, prev.Unit, seen.row)
			continue
		case (prev.Baseline == nil) != (ind.Baseline == nil) || prev.Baseline != nil && *prev.Baseline != *ind.Baseline:
			b.p.add(t.ref(r, "baseline"), "l'indicateur %s a une autre valeur de référence ligne %d : elle est la même toutes les années.",
				ind.Code, seen.row)
			continue
		}
		yk := key + "|" + strconv.Itoa(year)
		if row, dup := b.indRows[yk]; dup {
			b.p.add(t.ref(r, "code"), "l'indicateur %s figure déjà pour %d ligne %d : une ligne par indicateur et par année.",
				ind.Code, year, row)
			continue
		}
		b.indRows[yk] = r.num
		if hasTarget {
			prev.Targets[year] = target
		}
	}
}

// number reads a non-negative number of an indicator, at most 100 for a
// percentage.
func (b *regBuilder) number(t *regTable, r regRow, key, what, unit string) (float64, bool) {
	v := t.get(r, key)
	f, err := regNumber(v)
	switch {
	case strings.HasSuffix(v, "%") && !reconcile.IsPercentUnit(unit):
		b.p.add(t.ref(r, key), "%s « %s » : un pourcentage, alors que l'unité de l'indicateur est « %s » ; indiquez la valeur dans cette unité, sans %%.",
			what, v, unit)
	case err != nil:
		b.p.add(t.ref(r, key), "%s illisible « %s » : indiquez un nombre.", what, v)
	case f < 0:
		b.p.add(t.ref(r, key), "%s négative (%s) : un indicateur se mesure par un nombre positif ou nul.", what, v)
	case strings.TrimSpace(unit) == "%" && f > 100:
		b.p.add(t.ref(r, key), "%s de %s %% : un pourcentage ne dépasse pas 100.", what, v)
	default:
		return f, true
	}
	return 0, false
}

// calendar reads the optional Calendrier sheet.
func (b *regBuilder) calendar(t *regTable) {
	for _, r := range t.rows {
		year, msg := regYear(t.get(r, "year"))
		if msg != "" {
			b.p.add(t.ref(r, "year"), "%s", msg)
		}
		v := t.get(r, "deadline")
		d, ok := regDate(v)
		switch {
		case v == "":
			b.p.add(t.ref(r, "deadline"), "date limite manquante : indiquez une date au format jj/mm/aaaa.")
			continue
		case !ok:
			b.p.add(t.ref(r, "deadline"), "date limite illisible « %s » : indiquez une date au format jj/mm/aaaa.", v)
			continue
		case msg != "":
			continue
		case d.Year() <= year:
			b.p.add(t.ref(r, "deadline"), "la date limite du rapport %d (%s) doit suivre la fin de l'année %d.",
				year, d.Format("02/01/2006"), year)
			continue
		}
		if row, dup := b.deadRows[year]; dup {
			b.p.add(t.ref(r, "year"), "l'année %d figure déjà ligne %d : une date limite par année.", year, row)
			continue
		}
		b.deadRows[year] = r.num
		b.deadlines[year] = d
	}
}
