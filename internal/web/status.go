package web

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/pactd/pactd/internal/auth"
	"github.com/pactd/pactd/reconcile"
)

// overviewPage is the view of "/": every territory for one year.
type overviewPage struct {
	page
	Deadline   string
	Register   *registerInfo
	Counts     counts
	Rows       []territoryRow
	Reports    []reportLink
	Runs       []runRow
	Outbox     *OutboxState
	OutboxNote string
	Quarantine *quarantineView
}

// page is what every page shows: title, year and the year selector.
type page struct {
	Title string
	Year  int
	Years []int
	Now   string
	Path  string // the page's path, for the year selector
	// Set by renderStatus from the request (fillHeader).
	Who   *whoView // nil when nobody is logged in
	CSRF  string   // token of the logout form
	Admin bool     // the person is administrateur
	// Central: the person sees every territory (administrateur, national).
	Central bool
}

// base lets renderStatus fill the header of any page view that embeds page.
func (p *page) base() *page { return p }

type registerInfo struct {
	Version    int64
	ImportedAt string
	Source     string
}

type counts struct {
	Expected, Accepted, Rejected, Waiting, Missing, Late int
}

// territoryRow is one line of the overview table.
type territoryRow struct {
	SIREN, Name, Type               string
	State, StateClass               string
	Submissions, Accepted, Rejected int
	Receipts                        int
	LastReceived, LastReceivedISO   string
	Bloquant, Alerte, Info          int
}

// state returns the French label and a CSS class of a status.
func state(st reconcile.ReportingStatus) (label, class string) {
	switch {
	case st.Counted != nil && st.Late:
		return "Accepté, en retard", "late"
	case st.Counted != nil:
		return "Accepté", "ok"
	case st.Missing && st.Rejected > 0:
		return "Manquant, dépôt rejeté", "missing"
	case st.Missing:
		return "Manquant", "missing"
	case st.Rejected > 0:
		return "Rejeté, à renvoyer", "rejected"
	}
	return "En attente", "waiting"
}

// severityCounts counts the findings of a submission by severity.
func severityCounts(s *reconcile.Submission) (b, a, i int) {
	if s == nil {
		return
	}
	for _, f := range s.Findings {
		switch f.Severity {
		case reconcile.Bloquant:
			b++
		case reconcile.Alerte:
			a++
		default:
			i++
		}
	}
	return
}

// overview serves "/": the statuses of every territory for a year.
func (s *Server) overview(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	who := PersonFrom(ctx)
	year, ok := s.year(w, r)
	if !ok {
		return
	}
	p := overviewPage{page: s.page("État des remontées "+strconv.Itoa(year), year, "/")}
	reg, err := s.Source.LatestRegister(ctx)
	switch {
	case errors.Is(err, reconcile.ErrNotFound):
		reg = nil
	case err != nil:
		s.fail(w, r, "lire le registre", err)
		return
	}
	if reg != nil {
		p.Register = &registerInfo{Version: reg.Version, ImportedAt: frDateTime(reg.ImportedAt), Source: reg.Source}
		p.Deadline = frDate(reg.Deadline(year))
		statuses, err := s.statuses(ctx, reg, year)
		if err != nil {
			s.fail(w, r, "lire les dépôts", err)
			return
		}
		for _, st := range ScopeStatuses(who, statuses) {
			p.Rows = append(p.Rows, row(st))
			p.Counts.Expected++
			switch {
			case st.Counted != nil:
				p.Counts.Accepted++
			case st.Missing:
				p.Counts.Missing++
			case st.Rejected == 0:
				p.Counts.Waiting++
			}
			// Rejected counts every territory with nothing accepted and a
			// rejected latest submission, missing or not, as its row says
			// ("Rejeté, à renvoyer" or "Manquant, dépôt rejeté").
			if st.Counted == nil && st.Rejected > 0 {
				p.Counts.Rejected++
			}
			if st.Late {
				p.Counts.Late++
			}
		}
	}
	if !who.SeesAll() {
		// A territory sees its own rows, nothing consolidated.
		s.render(w, r, "overview.html", &p)
		return
	}
	p.Reports = s.reports(ctx, 10)
	if !who.Is(auth.Administrateur) {
		// Runs, outbox and quarantine are the administrators'.
		s.render(w, r, "overview.html", &p)
		return
	}
	if s.Runs != nil {
		runs, err := s.Runs(ctx, 10)
		if err != nil {
			s.Log.Error().Err(err).Msg("status page: list job runs")
		}
		for _, run := range runs {
			p.Runs = append(p.Runs, runView(run))
		}
	}
	if s.Outbox != nil {
		if o, err := s.Outbox(ctx); err == nil {
			p.Outbox = &o
			if !o.OldestPending.IsZero() {
				p.OutboxNote = "le plus ancien attend depuis le " + frDateTime(o.OldestPending)
			}
		}
	}
	if p.Quarantine, err = s.quarantine(ctx); err != nil {
		s.Log.Error().Err(err).Msg("status page: list quarantine")
	}
	s.render(w, r, "overview.html", &p)
}

