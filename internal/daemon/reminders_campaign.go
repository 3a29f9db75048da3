package daemon

import (
	"context"
	"fmt"

	"github.com/pactd/pactd/internal/schedule"
	"github.com/pactd/pactd/reconcile"
)

// remindable drops the reminders of territories whose workbook of the year
// never left pactd, by the campaign record (reconcile.WorkbookLeft): a
// year pactd sent workbooks for reminds only the territories whose
// workbook the SMTP server accepted; a year without any send recorded
// (workbooks sent by hand) reminds everyone, as before pactd sent them.
// It returns the reminders kept and how many were dropped.
func (d *Daemon) remindable(ctx context.Context, due []schedule.Reminder) ([]schedule.Reminder, int, error) {
	if len(due) == 0 {
		return due, 0, nil
	}
	sends, err := d.store.CampaignSends(ctx, 0)
	if err != nil {
		return nil, 0, fmt.Errorf("lire le registre de la campagne : %w", err)
	}
	left := map[int]func(string) bool{}
	var kept []schedule.Reminder
	for _, r := range due {
		y := r.Status.Year
		if left[y] == nil {
			left[y] = reconcile.WorkbookLeft(sends, y)
		}
		if left[y](r.Status.Territory.SIREN) {
			kept = append(kept, r)
		}
	}
	return kept, len(due) - len(kept), nil
}
