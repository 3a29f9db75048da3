package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// territoryPage is the view of one territory for one year.
type territoryPage struct {
	page
	SIREN, Name, Type string
	Departements      string
	Axes              []string
	Deadline          string
	State, StateClass string
	// SetAside counts the territory's files set aside (quarantine).
	SetAside int
	// Contacts are the addresses pactd writes to; Reminders the reminders
	// already sent, "" when none.
	Contacts, Reminders string
	Submissions         []submissionView
}

// submissionView is one stored file with its receptions and findings.
type submissionView struct {
	ID                    int64
	File, SHA256          string
	ReceivedAt, Received  string
	Origin                string
	Verdict, VerdictClass string
	Counted               bool
	// FileURL and AnnotatedURL download the received workbook and, when
	// findings name cells, the annotated one; "" when not served.
	FileURL, AnnotatedURL string
	Receipts              []receiptView
	Findings              []findingView
}

type receiptView struct {
	Number, ReceivedAt, ReceivedISO string
	Duplicate                       bool
	AckURL                          string
}

type findingView struct {
	Severity, SeverityClass string
	Code, Cells, Where      string
	Message                 string
}

// territory serves /territoires/{siren}: a territory's submissions of a
// year with their receipts and findings.
func (s *Server) territory(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	siren := r.PathValue("siren")
	year, ok := s.year(w, r)
	if !ok {
		return
	}
	reg, err := s.Source.LatestRegister(ctx)
	if err != nil && !errors.Is(err, reconcile.ErrNotFound) {
		s.fail(w, r, "lire le registre", err)
		return
	}
	var c *reconcile.Contract
	if reg != nil && reconcile.ValidSIREN(siren) {
		c = reg.Contract(siren)
	}
	if c == nil {
		s.error(w, r, http.StatusNotFound, "Aucun territoire du registre n'a ce SIREN.")
		return
	}
	t := c.Territory
	p := territoryPage{page: s.page(t.Name+" — "+strconv.Itoa(year), year, "/territoires/"+url.PathEscape(siren)),
		SIREN: t.SIREN, Name: t.Name, Type: t.Type.Label(), Departements: strings.Join(t.Departements, ", "),
		Deadline: frDate(reg.Deadline(year))}
	for _, a := range t.Axes() {
		p.Axes = append(p.Axes, a.ShortLabel())
	}
	// The territory's state is its place in the partition the overview,
	// the list and the weekly report share.
	wk, err := s.weekData(ctx, year)
	if err != nil {
		s.fail(w, r, "lire les dépôts", err)
		return
	}
	var counted int64
	p.State, p.StateClass = "Non attendu cette année", "waiting"
	for _, tr := range wk.Territories {
		if tr.Territory.SIREN == siren {
			p.State, p.StateClass = tr.Label(), stateClass[tr.State]
			p.SetAside = len(tr.SetAside)
			p.Contacts, p.Reminders = strings.Join(tr.Contacts, ", "), remindersText(tr.Reminders)
			if tr.Status.Counted != nil {
				counted = tr.Status.Counted.ID
			}
		}
	}
	subs, err := s.Source.Submissions(ctx, reconcile.SubmissionFilter{SIREN: siren, Year: year})
	if err != nil {
		s.fail(w, r, "lire les dépôts", err)
		return
	}
	sortNewestFirst(subs)
	for i := range subs {
		sub := &subs[i]
		v := submissionView{ID: sub.ID, File: sub.FileName, SHA256: sub.SHA256,
			ReceivedAt: frDateTime(sub.ReceivedAt), Received: isoTime(sub.ReceivedAt),
			Origin: sub.Origin.Label(), Verdict: sub.Verdict.Label(), Counted: sub.ID == counted}
		if s.SubmissionContent != nil {
			base := "/depots/" + strconv.FormatInt(sub.ID, 10)
			v.FileURL = base + "/fichier"
			if reports.HasCellFindings(sub.Findings) {
				v.AnnotatedURL = base + "/annote"
			}
		}
		v.VerdictClass = "ok"
		if sub.Verdict == reconcile.Rejected {
			v.VerdictClass = "rejected"
		}
		rcs, err := s.Source.Receipts(ctx, sub.ID)
		if err != nil {
			s.fail(w, r, "lire les réceptions", err)
			return
		}
		for _, rc := range rcs {
			rv := receiptView{Number: rc.Number, ReceivedAt: frDateTime(rc.ReceivedAt), ReceivedISO: isoTime(rc.ReceivedAt),
				Duplicate: rc.Duplicate}
			if s.Acknowledgment != nil && rc.Number != "" {
				rv.AckURL = "/accuses/" + strconv.FormatInt(sub.ID, 10) + "/" + url.PathEscape(rc.Number)
			}
			v.Receipts = append(v.Receipts, rv)
		}
		fs := append([]reconcile.Finding(nil), sub.Findings...)
		reconcile.SortFindings(fs)
		for _, f := range fs {
			v.Findings = append(v.Findings, findingView{Severity: string(f.Severity), SeverityClass: severityClass(f.Severity),
				Code: string(f.Code), Cells: strings.Join(f.Cells, ", "), Where: where(f), Message: f.Message})
		}
		p.Submissions = append(p.Submissions, v)
	}
	s.render(w, r, "territory.html", &p)
}

func severityClass(s reconcile.Severity) string {
	switch s {
	case reconcile.Bloquant:
		return "missing"
	case reconcile.Alerte:
		return "late"
	}
	return "waiting"
}

// where names the axis, action and indicator of a finding.
func where(f reconcile.Finding) string {
	var parts []string
	if f.Axis != "" {
		parts = append(parts, f.Axis.ShortLabel())
	}
	if f.Action != "" {
		parts = append(parts, f.Action)
	}
	if f.Indicator != "" {
		parts = append(parts, f.Indicator)
	}
	return strings.Join(parts, " · ")
}
