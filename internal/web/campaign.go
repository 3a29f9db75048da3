package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pactd/pactd/reconcile"
)

// The campaign page (/campagne?annee=Y, central roles): for each territory
// expected that year, the workbook pactd templates send mailed and when,
// whether the SMTP server accepted it, the delivery notifications that
// came back, and the answer. It reads the campaign record of the store
// (reconcile.CampaignStore), which Source offers when it is the real store.

func init() {
	pages["campaign.html"] = template.Must(template.New("campaign.html").ParseFS(templateFiles, "templates/layout.html", "templates/campaign.html"))
}

// campaignPage is the view of the campaign page.
type campaignPage struct {
	page
	Tally    reconcile.CampaignTally
	Rows     []campaignRow
	Deadline string
	// Recorded is false when pactd sent no workbook for the year: the
	// campaign, if any, was run by hand.
	Recorded bool
}

// campaignRow is one territory of the campaign page.
type campaignRow struct {
	SIREN, Name, URL           string
	Sent, SentISO, Reason      string // newest workbook queued
	Accepted, AcceptedISO      string // ...and accepted by the SMTP server
	StateLabel, StateClass     string
	To, File, Fingerprint      string
	Sends                      int
	Outdated                   bool
	Bounces                    []string // "address : status — diagnostic"
	Answered, AnsweredISO      string
	AnswerClass, AnswerVerdict string
	InThread                   bool
}

// campaign serves the campaign page.
func (s *Server) campaign(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	year, ok := s.year(w, r)
	if !ok {
		return
	}
	cs, ok := s.Source.(reconcile.CampaignStore)
	if !ok {
		s.error(w, r, http.StatusNotFound, "Le suivi de la campagne n'est pas disponible sur ce site.")
		return
	}
	reg, err := s.Source.LatestRegister(ctx)
	if err != nil && !errors.Is(err, reconcile.ErrNotFound) {
		s.fail(w, r, "lire le registre", err)
		return
	}
	p := &campaignPage{page: s.page("Campagne "+strconv.Itoa(year), year, "/campagne")}
	if reg == nil {
		s.render(w, r, "campaign.html", p)
		return
	}
	p.Deadline = frDate(reg.Deadline(year))
	sends, err := cs.CampaignSends(ctx, year)
	if err != nil {
		s.fail(w, r, "lire le registre de la campagne", err)
		return
	}
	bounces, err := cs.Bounces(ctx, year)
	if err != nil {
		s.fail(w, r, "lire les avis de non-remise", err)
		return
	}
	replies, err := cs.CampaignReplies(ctx, year)
	if err != nil {
		s.fail(w, r, "lire les réponses", err)
		return
	}
	subs, err := s.Source.Submissions(ctx, reconcile.SubmissionFilter{Year: year})
	if err != nil {
		s.fail(w, r, "lire les dépôts", err)
		return
	}
	rows, tally := reconcile.CampaignRows(reg, year, sends, bounces, replies, subs)
	p.Tally, p.Recorded = tally, len(sends) > 0
	for _, row := range rows {
		p.Rows = append(p.Rows, campaignView(row, year))
	}
	s.render(w, r, "campaign.html", p)
}

// campaignView turns a campaign row into what the page shows.
func campaignView(row reconcile.CampaignRow, year int) campaignRow {
	t := row.Territory
	v := campaignRow{SIREN: t.SIREN, Name: t.Name, URL: "/territoires/" + url.PathEscape(t.SIREN) + "?annee=" + strconv.Itoa(year),
		Sends: len(row.Sends), Outdated: row.Outdated, StateLabel: "jamais envoyé", StateClass: "missing"}
	if l := row.Last; l != nil {
		v.Sent, v.SentISO, v.Reason = frDateTime(l.CreatedAt), isoTime(l.CreatedAt), l.Reason.Label()
		v.To, v.File, v.Fingerprint = strings.Join(l.To, ", "), l.FileName, l.Fingerprint
		switch {
		case l.Accepted():
			v.Accepted, v.AcceptedISO = frDateTime(l.SentAt), isoTime(l.SentAt)
			v.StateLabel, v.StateClass = "accepté par le serveur d'envoi", "ok"
		case l.State == "failed":
			v.StateLabel, v.StateClass = "refusé par le serveur d'envoi", "rejected"
		default:
			v.StateLabel, v.StateClass = "en attente d'envoi", "waiting"
		}
	}
	for _, b := range row.Bounces {
		line := b.Recipient + " : " + b.Status
		if b.Diagnostic != "" {
			line += " — " + b.Diagnostic
		}
		v.Bounces = append(v.Bounces, line)
	}
	if a := row.Answered; a != nil {
		v.Answered, v.AnsweredISO = frDateTime(a.ReceivedAt), isoTime(a.ReceivedAt)
		v.AnswerVerdict, v.AnswerClass = a.Verdict.Label(), "ok"
		if a.Verdict == reconcile.Rejected {
			v.AnswerClass = "rejected"
		}
		v.InThread = row.Reply != nil
	}
	return v
}
