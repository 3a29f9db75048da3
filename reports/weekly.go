package reports

import (
	"time"

	"github.com/pactd/pactd/reconcile"
)

// WeeklyInput is everything the weekly report is made of. The caller reads
// it from the store; BuildWeekly reads nothing else, not even the clock.
type WeeklyInput struct {
	// Register is the register version the partition was computed against.
	Register *reconcile.Register
	// Partition places every expected territory in one state at Now
	// (reconcile.PartitionYear).
	Partition reconcile.Partition
	// Changes is what changed since the previous report
	// (reconcile.ChangesSince).
	Changes reconcile.Changes
	// Snapshots are the stored snapshots of earlier weeks of the year,
	// oldest first: the season's trend. A snapshot of the report's own
	// week is ignored (the report's partition replaces it).
	Snapshots []reconcile.Snapshot
	// Reminders lists the reminders sent to territories for Year.
	Reminders []Reminder
	// Receipts counts the receptions of the year's files up to Now,
	// duplicates included.
	Receipts int
	// Year is the reporting year (the exercice) the report is about.
	Year int
	// Now is the date of the report, given by the caller.
	Now time.Time
	// Fictitious says the data are samples: every page then says so.
	Fictitious bool
	// UnderExecution is the SOUS_EXECUTION threshold as a fraction, drawn
	// on the charts; zero means the default 0.8.
	UnderExecution float64
	// Campaign is the year's campaign (BuildWeeklyCampaign); nil: no
	// section.
	Campaign *WeeklyCampaign
}

// Reminder is one reminder mail pactd queued for a territory (the daemon's
// reminders job): its kind ("J-15", "J+1") and when it was queued.
type Reminder struct {
	SIREN string
	Year  int
	Kind  string
	At    time.Time
	// Sent is true once the SMTP server accepted it.
	Sent bool
}

// Weekly is the weekly report as people read it: every figure already
// computed, in the order it is shown. WeeklyPDF and WeeklyAnnex render it.
type Weekly struct {
	Year int
	Now  time.Time
	// Week is the reporting week: the ISO week before the one of Now, the
	// week a Monday report is about.
	Week               Week
	Deadline           time.Time // the reporting deadline of Year
	Overdue            bool      // the deadline has passed at Now
	RegisterVersion    int64
	RegisterSource     string
	RegisterImportedAt time.Time
	Fictitious         bool
	Threshold          reconcile.Rate // execution rate threshold
	Contracts          int            // contracts in the register
	Tally              reconcile.Tally
	Late               int // accepted late, or without an accepted report after the deadline
	Files              int // distinct files received for the year: recorded and set aside
	Recorded           int // of them, recorded as submissions (the others were set aside)
	Receipts           int // receptions of the recorded files, duplicates included
	// Findings counts the findings of the files, by severity rank
	// (bloquant, alerte, info); missing reports are the partition's.
	Findings [3]int
	// Missing are the RAPPORT_MANQUANT findings of the territories without
	// an accepted report after the deadline (Partition.MissingFindings):
	// the annex lists them for the central team's scripts, the PDF lists
	// the territories.
	Missing []reconcile.Finding
	// Commitments are the register's planned amounts of every expected
	// contract; Reported are planned and spent amounts of the territories
	// with an accepted report.
	Commitments Money
	Reported    Money
	Changes     Changes
	// Trend has one point per stored snapshot of the season then the
	// report's own, oldest first.
	Trend       []TrendPoint
	Axes        []AxisRow      // the four axes, in the Pacte's order
	Regions     []RegionRow    // regions that have a contract, in Regions order
	Territories []TerritoryRow // every expected territory, by state then as French readers sort names
	// SetAside lists the quarantined files a person must look at, oldest
	// first: those of territories still set aside, and every file set aside
	// since the previous report, attributed or not.
	SetAside []SetAsideRow
	// Campaign is the workbooks sent, bounced and answered; nil when pactd
	// sent none for the year.
	Campaign *WeeklyCampaign
}

// Changes is what changed since the previous report, by territory row.
type Changes struct {
	Since        time.Time
	FromSnapshot bool
	Recorded     int // files recorded as submissions
	SetAside     int // files set aside
	Accepted     []TerritoryRow
	Rejected     []TerritoryRow
	NewSetAside  []TerritoryRow
}

// TrendPoint is the partition of one week of the season.
type TrendPoint struct {
	Week  Week
	Taken time.Time
	Tally reconcile.Tally
	Spent reconcile.Amount
}

// SetAsideRow is one quarantined file to look at and whose it claims to be.
type SetAsideRow struct {
	Entry reconcile.QuarantineEntry
	// Territory is the expected territory the file claims (by the
	// workbook's SIREN, or by its file name when FromName), nil when none.
	Territory *reconcile.Territory
	FromName  bool
	Contacts  []string
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

// Rate returns the execution rate, Spent over Planned (reconcile.Rate),
// or nil when nothing was planned.
func (m Money) Rate() *reconcile.Rate { return reconcile.RatePtr(m.Spent(), m.Planned()) }

func (m *Money) add(o Money) {
	m.StatePlanned += o.StatePlanned
	m.TerritoryPlanned += o.TerritoryPlanned
	m.StateSpent += o.StateSpent
	m.TerritorySpent += o.TerritorySpent
	m.OtherSpent += o.OtherSpent
}

// AxisRow is one axis of the national table.
type AxisRow struct {
	Axis        reconcile.Axis
	Contracts   int // expected contracts with this axis
	Reporting   int // of them, with an accepted report
	Commitments Money
	Reported    Money
}

// RegionRow is one region of the regional table: its territories by state
// and their money.
type RegionRow struct {
	Name        string
	Tally       reconcile.Tally
	Commitments Money
	Reported    Money
}

// TerritoryRow is one expected territory: its state, its money, its
// findings and whom to contact.
type TerritoryRow struct {
	Territory reconcile.Territory
	Region    string
	State     reconcile.State
	Overdue   bool
	Status    reconcile.ReportingStatus
	// SetAside are the territory's quarantined files of the year.
	SetAside []reconcile.QuarantineEntry
	// Submission is the file whose findings are shown: the counted one,
	// else the newest; nil when nothing was recorded.
	Submission *reconcile.Submission
	// Money has the register's plans and, with an accepted report, what
	// it says was spent on the contract's actions.
	Money    Money
	Rate     *reconcile.Rate // nil without an accepted report
	Findings []reconcile.Finding
	Counts   [3]int // findings by severity rank
	Actions  []ActionRow
	// Contacts are the addresses pactd writes to (acknowledgments and
	// reminders): the register's recipients, then its sender addresses.
	Contacts  []string
	Reminders []Reminder
}

// Label returns the territory's state in French.
func (r TerritoryRow) Label() string { return r.State.Label(r.Overdue) }

// Late reports whether the territory is late (reconcile.TerritoryState).
func (r TerritoryRow) Late() bool {
	return r.State == reconcile.StateAcceptedLate || r.Overdue && !r.State.Accepted()
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
func (a ActionRow) Rate() *reconcile.Rate {
	if a.StateSpent == nil && a.TerritorySpent == nil {
		return nil
	}
	m := Money{StatePlanned: a.Plan.State, TerritoryPlanned: a.Plan.Territory,
		StateSpent: reconcile.Sum(a.StateSpent), TerritorySpent: reconcile.Sum(a.TerritorySpent)}
	return m.Rate()
}
