package config

import (
	"math"
	"net/mail"
	"path/filepath"
	"strings"
	"time"

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

// LegacyReportDir returns the folder where the weekly reports were kept
// before the database kept them: report.dir, or "rapports" beside the
// SQLite file (./data/rapports for PostgreSQL). The daemon imports the
// reports it finds there into the database at start.
func (c *Config) LegacyReportDir() string {
	if c.Report.Dir != "" {
		return c.Report.Dir
	}
	if c.IsPostgres() {
		return filepath.Join(".", "data", "rapports")
	}
	return filepath.Join(filepath.Dir(c.Database), "rapports")
}

// IsPostgres reports whether the database is a PostgreSQL URL, whatever
// the case of its scheme ("Postgres://" too).
func (c *Config) IsPostgres() bool { return isPostgresURL(c.Database) }

// KeepAttachments returns outbox.keep_attachments_days as a duration.
func (c *Config) KeepAttachments() time.Duration {
	return time.Duration(c.Outbox.KeepAttachmentsDays) * 24 * time.Hour
}

// isPostgresURL reports whether s starts with postgres:// or
// postgresql://, in any case.
func isPostgresURL(s string) bool {
	s = strings.TrimSpace(s)
	for _, p := range []string{"postgres://", "postgresql://"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return true
		}
	}
	return false
}

// normalizeScheme lowercases the scheme of a database URL, which the
// PostgreSQL driver reads case-sensitively; a file path is unchanged.
func normalizeScheme(s string) string {
	if i := strings.Index(s, "://"); i > 0 && isPostgresURL(s) {
		return strings.ToLower(s[:i]) + s[i:]
	}
	return s
}

// FromAddress returns the bare address of smtp.from ("" when unset).
func (c *Config) FromAddress() string {
	if a, err := mail.ParseAddress(c.SMTP.From); err == nil {
		return a.Address
	}
	return ""
}
