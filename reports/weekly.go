package reports

import (
	"time"

	"github.com/pactd/pactd/reconcile"
)

// WeeklyInput is everything the weekly report is made of. The caller reads
// it from the store; BuildWeekly reads nothing else, not even the clock.
type WeeklyInput struct {
	// Register is the register version the statuses were computed against.
	Register *reconcile.Register
	// Statuses has one entry per contract for Year (reconcile.Statuses).
	Statuses []reconcile.ReportingStatus
	// StatusFindings are findings on the state of reporting rather than on
	// a file, such as RAPPORT_MANQUANT (reconcile.MissingReports); each is
	// shown with the territory of its SIREN.
	StatusFindings []reconcile.Finding
	// Quarantine lists the messages and files set aside in the period.
	Quarantine []reconcile.QuarantineEntry
	// Year is the reporting year (the exercice) the report is about.
	Year int
	// Now is the date of the report, given by the caller.
	Now time.Time
	// Since starts the period the report calls "this week"; zero means
	// seven days before Now.
	Since time.Time
	// Fictitious says the data are samples: every page then says so.
	Fictitious bool
	// UnderExecution is the SOUS_EXECUTION threshold as a fraction, drawn
	// on the charts; zero means the default 0.8.
	UnderExecution float64
}

// Weekly is the weekly report as people read it: every figure already
// computed, in the order it is shown. WeeklyPDF and WeeklyAnnex render it.
type Weekly struct {
	Year               int
	Now                time.Time
	Week               Week
	Since              time.Time
	Deadline           time.Time // the reporting deadline of Year
	RegisterVersion    int64
	RegisterSource     string
	RegisterImportedAt time.Time
	Fictitious         bool
	Threshold          float64 // execution rate threshold, a fraction
	Headline           Headline
	Axes               []AxisRow      // the four axes, in the Pacte's order
	Regions            []RegionRow    // regions that have a contract, in Regions order
	Territories        []TerritoryRow // the worst first
	Quarantine         []reconcile.QuarantineEntry
}

// Money is what was planned and spent, in cents. Planned amounts come from
// the register, spent amounts from the accepted reports.
type Money struct {
	StatePlanned     reconcile.Amount
	TerritoryPlanned reconcile.Amount
	StateSpent       reconcile.Amount
	TerritorySpent   reconcile.Amount
	OtherSpent       reconcile.Amount
}

// Planned returns the State and territory planned amounts together.
func (m Money) Planned() reconcile.Amount { return m.StatePlanned + m.TerritoryPlanned }

// Spent returns the State and territory spent amounts together; other
// financers do not count towards execution.
func (m Money) Spent() reconcile.Amount { return m.StateSpent + m.TerritorySpent }

// Rate returns the execution rate, Spent over Planned, or nil when nothing
// was planned.
func (m Money) Rate() *float64 {
	if m.Planned() == 0 {
		return nil
	}
	r := float64(m.Spent()) / float64(m.Planned())
	return &r
}

func (m *Money) add(o Money) {
	m.StatePlanned += o.StatePlanned
	m.TerritoryPlanned += o.TerritoryPlanned
	m.StateSpent += o.StateSpent
	m.TerritorySpent += o.TerritorySpent
	m.OtherSpent += o.OtherSpent
}

// Headline holds the figures of the cover page.
type Headline struct {
	Contracts int // contracts in the register
	Expected  int // reports expected for the year
	Received  int // expected territories that sent at least one file
	Accepted  int // territories with an accepted report
	Rejected  int // territories that sent files, none accepted
	Awaited   int // nothing received yet, deadline not passed
	Late      int // accepted after the deadline, or nothing accepted by then
	Missing   int // deadline passed with nothing accepted
	Files     int // distinct files received
	Receipts  int // receptions, duplicates included
	// ThisWeek counts territories whose newest file arrived since Since.
	ThisWeek int
	// Findings counts the findings shown, by severity rank (bloquant,
	// alerte, info).
	Findings [3]int
	// Commitments are the register's planned amounts of every expected
	// contract; Reported are planned and spent amounts of the territories
	// with an accepted report.
	Commitments Money
	Reported    Money
}

