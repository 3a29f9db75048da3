package reconcile

import (
	"strings"
	"time"
)

// CheckInput is what the reconciliation rules look at: one parsed report,
// the register version it is held against, the territory's other years and
// when the report arrived.
type CheckInput struct {
	// Register is the register version to reconcile against.
	Register *Register
	// Report is the parsed workbook.
	Report *Report
	// History holds the accepted (counted) reports of OTHER years of the
	// same territory, by year; CUMUL_PLURIANNUEL reads the earlier ones. A
	// year absent from History counts as nothing spent.
	History map[int]*Report
	// ReceivedAt is when the file arrived; zero skips TRANSMISSION_TARDIVE.
	ReceivedAt time.Time
	// Tolerances are the margins and thresholds; the zero value means
	// DefaultTolerances.
	Tolerances Tolerances
}

// Check runs the reconciliation rules of SPEC §5 on in.Report and returns
// their findings, unsorted, each with its code, severity, SIREN, year,
// cells and French message. It does not return the parse findings already
// in Report.Findings: Evaluate merges both. When the register, the report,
// the territory or the year is unknown (the parser has reported it), Check
// returns nothing; likewise when the file could not be read as the
// template (a FICHIER_ILLISIBLE or MODELE_INCONNU parse finding), since
// rules on a half-read file would only add noise to what the sender must
// fix first. When no spent amount is filled in at all (RAPPORT_VIDE), the
// under-execution check is skipped: a rate of 0 % on every axis would only
// repeat it. Check reads its input and never modifies it.
func Check(in CheckInput) []Finding {
	if in.Register == nil || in.Report == nil || unreadable(in.Report) {
		return nil
	}
	c := in.Register.Contract(in.Report.SIREN)
	if c == nil || !c.Covers(in.Report.Year) {
		return nil
	}
	if in.Tolerances == (Tolerances{}) {
		in.Tolerances = DefaultTolerances()
	}
	k := &checker{in: in, c: c, year: in.Report.Year, tol: in.Tolerances, actions: c.ActionsFor(in.Report.Year)}
	k.led = newLedger(c, in.Report)
	k.parseCells = parseFindingCells(in.Report.Findings)
	empty := k.checkEmpty()
	k.checkActions()
	k.checkCofinancing()
	k.checkCommitments()
	k.checkCeilings()
	if !empty {
		k.checkUnderExecution()
	}
	k.checkTotals()
	k.checkIndicators()
	k.checkReinforcement()
	k.checkDeadline()
	return k.out
}

// unreadable reports whether the parser could not read r as the template.
func unreadable(r *Report) bool {
	for _, f := range r.Findings {
		if f.Code == FichierIllisible || f.Code == ModeleInconnu {
			return true
		}
	}
	return false
}

// Evaluate is the verdict of one submission: the parse findings of
// in.Report, the extra findings the caller made (the sender check), and the
// findings of Check, merged into a new slice sorted by SortFindings, with
// the verdict they give. in.Report may be nil for a file that could not be
// read at all.
func Evaluate(in CheckInput, extra ...Finding) ([]Finding, Verdict) {
	var parsed []Finding
	if in.Report != nil {
		parsed = in.Report.Findings
	}
	return Merge(parsed, extra, Check(in))
}

// Merge concatenates groups of findings into a new slice, sorts it with
// SortFindings and returns it with its verdict.
func Merge(groups ...[]Finding) ([]Finding, Verdict) {
	n := 0
	for _, g := range groups {
		n += len(g)
	}
	out := make([]Finding, 0, n)
	for _, g := range groups {
		out = append(out, g...)
	}
	SortFindings(out)
	return out, VerdictOf(out)
}

// checker holds the state of one Check call.
type checker struct {
	in         CheckInput
	c          *Contract
	actions    []Action // the contract's actions of the year
	year       int
	tol        Tolerances
	led        *ledger
	parseCells map[string][]Code
	out        []Finding
	// indicator rows by (action, code) and by code, built on first use
	indByKey  map[indicatorKey]*ReportedIndicator
	indByCode map[string]*ReportedIndicator
}

// add completes f with the code's severity, the territory and the year,
// and appends it.
func (k *checker) add(f Finding) {
	f.Severity = f.Code.Severity()
	f.SIREN = k.c.Territory.SIREN
	f.Year = k.year
	k.out = append(k.out, f)
}

// parseFlagged reports whether a parse finding with one of codes names cell.
func (k *checker) parseFlagged(cell string, codes ...Code) bool {
	if cell == "" {
		return false
	}
	for _, have := range k.parseCells[cell] {
		for _, c := range codes {
			if have == c {
				return true
			}
		}
	}
	return false
}

func parseFindingCells(fs []Finding) map[string][]Code {
	m := make(map[string][]Code)
	for _, f := range fs {
		for _, cell := range f.Cells {
			m[cell] = append(m[cell], f.Code)
		}
	}
	return m
}

// NormalizeCode returns an action or indicator code as compared by the
// rules: trimmed and upper-cased, so "enf-03 " matches "ENF-03".
func NormalizeCode(code string) string {
	return strings.ToUpper(strings.TrimSpace(code))
}

// line is one row of the Actions sheet as the rules see it.
type line struct {
	row *ReportedAction
	// action is the contracted action of the year the row reports on; nil
	// for an unknown code or a second row with the same code.
	action *Action
	// axis is the register's axis for a contracted action, the file's
	// otherwise.
	axis Axis
	// counted is true when the row enters the money rules and totals: a
	// contracted action of the year on one of the contract's axes.
	counted bool
	// firstRow is the row of the first line with the same code, for
	// duplicates; 0 otherwise.
	firstRow int
}

// ledger is a report's Actions rows held against a contract's year.
type ledger struct {
	lines  []line
	byCode map[string]*line // first line of each contracted code
}

func newLedger(c *Contract, r *Report) *ledger {
	planned := make(map[string]*Action)
	for i := range c.Actions {
		a := &c.Actions[i]
		if _, ok := a.Plans[r.Year]; ok {
			planned[NormalizeCode(a.Code)] = a
		}
	}
	led := &ledger{lines: make([]line, len(r.Actions)), byCode: make(map[string]*line)}
	for i := range r.Actions {
		row := &r.Actions[i]
		code := NormalizeCode(row.Code)
		ln := line{row: row, axis: row.Axis}
		if a, ok := planned[code]; ok {
			if first, dup := led.byCode[code]; dup {
				ln.firstRow = first.row.Row
			} else {
				ln.action, ln.axis = a, a.Axis
				ln.counted = c.Territory.HasAxis(a.Axis)
			}
		}
		led.lines[i] = ln
		if ln.action != nil {
			led.byCode[code] = &led.lines[i]
		}
	}
	return led
}

// stateSpent returns the State spending of the counted lines, missing
// values adding nothing, and the cells it comes from.
func (led *ledger) stateSpent() (Amount, []string) {
	var total Amount
	var cells []string
	for _, ln := range led.lines {
		if !ln.counted {
			continue
		}
		total = total.Plus(Sum(ln.row.StateSpent))
		cells = appendCell(cells, ln.row, FieldStateSpent)
	}
	return total, cells
}

// appendCell appends the cell of field of row, when known.
func appendCell(cells []string, row *ReportedAction, field string) []string {
	if c := row.Cells[field]; c != "" {
		return append(cells, c)
	}
	return cells
}
