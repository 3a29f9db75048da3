package reports

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// BuildWeekly computes the weekly report from its input. It reads only in;
// statuses whose contract is missing from the register still get a row,
// with no planned amounts. Money is added in cents; rates are computed
// from the sums only.
func BuildWeekly(in WeeklyInput) *Weekly {
	reg := in.Register
	if reg == nil {
		reg = &reconcile.Register{}
	}
	since := in.Since
	if since.IsZero() {
		since = in.Now.AddDate(0, 0, -7)
	}
	wk := &Weekly{
		Year:               in.Year,
		Now:                in.Now,
		Week:               WeekOf(in.Now),
		Since:              since,
		Deadline:           reg.Deadline(in.Year),
		RegisterVersion:    reg.Version,
		RegisterSource:     reg.Source,
		RegisterImportedAt: reg.ImportedAt,
		Fictitious:         in.Fictitious,
		Threshold:          in.UnderExecution,
	}
	if wk.Threshold <= 0 {
		wk.Threshold = 0.8
	}
	wk.Headline.Contracts = len(reg.Contracts)

	bySIREN := map[string][]reconcile.Finding{}
	quarantined := map[string]int{}
	for _, q := range in.Quarantine {
		if q.SIREN != "" {
			quarantined[q.SIREN]++
		}
	}
	for _, f := range in.StatusFindings {
		bySIREN[f.SIREN] = append(bySIREN[f.SIREN], f)
	}
	axes := map[reconcile.Axis]*AxisRow{}
	for _, a := range reconcile.AllAxes {
		wk.Axes = append(wk.Axes, AxisRow{Axis: a})
	}
	for i := range wk.Axes {
		axes[wk.Axes[i].Axis] = &wk.Axes[i]
	}
	regions := map[string]*RegionRow{}

	for _, st := range in.Statuses {
		row := buildTerritory(reg, st, in.Year, bySIREN[st.Territory.SIREN])
		row.Standing = standingOf(st, in.Now, wk.Deadline)
		row.Findings = quarantinedNotReceived(row.Findings, st, quarantined[st.Territory.SIREN])
		wk.Territories = append(wk.Territories, row)
		if row.Standing == StandingNotExpected {
			continue
		}
		h := &wk.Headline
		h.Expected++
		h.Files += st.Submissions
		h.Receipts += st.Receipts
		switch row.Standing {
		case StandingAccepted, StandingAcceptedLate:
			h.Accepted++
		case StandingRejected, StandingRejectedLate, StandingRejectedOverdue:
			h.Rejected++
		case StandingAwaited:
			h.Awaited++
		}
		if st.Submissions > 0 {
			h.Received++
		}
		if st.Late {
			h.Late++
		}
		if st.Missing {
			h.Missing++
		}
		if st.Latest != nil && !st.Latest.ReceivedAt.Before(since) && !st.Latest.ReceivedAt.After(in.Now) {
			h.ThisWeek++
		}
		for i, n := range row.Counts {
			h.Findings[i] += n
		}
		reported := st.Counted != nil
		commit := Money{StatePlanned: row.Money.StatePlanned, TerritoryPlanned: row.Money.TerritoryPlanned}
		h.Commitments.add(commit)
		if reported {
			h.Reported.add(row.Money)
		}

		r := regions[row.Region]
		if r == nil {
			r = &RegionRow{Name: row.Region}
			regions[row.Region] = r
		}
		r.Expected++
		r.Commitments.add(commit)
		if reported {
			r.Accepted++
			r.Reported.add(row.Money)
		}
		if st.Missing {
			r.Missing++
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
	for _, name := range append(append([]string{}, Regions...), RegionUnknown) {
		if r := regions[name]; r != nil {
			wk.Regions = append(wk.Regions, *r)
		}
	}
	sortTerritories(wk.Territories)
	wk.Quarantine = append([]reconcile.QuarantineEntry(nil), in.Quarantine...)
	sort.SliceStable(wk.Quarantine, func(i, j int) bool {
		a, b := wk.Quarantine[i], wk.Quarantine[j]
		if !a.ReceivedAt.Equal(b.ReceivedAt) {
			return a.ReceivedAt.Before(b.ReceivedAt)
		}
		return a.ID < b.ID
	})
	return wk
}

// buildTerritory makes the row of one territory: the register's actions for
// the year, the counted report's spending on them, and the findings shown.
func buildTerritory(reg *reconcile.Register, st reconcile.ReportingStatus, year int, extra []reconcile.Finding) TerritoryRow {
	row := TerritoryRow{
		Territory: st.Territory,
		Region:    TerritoryRegion(st.Territory),
		Standing:  standingOf(st, time.Time{}, time.Time{}),
		Status:    st,
	}
	if c := reg.Contract(st.Territory.SIREN); c != nil {
		row.Territory = c.Territory
		row.Region = TerritoryRegion(c.Territory)
		for _, a := range c.ActionsFor(year) {
			row.Actions = append(row.Actions, ActionRow{Code: a.Code, Axis: a.Axis, Title: a.Title,
				Nature: string(a.Nature), InContract: true, Plan: a.Plans[year]})
		}
	}
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
		row.Findings = append(row.Findings, row.Submission.Findings...)
	}
	row.Findings = append(row.Findings, extra...)
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

// sortTerritories puts the worst first: by standing, then most blocking
// findings, most alerts, lowest execution rate, then by name.
func sortTerritories(rows []TerritoryRow) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.Standing != b.Standing {
			return a.Standing < b.Standing
		}
		for k := 0; k < 2; k++ {
			if a.Counts[k] != b.Counts[k] {
				return a.Counts[k] > b.Counts[k]
			}
		}
		if (a.Rate == nil) != (b.Rate == nil) {
			return a.Rate == nil
		}
		if a.Rate != nil && *a.Rate != *b.Rate {
			return *a.Rate < *b.Rate
		}
		fa, fb := reconcile.Fold(a.Territory.Name), reconcile.Fold(b.Territory.Name)
		if fa != fb {
			return fa < fb
		}
		return a.Territory.SIREN < b.Territory.SIREN
	})
}

// noDeposit is how a RAPPORT_MANQUANT finding says that nothing came.
const noDeposit = "aucun dépôt n'a été reçu"

// quarantinedNotReceived returns the findings of a territory with no
// registered file, whose RAPPORT_MANQUANT no longer says that nothing came
// when n of its files were quarantined: a person must look at them.
func quarantinedNotReceived(fs []reconcile.Finding, st reconcile.ReportingStatus, n int) []reconcile.Finding {
	if n == 0 || st.Submissions > 0 {
		return fs
	}
	what := "fichier mis en quarantaine, à examiner dans la partie 5 du rapport"
	if n > 1 {
		what = fmt.Sprintf("%d fichiers mis en quarantaine, à examiner dans la partie 5 du rapport", n)
	}
	out := append([]reconcile.Finding(nil), fs...)
	for i, f := range out {
		if f.Code != reconcile.RapportManquant {
			continue
		}
		if strings.Contains(f.Message, noDeposit) {
			out[i].Message = strings.Replace(f.Message, noDeposit, what, 1)
		} else {
			out[i].Message = strings.TrimSpace(f.Message) + " " + strings.ToUpper(what[:1]) + what[1:] + "."
		}
	}
	return out
}