// AxisRow is one axis of the national table.
type AxisRow struct {
	Axis        reconcile.Axis
	Contracts   int // expected contracts with this axis
	Reporting   int // of them, with an accepted report
	Commitments Money
	Reported    Money
}

// RegionRow is one region of the regional table.
type RegionRow struct {
	Name        string
	Expected    int
	Accepted    int
	Missing     int
	Commitments Money
	Reported    Money
}

// TerritoryRow is one territory: its standing, its money and its findings.
type TerritoryRow struct {
	Territory reconcile.Territory
	Region    string
	Standing  Standing
	Status    reconcile.ReportingStatus
	// Submission is the file whose findings are shown: the counted one,
	// else the newest; nil when nothing was received.
	Submission *reconcile.Submission
	// Money has the register's plans and, with an accepted report, what
	// it says was spent on the contract's actions.
	Money    Money
	Rate     *float64 // nil without an accepted report
	Findings []reconcile.Finding
	Counts   [3]int // findings by severity rank
	Actions  []ActionRow
}

// ActionRow is one action of a territory: planned in the register, spent
// as reported. A reported action that is not in the contract has
// InContract false and counts in no total.
type ActionRow struct {
	Code       string
	Axis       reconcile.Axis
	Title      string
	Nature     string
	InContract bool
	Plan       reconcile.Plan
	// Spent amounts are nil when not reported.
	StateSpent     *reconcile.Amount
	TerritorySpent *reconcile.Amount
	OtherSpent     *reconcile.Amount
	Status         string
	Cells          map[string]string
}

// Rate returns the action's execution rate, or nil when nothing was planned
// or nothing reported.
func (a ActionRow) Rate() *float64 {
	if a.StateSpent == nil && a.TerritorySpent == nil {
		return nil
	}
	m := Money{StatePlanned: a.Plan.State, TerritoryPlanned: a.Plan.Territory,
		StateSpent: reconcile.Sum(a.StateSpent), TerritorySpent: reconcile.Sum(a.TerritorySpent)}
	return m.Rate()
}

// Standing is where a territory stands, from the worst.
type Standing int

// Standings, from the worst; the weekly report sorts territories by it.
const (
	StandingMissing         Standing = iota // deadline passed, nothing received
	StandingRejectedLate                    // deadline passed, only rejected files, the newest received after it
	StandingRejectedOverdue                 // deadline passed, only rejected files, all received before it
	StandingRejected                        // only rejected files so far, deadline to come
	StandingAwaited                         // nothing yet, deadline to come
	StandingAcceptedLate                    // accepted after the deadline
	StandingAccepted                        // accepted in time
	StandingNotExpected                     // the contract does not cover the year
)

// Label returns the standing in French, as tables show it.
func (s Standing) Label() string {
	switch s {
	case StandingMissing:
		return "Manquant"
	case StandingRejectedLate:
		return "Rejeté, hors délai"
	case StandingRejectedOverdue:
		return "Rejeté, délai dépassé"
	case StandingRejected:
		return "Rejeté"
	case StandingAwaited:
		return "Attendu"
	case StandingAcceptedLate:
		return "Accepté hors délai"
	case StandingAccepted:
		return "Accepté"
	}
	return "Non attendu"
}

// standingOf derives the standing from a reporting status at now: the
// deadline has passed when now is after it (st.Missing when now or the
// deadline is unknown). A rejected territory is "hors délai" only when its
// newest file arrived after the deadline.
func standingOf(s reconcile.ReportingStatus, now, deadline time.Time) Standing {
	if !s.Deadline.IsZero() {
		deadline = s.Deadline
	}
	passed := s.Missing || s.Late && s.Counted == nil
	if !now.IsZero() && !deadline.IsZero() {
		passed = now.After(deadline)
	}
	switch {
	case !s.Expected:
		return StandingNotExpected
	case s.Counted != nil && s.Late:
		return StandingAcceptedLate
	case s.Counted != nil:
		return StandingAccepted
	case passed && s.Submissions > 0 && s.Latest != nil && !deadline.IsZero() && !s.Latest.ReceivedAt.After(deadline):
		return StandingRejectedOverdue
	case passed && s.Submissions > 0:
		return StandingRejectedLate
	case passed:
		return StandingMissing
	case s.Submissions > 0:
		return StandingRejected
	}
	return StandingAwaited
}
