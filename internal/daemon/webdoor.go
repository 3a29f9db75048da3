package daemon

import (
	"context"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/internal/web"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
	"github.com/pactd/pactd/templates"
)

// siteVisits is what the stores offer to record who has opened the site
// (internal/sqlstore, migration 401).
type siteVisits interface {
	RecordSiteVisit(ctx context.Context, v reconcile.SiteVisit) error
}

// webDoor opens the status site's door for workbooks on proc, the
// pipeline of the mailboxes and the watched folder: same limits
// (intake.max_file_mb), register, receipt numbers and acknowledgments.
func (d *Daemon) webDoor(proc ingest.Processor, limits templates.Limits) *web.Door {
	cfg := d.cfg
	door := &web.Door{Process: proc, MaxFileSize: limits.MaxFileSize, Content: d.store.SubmissionContent,
		Generate: templates.GenerateOptions{SendTo: cfg.IntakeAddress(), Tolerances: cfg.Tolerances()},
		Service: reports.Service{Name: cfg.Service.Name, Contact: cfg.ServiceContact(),
			Signature: cfg.Service.Signature}.WithDefaults(cfg.FromAddress())}
	if v, ok := d.store.(siteVisits); ok {
		door.Visits = v.RecordSiteVisit
	}
	return door
}
