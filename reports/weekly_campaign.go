package reports

import (
	"fmt"
	"strings"

	"github.com/pactd/pactd/reconcile"
)

// WeeklyCampaign is the campaign of the report's year as the weekly report
// shows it (a short section): the workbooks pactd templates send mailed,
// the bounces, the answers. nil when pactd sent no workbook for the year.
type WeeklyCampaign struct {
	Tally reconcile.CampaignTally
	// Bounced lists the territories with a failed delivery, each with the
	// addresses that bounced; NeverSent the expected territories pactd sent
	// no workbook to.
	Bounced   []CampaignBounce
	NeverSent []reconcile.Territory
}

// CampaignBounce is a territory whose workbook did not reach some of its
// recipients.
type CampaignBounce struct {
	Territory  reconcile.Territory
	Recipients []string // "address (5.1.1)"
}

// BuildWeeklyCampaign summarises the campaign rows of a year
// (reconcile.CampaignRows) for the weekly report; nil when no row has a
// send.
func BuildWeeklyCampaign(rows []reconcile.CampaignRow, tally reconcile.CampaignTally) *WeeklyCampaign {
	if tally.Sent == 0 {
		return nil
	}
	c := &WeeklyCampaign{Tally: tally}
	for _, r := range rows {
		if r.Last == nil {
			c.NeverSent = append(c.NeverSent, r.Territory)
		}
		if !r.Bounced() {
			continue
		}
		b := CampaignBounce{Territory: r.Territory}
		for _, x := range r.Bounces {
			if x.Failed() {
				b.Recipients = append(b.Recipients, fmt.Sprintf("%s (%s)", x.Recipient, x.Status))
			}
		}
		c.Bounced = append(c.Bounced, b)
	}
	return c
}

// weeklyCampaign writes the campaign section of the PDF, when there is one.
func weeklyCampaign(d *doc, wk *Weekly) {
	c := wk.Campaign
	if c == nil {
		return
	}
	t := c.Tally
	d.h2("Envoi des classeurs", 20)
	bullet(d, fmt.Sprintf("%s sur %s attendus, dont %s par le serveur d'envoi.",
		plural(t.Sent, "classeur envoyé", "classeurs envoyés"), plural(t.Expected, "territoire", "territoires"),
		plural(t.Accepted, "accepté", "acceptés")))
	if len(c.Bounced) == 0 {
		bullet(d, "Aucun avis de non-remise reçu.")
	} else {
		var parts []string
		for _, b := range c.Bounced {
			parts = append(parts, territoryRef(b.Territory)+" — "+strings.Join(b.Recipients, ", "))
		}
		bullet(d, fmt.Sprintf("Non remis (%d) : %s.", len(c.Bounced), strings.Join(parts, " ; ")))
	}
	bullet(d, fmt.Sprintf("%s sur %d.", plural(t.Answered, "territoire a répondu", "territoires ont répondu"), t.Expected))
	if len(c.NeverSent) > 0 {
		var names []string
		for _, tt := range c.NeverSent {
			names = append(names, territoryRef(tt))
		}
		bullet(d, fmt.Sprintf("Jamais envoyé par pactd (%d) : %s.", len(c.NeverSent), strings.Join(names, ", ")))
	}
	if t.Outdated > 0 {
		bullet(d, fmt.Sprintf("Engagements modifiés depuis l'envoi : %s (pactd templates send --changed).",
			plural(t.Outdated, "territoire", "territoires")))
	}
}
