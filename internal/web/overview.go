package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pactd/pactd/internal/auth"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// overviewPage is the view of "/": the week at a glance, as page 1 of the
// weekly report says it, then who to act on first.
type overviewPage struct {
	page
	Deadline   string
	Overdue    bool
	Situation  string
	NoContract bool // no contract covers the year
	Fictitious bool
	Register   *registerInfo
	Tally      reconcile.Tally
	Parts      []partView
	Sum        string // "a + b + c + d + e = N territoires attendus ...", as the PDF says it
	Late       int
	Defs       template.HTML
	Partition  template.HTML
	Money      template.HTML
	Trend      template.HTML
	Changes    changesView
	Rejected   []actRow
	SetAside   []setAsideView
	Nothing    []missingRef // nothing received, compact, as French readers sort
	// Own lists a territory person's territories: nothing consolidated.
	Own        []territoryView
	Reports    []reportLink
	Runs       []runRow
	Outbox     *OutboxState
	OutboxNote string
	Quarantine *quarantineView
	Service    *serviceView
}

// partView is one state of the partition with its count and the link to
// the territories in it.
type partView struct {
	Label, Slug, URL string
	Count            int
	Swatch           template.HTML
}

// changesView says what changed since the previous report.
type changesView struct {
	Title string
	Lines []string
}

// actRow is a territory to act on: its files were rejected.
type actRow struct {
	Name, URL, Departements string
	LastFile, LastFileISO   string
	Bloquant                int
	Contacts, Reminders     string
}

// setAsideView is a quarantined file to look at.
type setAsideView struct {
	Received, ReceivedISO string
	File, Reason          string
	Territory, URL        string // "" when the file names no expected territory
	FromName              bool
	Download              string
}

// missingRef is a territory with nothing received, for the compact list.
type missingRef struct{ Name, URL string }

// overview serves "/".
func (s *Server) overview(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	who := PersonFrom(ctx)
	year, ok := s.year(w, r)
	if !ok {
		return
	}
	p := overviewPage{page: s.page("État des remontées "+strconv.Itoa(year), year, "/")}
	wk, err := s.weekData(ctx, year)
	switch {
	case errors.Is(err, reconcile.ErrNotFound):
		wk = nil
	case err != nil:
		s.fail(w, r, "lire les dépôts", err)
		return
	}
	if wk != nil {
		p.Register = &registerInfo{Version: wk.RegisterVersion, ImportedAt: frDateTime(wk.RegisterImportedAt), Source: wk.RegisterSource}
		// The site shows the situation now; the weekly report is about the
		// week before its Monday.
		p.Deadline, p.Overdue, p.Fictitious = frDate(wk.Deadline), wk.Overdue, wk.Fictitious
		p.Situation = "Situation au " + reports.FormatDateTime(wk.Now) + "."
		if !who.SeesAll() {
			for _, tr := range wk.Territories {
				if who.Sees(tr.Territory.SIREN) {
					p.Own = append(p.Own, territoryViewOf(tr, year))
				}
			}
			// A territory sees its own rows, nothing consolidated.
			s.render(w, r, "overview.html", &p)
			return
		}
		if p.NoContract = wk.Tally.Expected == 0; !p.NoContract {
			s.glance(&p, wk, who.Is(auth.Administrateur))
		}
	}
	if !who.SeesAll() {
		s.render(w, r, "overview.html", &p)
		return
	}
	p.Reports = s.reports(ctx, 10)
	if !who.Is(auth.Administrateur) {
		// Runs, outbox, quarantine and health are the administrators'.
		s.render(w, r, "overview.html", &p)
		return
	}
	s.adminSections(r, &p)
	s.render(w, r, "overview.html", &p)
}

