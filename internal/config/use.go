package config

import (
	"math"
	"net/mail"
	"path/filepath"
	"strings"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// Tolerances returns the rules' tolerances and thresholds (SPEC §5) from
// the configuration, validated beforehand.
func (c *Config) Tolerances() reconcile.Tolerances {
	return reconcile.Tolerances{
		Absolute:       reconcile.Amount(math.Round(c.Rules.ToleranceEuros * 100)),
		Relative:       c.Rules.TolerancePercent / 100,
		UnderExecution: c.Rules.UnderExecution / 100,
	}
}

// Limits returns the limits on received files, with intake.max_file_mb.
func (c *Config) Limits() templates.Limits {
	l := templates.DefaultLimits()
	l.MaxFileSize = int64(c.Intake.MaxFileMB) << 20
	return l
}

// SenderAuth returns how mailbox senders are authenticated:
// intake.require_authentication and intake.trusted_servers.
func (c *Config) SenderAuth() ingest.SenderAuth {
	return ingest.SenderAuth{Disabled: !c.Intake.RequireAuthentication,
		TrustedServers: append([]string(nil), c.Intake.TrustedServers...)}
}

// ReportDir returns where weekly reports are kept: report.dir, or
// "rapports" beside the SQLite file (./data/rapports for PostgreSQL).
func (c *Config) ReportDir() string {
	if c.Report.Dir != "" {
		return c.Report.Dir
	}
	if c.IsPostgres() {
		return filepath.Join(".", "data", "rapports")
	}
	return filepath.Join(filepath.Dir(c.Database), "rapports")
}

// IsPostgres reports whether the database is a PostgreSQL URL.
func (c *Config) IsPostgres() bool {
	return strings.HasPrefix(c.Database, "postgres://") || strings.HasPrefix(c.Database, "postgresql://")
}

// FromAddress returns the bare address of smtp.from ("" when unset).
func (c *Config) FromAddress() string {
	if a, err := mail.ParseAddress(c.SMTP.From); err == nil {
		return a.Address
	}
	return ""
}
