package ingest

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pactd/pactd/reconcile"
)

// The campaign side of the pipeline (pactd templates send, docs/MAIL.md
// « Campagne »): a workbook made from an earlier register version is
// checked against the commitments it was made from, and a reply in the
// thread of a campaign message is recognised as its territory's answer.

// olderVersions is how many register versions back a returned workbook's
// commitments are looked for.
const olderVersions = 50

var fingerprintForm = regexp.MustCompile(`^[0-9a-f]{16}$`)

// madeFrom returns the earlier register version whose commitments for the
// workbook's territory and year carry the fingerprint the workbook holds,
// when the latest version's do not; nil when the workbook is of the latest
// version, has no fingerprint, or matches no version (then its changed
// cells are ENGAGEMENT_MODIFIE against the latest, as before).
func (p *Pipeline) madeFrom(ctx context.Context, latest *reconcile.Register, rep *reconcile.Report) (*reconcile.Register, error) {
	if !fingerprintForm.MatchString(rep.Fingerprint) {
		return nil, nil
	}
	c := latest.Contract(rep.SIREN)
	if c == nil || !c.Covers(rep.Year) || reconcile.Fingerprint(c, rep.Year) == rep.Fingerprint {
		return nil, nil
	}
	for v := latest.Version - 1; v >= 1 && v >= latest.Version-olderVersions; v-- {
		old, err := p.Store.RegisterVersion(ctx, v)
		if errors.Is(err, reconcile.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("load register version %d: %w", v, err)
		}
		if oc := old.Contract(rep.SIREN); oc != nil && oc.Covers(rep.Year) && reconcile.Fingerprint(oc, rep.Year) == rep.Fingerprint {
			return old, nil
		}
	}
	return nil, nil
}

// threadSend returns the campaign message the incoming mail answers (its
// References or In-Reply-To name it), or nil.
func (p *Pipeline) threadSend(ctx context.Context, in Incoming) (*reconcile.CampaignSend, error) {
	cs, ok := p.Store.(reconcile.CampaignStore)
	if !ok || in.Origin.Kind != reconcile.OriginEmail || len(in.References) == 0 {
		return nil, nil
	}
	s, err := cs.CampaignSendByMessageID(ctx, in.References)
	if errors.Is(err, reconcile.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("find the campaign message answered: %w", err)
	}
	return s, nil
}

// threadAuthorises reports whether the (authenticated) sender may send the
// territory's report because it answers, in the thread, the workbook pactd
// sent to that very address for that territory: a recipient of the
// workbook who is not among the register's authorised senders. The thread
// alone authorises no one else: a Message-ID travels with every forward.
func threadAuthorises(s *reconcile.CampaignSend, siren, sender string) bool {
	if s == nil || s.SIREN != siren || sender == "" {
		return false
	}
	return slices.ContainsFunc(s.To, func(a string) bool { return strings.EqualFold(strings.TrimSpace(a), sender) })
}

// recordReply notes that the outcome answered the campaign message s.
func (p *Pipeline) recordReply(ctx context.Context, s *reconcile.CampaignSend, in Incoming, out Outcome) error {
	cs, ok := p.Store.(reconcile.CampaignStore)
	if !ok || s == nil || p.DryRun {
		return nil
	}
	r := &reconcile.CampaignReply{SendID: s.ID, Receipt: out.Receipt.Number, Sender: in.Origin.Sender,
		ReceivedAt: in.ReceivedAt, OriginKey: in.Origin.Key}
	if r.OriginKey == "" {
		r.OriginKey = "reply:" + out.Receipt.Number
	}
	return cs.RecordCampaignReply(ctx, r)
}
