package web

import (
	"context"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/pactd/pactd/reconcile"
)

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
