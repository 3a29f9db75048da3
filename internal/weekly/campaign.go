package weekly

import (
	"context"
	"fmt"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// campaignOf reads the campaign of year when the store keeps the campaign
// record; nil when it does not or pactd sent no workbook for year.
func campaignOf(ctx context.Context, st Store, reg *reconcile.Register, subs []reconcile.Submission, year int) (*reports.WeeklyCampaign, error) {
	cs, ok := st.(reconcile.CampaignStore)
	if !ok {
		return nil, nil
	}
	sends, err := cs.CampaignSends(ctx, year)
	if err != nil || len(sends) == 0 {
		return nil, err
	}
	bounces, err := cs.Bounces(ctx, year)
	if err != nil {
		return nil, fmt.Errorf("lire les avis de non-remise : %w", err)
	}
	replies, err := cs.CampaignReplies(ctx, year)
	if err != nil {
		return nil, fmt.Errorf("lire les réponses à la campagne : %w", err)
	}
	rows, tally := reconcile.CampaignRows(reg, year, sends, bounces, replies, subs)
	return reports.BuildWeeklyCampaign(rows, tally), nil
}