// statuses computes the statuses of year from the stored submissions.
func (s *Server) statuses(ctx context.Context, reg *reconcile.Register, year int) ([]reconcile.ReportingStatus, error) {
	subs, err := s.Source.Submissions(ctx, reconcile.SubmissionFilter{Year: year})
	if err != nil {
		return nil, err
	}
	receipts, err := s.Source.Receipts(ctx, 0)
	if err != nil {
		return nil, err
	}
	return reconcile.Statuses(reg, subs, receipts, year, s.now()), nil
}

func row(st reconcile.ReportingStatus) territoryRow {
	label, class := state(st)
	shown := st.Counted
	if shown == nil {
		shown = st.Latest
	}
	b, a, i := severityCounts(shown)
	tr := territoryRow{SIREN: st.Territory.SIREN, Name: st.Territory.Name, Type: st.Territory.Type.Label(),
		State: label, StateClass: class, Submissions: st.Submissions, Accepted: st.Accepted,
		Rejected: st.Rejected, Receipts: st.Receipts, Bloquant: b, Alerte: a, Info: i}
	if st.Latest != nil {
		tr.LastReceived, tr.LastReceivedISO = frDateTime(st.Latest.ReceivedAt), isoTime(st.Latest.ReceivedAt)
	}
	return tr
}

// year reads the year asked for (?annee=), or the default: the exercice
// whose reports are being collected, the previous calendar year. It writes
// a 400 page and returns false for a bad one.
func (s *Server) year(w http.ResponseWriter, r *http.Request) (int, bool) {
	v := strings.TrimSpace(r.URL.Query().Get("annee"))
	if v == "" {
		y := s.now().In(reconcile.Paris).Year() - 1
		return min(max(y, reconcile.FirstYear), reconcile.LastYear), true
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < reconcile.FirstYear || y > reconcile.LastYear {
		s.error(w, r, http.StatusBadRequest, "Année invalide : choisissez une année de "+
			strconv.Itoa(reconcile.FirstYear)+" à "+strconv.Itoa(reconcile.LastYear)+".")
		return 0, false
	}
	return y, true
}

func (s *Server) page(title string, year int, path string) page {
	p := page{Title: title, Year: year, Now: frDateTime(s.now()), Path: path}
	for y := reconcile.FirstYear; y <= reconcile.LastYear; y++ {
		p.Years = append(p.Years, y)
	}
	return p
}

// runRow is one run of a scheduled job on the overview.
type runRow struct {
	Job, Scheduled, Started, Finished, Outcome, OutcomeClass, Error string
	CatchUp                                                         bool
}

// jobLabels names the jobs in French.
var jobLabels = map[string]string{"weekly_report": "Rapport hebdomadaire", "reminders": "Relances"}

func runView(r reconcile.JobRun) runRow {
	job := jobLabels[r.Job]
	if job == "" {
		job = r.Job
	}
	class := "waiting"
	switch r.Outcome {
	case reconcile.RunSuccess:
		class = "ok"
	case reconcile.RunFailure, reconcile.RunInterrupted:
		class = "missing"
	}
	return runRow{Job: job, Scheduled: frDateTime(r.Scheduled), Started: frDateTime(r.Started),
		Finished: frDateTime(r.Finished), Outcome: r.Outcome.Label(), OutcomeClass: class,
		Error: r.Error, CatchUp: r.CatchUp}
}

// sortNewestFirst orders submissions from the newest.
func sortNewestFirst(subs []reconcile.Submission) {
	sort.SliceStable(subs, func(i, j int) bool {
		if !subs[i].ReceivedAt.Equal(subs[j].ReceivedAt) {
			return subs[i].ReceivedAt.After(subs[j].ReceivedAt)
		}
		return subs[i].ID > subs[j].ID
	})
}
