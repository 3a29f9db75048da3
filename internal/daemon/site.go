package daemon

import (
	"context"

	"github.com/pactd/pactd/internal/web"
	"github.com/pactd/pactd/internal/weekly"
	"github.com/pactd/pactd/reports"
)

// wireSite gives the status site what its overview, its administrators'
// sections and its downloads read: the weekly report's data as it stands
// (the same build as the Monday report, recording nothing), the health of
// every part, the sender-authentication warnings of the mailboxes, the
// received files and the service that signs annotated workbooks.
func (d *Daemon) wireSite() {
	cfg := d.cfg
	if ws, ok := d.store.(weekly.Store); ok {
		d.web.Weekly = web.StoreWeekly(ws, weekly.Options{UnderExecution: cfg.Rules.UnderExecution / 100})
	}
	d.web.SubmissionContent = d.store.SubmissionContent
	d.web.Service = reports.Service{Name: cfg.Service.Name, Contact: cfg.ServiceContact(), Signature: cfg.Service.Signature}
	checker := d.health
	d.web.Health = func(ctx context.Context) web.Health { return checker.Check(ctx) }
	sources := d.sources
	d.web.AuthWarnings = func() []string {
		var out []string
		for _, src := range sources {
			if w := src.AuthStatus().Warning; w != "" {
				out = append(out, w)
			}
		}
		return out
	}
}
