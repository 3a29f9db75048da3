package ingest

import (
	"context"
	"fmt"

	"github.com/pactd/pactd/reconcile"
)

// quarantineReason says, in French, why a file must be set aside for a
// person rather than recorded as a submission, or returns "" to record it.
//
// A submission must be attributable: a readable workbook of a territory and
// year of the register. What is not (unreadable, unknown template or
// territory) is quarantined with its findings, so the status of every
// territory stays clean and nothing is lost. A file with a sender (mail, or
// pactd ingest --from) must come from an address authorised for the
// workbook's territory; the mailbox intake has authenticated that address
// before (IMAPConfig.Auth), since only it sees the message's headers. So a stored
// submission never holds a sender finding, and its verdict, shared by every
// reception of the same bytes, does not depend on who sent them.
//
// A recipient of the workbook pactd mailed to a territory (pactd templates
// send) who answers in that message's thread is authorised for that
// territory too (threadAuthorises).
func (p *Pipeline) quarantineReason(reg *reconcile.Register, in Incoming, sub *reconcile.Submission, send *reconcile.CampaignSend) string {
	if (in.Origin.Kind == reconcile.OriginEmail || in.Origin.Sender != "") && !threadAuthorises(send, sub.SIREN, in.Origin.Sender) {
		if c := reg.Contract(sub.SIREN); c != nil && !c.Territory.SenderAuthorised(in.Origin.Sender) {
			return fmt.Sprintf("L'adresse %s n'est pas autorisée à transmettre le rapport %s.",
				in.Origin.Sender, reconcile.OfTerritory(c.Territory.Name))
		}
	}
	for _, f := range sub.Findings {
		switch f.Code {
		case reconcile.FichierIllisible, reconcile.ModeleInconnu, reconcile.TerritoireInconnu, reconcile.AnneeHorsContrat:
			return "Le fichier ne peut pas être rattaché à un territoire et à une année du registre. " + f.Message
		}
	}
	if in.Origin.Kind == reconcile.OriginSite && sub.SIREN != in.Origin.Territory {
		return siteMismatch(reg, in.Origin.Territory, sub.SIREN)
	}
	return ""
}

// siteMismatch says why a workbook uploaded on the page of one territory
// but made for another is set aside: the site's person may act for the
// page's territory only, like a mail sender for the territories that list
// its address. The other territory is named by its SIREN only, which the
// workbook holds anyway.
func siteMismatch(reg *reconcile.Register, page, file string) string {
	name := page
	if c := reg.Contract(page); c != nil {
		name = c.Territory.Name + " (SIREN " + page + ")"
	}
	return fmt.Sprintf("Ce classeur est celui du SIREN %s, pas celui de %s, pour qui il a été déposé sur le site : "+
		"déposez le classeur de ce territoire, tel que le site le propose au téléchargement.", file, name)
}

// quarantine records the file for a person to look at and acknowledges it.
func (p *Pipeline) quarantine(ctx context.Context, in Incoming, sub *reconcile.Submission, reason string) (Outcome, error) {
	out := Outcome{Submission: sub, Quarantined: true, Reason: reason}
	if p.DryRun {
		return out, nil
	}
	q := &reconcile.QuarantineEntry{
		ReceivedAt: in.ReceivedAt,
		Origin:     in.Origin,
		FileName:   in.Name,
		SHA256:     sub.SHA256,
		SIREN:      sub.SIREN,
		Reason:     reason,
		Findings:   sub.Findings,
		Content:    in.Content,
	}
	if err := p.Store.Quarantine(ctx, q); err != nil {
		return Outcome{}, fmt.Errorf("quarantine %s: %w", in.Name, err)
	}
	out.Receipt = reconcile.Receipt{Number: fmt.Sprintf("QR-%06d", q.ID), ReceivedAt: in.ReceivedAt, Origin: in.Origin}
	p.Log.Warn().Str("file", in.Name).Str("origin", string(in.Origin.Kind)).Int64("quarantine_id", q.ID).
		Msg("file quarantined")
	if err := p.acknowledge(ctx, in, out); err != nil {
		return Outcome{}, err
	}
	return out, nil
}

// acknowledge hands the committed outcome to the acknowledger, if any.
func (p *Pipeline) acknowledge(ctx context.Context, in Incoming, out Outcome) error {
	if p.Ack == nil || p.DryRun {
		return nil
	}
	if err := p.Ack.Acknowledge(ctx, in, out); err != nil {
		return fmt.Errorf("acknowledge %s: %w", in.Name, err)
	}
	return nil
}
