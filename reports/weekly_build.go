package reports

import (
	"sort"

	"github.com/pactd/pactd/reconcile"
)

// BuildWeekly computes the weekly report from its input. It reads only in:
// the partition decides every territory's state, so every count of the
// report adds up to the territories expected. Money is added in cents;
// rates are computed from the sums only (reconcile.Rate).
func BuildWeekly(in WeeklyInput) *Weekly {
	reg := in.Register
	if reg == nil {
		reg = &reconcile.Register{}
	}
	p := in.Partition
	threshold := in.UnderExecution
	if threshold <= 0 {
		threshold = 0.8
	}
	wk := &Weekly{
		Year:               in.Year,
		Now:                in.Now,
		Week:               ReportWeek(in.Now),
		Deadline:           reg.Deadline(in.Year),
		RegisterVersion:    reg.Version,
		RegisterSource:     reg.Source,
		RegisterImportedAt: reg.ImportedAt,
		Fictitious:         in.Fictitious,
		Threshold:          reconcile.RateFromFraction(threshold),
		Contracts:          len(reg.Contracts),
		Tally:              p.Tally,
		Receipts:           in.Receipts,
		Campaign:           in.Campaign,
	}
	wk.Overdue = in.Now.After(wk.Deadline)
	wk.Missing = p.MissingFindings()
	reminders := map[string][]Reminder{}
	for _, r := range in.Reminders {
		if r.Year == in.Year {
			reminders[r.SIREN] = append(reminders[r.SIREN], r)
		}
	}
	for _, a := range reconcile.AllAxes {
		wk.Axes = append(wk.Axes, AxisRow{Axis: a})
	}
	axes := map[reconcile.Axis]*AxisRow{}
	for i := range wk.Axes {
		axes[wk.Axes[i].Axis] = &wk.Axes[i]
	}
	regions := map[string]*RegionRow{}

	for _, ts := range p.Territories {
		row := buildTerritory(reg, ts, in.Year)
		row.Reminders = reminders[row.Territory.SIREN]
		sort.SliceStable(row.Reminders, func(i, j int) bool { return row.Reminders[i].At.Before(row.Reminders[j].At) })
		wk.Territories = append(wk.Territories, row)
		if row.Late() {
			wk.Late++
		}
		wk.Files += ts.Status.Submissions + len(ts.SetAside)
		wk.Recorded += ts.Status.Submissions
		for i, n := range row.Counts {
			wk.Findings[i] += n
		}
		reported := row.State.Accepted()
		commit := Money{StatePlanned: row.Money.StatePlanned, TerritoryPlanned: row.Money.TerritoryPlanned}
		wk.Commitments.add(commit)
		if reported {
			wk.Reported.add(row.Money)
		}

		r := regions[row.Region]
		if r == nil {
			r = &RegionRow{Name: row.Region}
			regions[row.Region] = r
		}
		r.Tally.Add(row.State)
		r.Commitments.add(commit)
		if reported {
			r.Reported.add(row.Money)
		}

		for _, a := range row.Territory.Axes() {
			axes[a].Contracts++
			if reported {
				axes[a].Reporting++
			}
		}
		for _, a := range row.Actions {
			ax := axes[a.Axis]
			if !a.InContract || ax == nil {
				continue
			}
			ax.Commitments.add(Money{StatePlanned: a.Plan.State, TerritoryPlanned: a.Plan.Territory})
			if reported {
				ax.Reported.add(actionMoney(a))
			}
		}
	}
	wk.Files += len(p.Unattributed)
	for _, name := range append(append([]string{}, Regions...), RegionUnknown) {
		if r := regions[name]; r != nil {
			wk.Regions = append(wk.Regions, *r)
		}
	}
	sortTerritories(wk.Territories)
	wk.Changes = buildChanges(wk, in.Changes)
	wk.Trend = buildTrend(wk, in.Snapshots)
	wk.SetAside = buildSetAside(reg, wk, in.Changes)
	return wk
}

// buildTerritory makes the row of one territory: the register's actions for
// the year, the counted report's spending on them, and the findings shown.
func buildTerritory(reg *reconcile.Register, ts reconcile.TerritoryState, year int) TerritoryRow {
	st := ts.Status
	row := TerritoryRow{
		Territory: st.Territory,
		State:     ts.State,
		Overdue:   ts.Overdue,
		Status:    st,
		SetAside:  ts.SetAside,
	}
	if c := reg.Contract(st.Territory.SIREN); c != nil {
		row.Territory = c.Territory
		for _, a := range c.ActionsFor(year) {
			row.Actions = append(row.Actions, ActionRow{Code: a.Code, Axis: a.Axis, Title: a.Title,
				Nature: string(a.Nature), InContract: true, Plan: a.Plans[year]})
		}
	}
	row.Region = TerritoryRegion(row.Territory)
	row.Contacts = row.Territory.Contacts()
	row.Submission = st.Counted
	if row.Submission == nil {
		row.Submission = st.Latest
	}
	if st.Counted != nil && st.Counted.Report != nil {
		index := map[string]int{}
		for i, a := range row.Actions {
			index[a.Code] = i
		}
		for _, ra := range st.Counted.Report.Actions {
			i, ok := index[ra.Code]
			if !ok {
				row.Actions = append(row.Actions, ActionRow{Code: ra.Code, Axis: ra.Axis, Title: ra.Title,
					Nature: ra.Nature})
				i = len(row.Actions) - 1
			}
			a := &row.Actions[i]
			a.StateSpent, a.TerritorySpent, a.OtherSpent = ra.StateSpent, ra.TerritorySpent, ra.OtherSpent
			a.Status, a.Cells = ra.Status, ra.Cells
		}
	}
	for _, a := range row.Actions {
		if !a.InContract {
			continue
		}
		row.Money.StatePlanned += a.Plan.State
		row.Money.TerritoryPlanned += a.Plan.Territory
		if st.Counted != nil {
			m := actionMoney(a)
			row.Money.StateSpent += m.StateSpent
			row.Money.TerritorySpent += m.TerritorySpent
			row.Money.OtherSpent += m.OtherSpent
		}
	}
	if st.Counted != nil {
		row.Rate = row.Money.Rate()
	}
	if row.Submission != nil {
		for _, f := range row.Submission.Findings {
			if f.Code != reconcile.RapportManquant { // the partition says it
				row.Findings = append(row.Findings, f)
			}
		}
	}
	reconcile.SortFindings(row.Findings)
	for _, f := range row.Findings {
		row.Counts[f.Severity.Rank()]++
	}
	return row
}