// glance fills the week at a glance and the lists to act on from wk.
func (s *Server) glance(p *overviewPage, wk *reports.Weekly, admin bool) {
	year := wk.Year
	p.Tally, p.Late = wk.Tally, wk.Late
	nums := make([]string, 0, len(reconcile.States))
	for _, st := range reconcile.States {
		n := wk.Tally.Count(st)
		nums = append(nums, strconv.Itoa(n))
		p.Parts = append(p.Parts, partView{Label: reports.StateLegend(st, wk.Overdue), Slug: stateSlug[st], Count: n,
			URL: "/territoires?annee=" + strconv.Itoa(year) + "&etat=" + stateSlug[st], Swatch: swatch(st)})
	}
	p.Sum = fmt.Sprintf("%s = %d territoires attendus pour %d, chacun dans une seule situation",
		strings.Join(nums, " + "), wk.Tally.Expected, year)
	if wk.Overdue {
		verb := "sont en retard"
		if wk.Late == 1 {
			verb = "est en retard"
		}
		p.Sum += fmt.Sprintf(" ; %d %s après la date limite", wk.Late, verb)
	}
	p.Sum += "."
	p.Defs = defsSVG
	p.Partition = partitionSVG(wk.Tally, wk.Overdue)
	p.Money = moneySVG(wk.Axes)
	p.Trend = trendSVG(wk.Trend)
	p.Changes = changes(wk)
	for _, tr := range wk.Territories {
		switch tr.State {
		case reconcile.StateRejected:
			a := actRow{Name: tr.Territory.Name, URL: territoryURL(tr.Territory.SIREN, year),
				Departements: strings.Join(tr.Territory.Departements, ", "), Bloquant: tr.Counts[0],
				Contacts: strings.Join(tr.Contacts, ", "), Reminders: remindersText(tr.Reminders)}
			if tr.Submission != nil {
				a.LastFile, a.LastFileISO = frDateTime(tr.Submission.ReceivedAt), isoTime(tr.Submission.ReceivedAt)
			}
			p.Rejected = append(p.Rejected, a)
		case reconcile.StateNotReceived:
			p.Nothing = append(p.Nothing, missingRef{Name: territoryRef(tr.Territory), URL: territoryURL(tr.Territory.SIREN, year)})
		}
	}
	for _, sa := range wk.SetAside {
		q := sa.Entry
		// File names and reasons of the quarantine are the
		// administrators' (they may name a stranger's address).
		v := setAsideView{Received: frDateTime(q.ReceivedAt), ReceivedISO: isoTime(q.ReceivedAt), FromName: sa.FromName}
		if admin {
			v.File, v.Reason = q.FileName, q.Reason
		}
		if sa.Territory != nil {
			v.Territory, v.URL = sa.Territory.Name, territoryURL(sa.Territory.SIREN, year)
		}
		if admin && s.QuarantineContent != nil && q.SHA256 != "" {
			v.Download = "/quarantaine/" + strconv.FormatInt(q.ID, 10)
			if q.FileName != "" {
				v.Download += "?nom=" + url.QueryEscape(q.FileName)
			}
		}
		p.SetAside = append(p.SetAside, v)
	}
}

// changes says what changed since the previous report, in page 1's words.
func changes(wk *reports.Weekly) changesView {
	title, lines := reports.ChangesText(wk.Changes)
	return changesView{Title: title, Lines: lines}
}

// count writes n with its noun: "1 fichier reçu", "3 fichiers reçus".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// territoryRef names a territory in a compact list with its départements:
// "Aube (10)".
func territoryRef(t reconcile.Territory) string {
	if len(t.Departements) == 0 {
		return t.ListName()
	}
	return t.ListName() + "\u00a0(" + strings.Join(t.Departements, ", ") + ")"
}

// remindersText says which reminders were sent: "relances J-15 du
// 16/03/2026, J+1 du 01/04/2026", "" when none.
func remindersText(rs []reports.Reminder) string {
	if len(rs) == 0 {
		return ""
	}
	parts := make([]string, 0, len(rs))
	for _, r := range rs {
		s := r.Kind + " du " + frDate(r.At)
		if !r.Sent {
			s += " (en attente d'envoi)"
		}
		parts = append(parts, s)
	}
	if len(rs) == 1 {
		return "relance " + parts[0]
	}
	return "relances " + strings.Join(parts, ", ")
}

func territoryURL(siren string, year int) string {
	return "/territoires/" + siren + "?annee=" + strconv.Itoa(year)
}
