package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pactd/pactd/internal/storage"
	"github.com/pactd/pactd/reconcile"
)

// campaignYear is the campaign of one year in pactd status (JSON key
// "campaign"): the workbooks pactd templates send mailed, the bounces, the
// answers.
type campaignYear struct {
	Year        int                     `json:"year"`
	Tally       reconcile.CampaignTally `json:"tally"`
	Territories []campaignTerritory     `json:"territories"`
}

// campaignTerritory is one territory of a campaign year.
type campaignTerritory struct {
	SIREN           string             `json:"siren"`
	Name            string             `json:"name"`
	Sends           int                `json:"sends"`
	QueuedAt        *time.Time         `json:"queued_at"`   // newest workbook put in the outbox
	AcceptedAt      *time.Time         `json:"accepted_at"` // ...accepted by the SMTP server
	State           string             `json:"state,omitempty"`
	To              []string           `json:"to,omitempty"`
	Fingerprint     string             `json:"fingerprint,omitempty"`
	RegisterVersion int64              `json:"register_version,omitempty"`
	Outdated        bool               `json:"outdated"`
	Bounces         []reconcile.Bounce `json:"bounces"`
	AnsweredAt      *time.Time         `json:"answered_at"`
	InThread        bool               `json:"in_thread"`
}

// readCampaignStatus returns the campaign of each year that has a send
// recorded, among years.
func readCampaignStatus(ctx context.Context, st storage.Store, reg *reconcile.Register, subs []reconcile.Submission, years []int) ([]campaignYear, error) {
	sends, err := st.CampaignSends(ctx, 0)
	if err != nil {
		return nil, fmt.Errorf("lire le registre de la campagne : %w", err)
	}
	bounces, err := st.Bounces(ctx, 0)
	if err != nil {
		return nil, fmt.Errorf("lire les avis de non-remise : %w", err)
	}
	replies, err := st.CampaignReplies(ctx, 0)
	if err != nil {
		return nil, fmt.Errorf("lire les réponses à la campagne : %w", err)
	}
	out := []campaignYear{}
	for _, y := range years {
		if !anySend(sends, y) {
			continue
		}
		rows, tally := reconcile.CampaignRows(reg, y, sends, bounces, replies, subs)
		cy := campaignYear{Year: y, Tally: tally, Territories: []campaignTerritory{}}
		for _, r := range rows {
			ct := campaignTerritory{SIREN: r.Territory.SIREN, Name: r.Territory.Name, Sends: len(r.Sends),
				Outdated: r.Outdated, Bounces: r.Bounces, InThread: r.Reply != nil}
			if ct.Bounces == nil {
				ct.Bounces = []reconcile.Bounce{}
			}
			if l := r.Last; l != nil {
				ct.QueuedAt, ct.State, ct.To = timePtr(l.CreatedAt), l.State, l.To
				ct.Fingerprint, ct.RegisterVersion = l.Fingerprint, l.RegisterVersion
				if !l.SentAt.IsZero() {
					ct.AcceptedAt = timePtr(l.SentAt)
				}
			}
			if r.Answered != nil {
				ct.AnsweredAt = timePtr(r.Answered.ReceivedAt)
			}
			cy.Territories = append(cy.Territories, ct)
		}
		out = append(out, cy)
	}
	return out, nil
}

func anySend(sends []reconcile.CampaignSend, year int) bool {
	for _, s := range sends {
		if s.Year == year {
			return true
		}
	}
	return false
}

func timePtr(t time.Time) *time.Time { return &t }

// writeCampaignTable prints the "Campagne" section of pactd status.
func writeCampaignTable(w io.Writer, years []campaignYear) {
	for _, cy := range years {
		t := cy.Tally
		fmt.Fprintf(w, "\nCampagne %d : %s attendus, %s (%d accepté%s par le serveur d'envoi), %s, %s.\n", cy.Year,
			statusPlural(t.Expected, "territoire", "territoires"), statusPlural(t.Sent, "classeur envoyé", "classeurs envoyés"),
			t.Accepted, plural(t.Accepted), statusPlural(t.Bounced, "non remis", "non remis"),
			statusPlural(t.Answered, "réponse reçue", "réponses reçues"))
		if t.Outdated > 0 {
			fmt.Fprintf(w, "%s dont les engagements ont changé depuis l'envoi : pactd templates send --year %d --changed.\n",
				statusPlural(t.Outdated, "territoire", "territoires"), cy.Year)
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "SIREN\tTerritoire\tEnvoyé le\tAccepté le\tDestinataires\tNon remis\tRéponse")
		for _, ct := range cy.Territories {
			var bounced []string
			for _, b := range ct.Bounces {
				bounced = append(bounced, b.Recipient+" ("+b.Status+")")
			}
			answer := "-"
			if ct.AnsweredAt != nil {
				answer = statusDate(*ct.AnsweredAt)
				if ct.InThread {
					answer += " (dans le fil)"
				}
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", ct.SIREN, statusShorten(ct.Name, 30), optDate(ct.QueuedAt, "jamais"),
				optDate(ct.AcceptedAt, "-"), statusShorten(orDashText(strings.Join(ct.To, ", ")), 40),
				statusShorten(orDashText(strings.Join(bounced, ", ")), 50), answer)
		}
		tw.Flush()
	}
}

func statusDate(t time.Time) string { return t.In(reconcile.Paris).Format("02/01/2006 15:04") }

func optDate(t *time.Time, none string) string {
	if t == nil {
		return none
	}
	return statusDate(*t)
}

func orDashText(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