// actionMoney returns an action's planned and reported amounts; amounts
// not reported count as zero.
func actionMoney(a ActionRow) Money {
	return Money{StatePlanned: a.Plan.State, TerritoryPlanned: a.Plan.Territory,
		StateSpent: reconcile.Sum(a.StateSpent), TerritorySpent: reconcile.Sum(a.TerritorySpent),
		OtherSpent: reconcile.Sum(a.OtherSpent)}
}

// stateOrder puts first the states a reader must act on: rejected, set
// aside, nothing received, then accepted late and accepted.
var stateOrder = map[reconcile.State]int{reconcile.StateRejected: 0, reconcile.StateSetAside: 1,
	reconcile.StateNotReceived: 2, reconcile.StateAcceptedLate: 3, reconcile.StateAccepted: 4}

// sortTerritories orders rows by state (stateOrder), then as French
// readers sort names (reconcile.LessTerritory).
func sortTerritories(rows []TerritoryRow) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if stateOrder[a.State] != stateOrder[b.State] {
			return stateOrder[a.State] < stateOrder[b.State]
		}
		return reconcile.LessTerritory(a.Territory, b.Territory)
	})
}

// rowsBySIREN indexes the report's territory rows.
func rowsBySIREN(wk *Weekly) map[string]TerritoryRow {
	out := make(map[string]TerritoryRow, len(wk.Territories))
	for _, r := range wk.Territories {
		out[r.Territory.SIREN] = r
	}
	return out
}

// buildChanges turns the partition's changes into the report's rows, in
// French reading order.
func buildChanges(wk *Weekly, c reconcile.Changes) Changes {
	rows := rowsBySIREN(wk)
	pick := func(ts []reconcile.TerritoryState) []TerritoryRow {
		var out []TerritoryRow
		for _, t := range ts {
			if r, ok := rows[t.Status.Territory.SIREN]; ok {
				out = append(out, r)
			}
		}
		sort.SliceStable(out, func(i, j int) bool { return reconcile.LessTerritory(out[i].Territory, out[j].Territory) })
		return out
	}
	return Changes{Since: c.Since, FromSnapshot: c.FromSnapshot, Recorded: len(c.Submissions), SetAside: len(c.SetAside),
		Accepted: pick(c.NewlyAccepted), Rejected: pick(c.NewlyRejected), NewSetAside: pick(c.NewlySetAside)}
}

// buildTrend makes one point per stored snapshot of an earlier week, then
// the report's own.
func buildTrend(wk *Weekly, snaps []reconcile.Snapshot) []TrendPoint {
	own := reconcile.ISOWeek(wk.Now)
	var out []TrendPoint
	for _, s := range snaps {
		if s.Year != wk.Year || s.Week == own || !s.Taken.Before(wk.Now) {
			continue
		}
		out = append(out, TrendPoint{Week: ReportWeek(s.Taken), Taken: s.Taken, Tally: s.Tally, Spent: s.Spent})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Taken.Before(out[j].Taken) })
	return append(out, TrendPoint{Week: wk.Week, Taken: wk.Now, Tally: wk.Tally, Spent: wk.Reported.Spent()})
}

// buildSetAside lists the quarantined files to look at: every file of a
// territory still set aside, and every file set aside since the previous
// report, each once, oldest first.
func buildSetAside(reg *reconcile.Register, wk *Weekly, c reconcile.Changes) []SetAsideRow {
	seen := map[int64]bool{}
	var out []SetAsideRow
	add := func(q reconcile.QuarantineEntry) {
		if seen[q.ID] {
			return
		}
		seen[q.ID] = true
		row := SetAsideRow{Entry: q, FromName: q.SIRENFromName()}
		if ct := reg.Contract(q.ClaimedSIREN()); ct != nil && ct.Covers(wk.Year) {
			t := ct.Territory
			row.Territory, row.Contacts = &t, t.Contacts()
		}
		out = append(out, row)
	}
	for _, r := range wk.Territories {
		if r.State == reconcile.StateSetAside {
			for _, q := range r.SetAside {
				add(q)
			}
		}
	}
	for _, q := range c.SetAside {
		add(q)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Entry, out[j].Entry
		if !a.ReceivedAt.Equal(b.ReceivedAt) {
			return a.ReceivedAt.Before(b.ReceivedAt)
		}
		return a.ID < b.ID
	})
	return out
}
