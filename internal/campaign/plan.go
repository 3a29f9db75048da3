// Package campaign sends each territory its pre-filled workbook through the
// outbox and keeps the record of what was sent (pactd templates send): who
// gets which workbook and why, the French letter that goes with it, the
// Message-ID a reply in its thread is recognised by, and the delivery
// notifications that come back. The rules it follows are in docs/MAIL.md
// (« Campagne »).
package campaign

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// Mode says which territories a run sends to.
type Mode int

// Modes of a run.
const (
	// ModeNew sends to every territory expected that year that was never
	// sent a workbook for it (the default; a second run sends nothing).
	ModeNew Mode = iota
	// ModeChanged sends to the territories whose newest workbook sent no
	// longer carries the register's commitments, saying what changed.
	ModeChanged
	// ModeResend sends again, on purpose, to the territories named.
	ModeResend
)

// Item is one territory of a run: what would be sent, or why nothing is.
type Item struct {
	Contract    *reconcile.Contract
	Year        int
	Reason      reconcile.SendReason
	Note        string // French; what changed, or why it is sent again
	Key         string // outbox key
	To          []string
	FileName    string
	Fingerprint string
	// Previous is the newest earlier send of the territory and year, nil
	// when none.
	Previous *reconcile.CampaignSend
	// Skip, when not empty, says in French why nothing is sent.
	Skip string
}

// Versions gives a register version by number (the store's
// RegisterVersion), to describe what changed since an earlier send.
type Versions func(ctx context.Context, version int64) (*reconcile.Register, error)

// Plan decides what a run sends for year from the latest register reg and
// the sends already recorded: one Item per territory concerned, in SIREN
// order. sirens limits ModeResend to those territories (required there,
// ignored otherwise); each must be in reg and expected that year.
func Plan(ctx context.Context, reg *reconcile.Register, year int, sends []reconcile.CampaignSend, mode Mode, sirens []string, versions Versions) ([]Item, error) {
	var items []Item
	for i := range reg.Contracts {
		c := &reg.Contracts[i]
		if !c.Covers(year) || (mode == ModeResend && !slices.Contains(sirens, c.Territory.SIREN)) {
			continue
		}
		it := Item{Contract: c, Year: year, To: Recipients(c.Territory), FileName: templates.FileName(c.Territory, year),
			Fingerprint: reconcile.Fingerprint(c, year), Previous: reconcile.LastSend(sends, c.Territory.SIREN, year)}
		base := fmt.Sprintf("campaign:%d:%s:%s", year, c.Territory.SIREN, it.Fingerprint)
		n := 1
		taken := false
		for _, s := range sends {
			if s.SIREN == c.Territory.SIREN && s.Year == year {
				n++
				taken = taken || s.OutboxKey == base
			}
		}
		prev := it.Previous
		switch {
		case mode == ModeResend:
			it.Reason = reconcile.SendFirst
			if prev != nil {
				it.Reason = reconcile.SendResent
				it.Note = fmt.Sprintf("Ce classeur vous est adressé de nouveau à la demande du service (premier envoi le %s).",
					reconcile.FormatDate(firstSend(sends, c.Territory.SIREN, year).CreatedAt))
				if prev.Fingerprint != it.Fingerprint {
					it.Note += " " + changeSentence(ctx, versions, prev, reg, c.Territory.SIREN, year)
				}
			}
		case prev == nil && mode == ModeNew:
			it.Reason = reconcile.SendFirst
		case prev == nil:
			it.Skip = "aucun classeur n'a encore été envoyé à ce territoire : lancez pactd templates send sans --changed"
		case prev.Fingerprint == it.Fingerprint:
			it.Skip = fmt.Sprintf("classeur à jour déjà envoyé le %s", reconcile.FormatDateTime(prev.CreatedAt))
		case mode == ModeNew:
			it.Skip = fmt.Sprintf("classeur envoyé le %s, dont les engagements ont changé depuis : lancez pactd templates send --changed",
				reconcile.FormatDateTime(prev.CreatedAt))
		default:
			it.Reason = reconcile.SendChanged
			it.Note = changeSentence(ctx, versions, prev, reg, c.Territory.SIREN, year)
		}
		it.Key = base
		if it.Reason == reconcile.SendResent || (it.Reason != "" && taken) {
			it.Key = fmt.Sprintf("%s:%s:%d", base, it.Reason, n)
		}
		if it.Skip == "" && len(it.To) == 0 {
			it.Skip = "le registre ne donne aucun destinataire ni expéditeur autorisé à ce territoire : complétez la colonne Destinataires"
		}
		items = append(items, it)
	}
	return items, nil
}

// firstSend returns the oldest send of the territory and year (sends are
// oldest first), or the zero send.
func firstSend(sends []reconcile.CampaignSend, siren string, year int) reconcile.CampaignSend {
	for _, s := range sends {
		if s.SIREN == siren && s.Year == year {
			return s
		}
	}
	return reconcile.CampaignSend{}
}

// changeSentence says in French what changed between the register version
// of prev and reg for the territory.
func changeSentence(ctx context.Context, versions Versions, prev *reconcile.CampaignSend, reg *reconcile.Register, siren string, year int) string {
	if versions != nil {
		if old, err := versions(ctx, prev.RegisterVersion); err == nil {
			for _, ch := range reconcile.DiffRegisters(old, reg, year) {
				if ch.SIREN == siren {
					return ch.Sentence()
				}
			}
		}
	}
	return "Les engagements pré-remplis ont été mis à jour."
}

// Recipients returns who is sent a territory's workbook: the register's
// Destinataires, or, when it lists none, its authorised sender addresses
// (the "@domain" entries name no one).
func Recipients(t reconcile.Territory) []string {
	if len(t.Recipients) > 0 {
		var out []string
		for _, r := range t.Recipients {
			if r = strings.TrimSpace(r); r != "" && !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
		return out
	}
	return t.Contacts()
}
