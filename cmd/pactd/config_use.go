package main

import (
	"math"
	"net/mail"
	"path/filepath"
	"strings"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// tolerances returns the rules' tolerances and thresholds (SPEC §5) from
// the configuration, validated beforehand.
func (c *Config) tolerances() reconcile.Tolerances {
	return reconcile.Tolerances{
		Absolute:       reconcile.Amount(math.Round(c.Rules.ToleranceEuros * 100)),
		Relative:       c.Rules.TolerancePercent / 100,
		UnderExecution: c.Rules.UnderExecution / 100,
	}
}

// limits returns the limits on received files, with intake.max_file_mb.
func (c *Config) limits() templates.Limits {
	l := templates.DefaultLimits()
	l.MaxFileSize = int64(c.Intake.MaxFileMB) << 20
	return l
}

// trustedServers returns the authserv-ids whose DKIM or DMARC verdict
// mail must carry, or nil when intake.require_authentication is off.
func (c *Config) trustedServers() []string {
	if !c.Intake.RequireAuthentication {
		return nil
	}
	return c.Intake.TrustedServers
}

// reportDir returns where weekly reports are kept: report.dir, or
// "rapports" beside the SQLite file (./data/rapports for PostgreSQL).
func (c *Config) reportDir() string {
	if c.Report.Dir != "" {
		return c.Report.Dir
	}
	if c.isPostgres() {
		return filepath.Join(".", "data", "rapports")
	}
	return filepath.Join(filepath.Dir(c.Database), "rapports")
}

// isPostgres reports whether the database is a PostgreSQL URL.
func (c *Config) isPostgres() bool {
	return strings.HasPrefix(c.Database, "postgres://") || strings.HasPrefix(c.Database, "postgresql://")
}

// fromAddress returns the bare address of smtp.from ("" when unset).
func (c *Config) fromAddress() string {
	if a, err := mail.ParseAddress(c.SMTP.From); err == nil {
		return a.Address
	}
	return ""
}
