package config

import (
	"errors"
	"fmt"
	"math"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/internal/logging"
	"github.com/pactd/pactd/internal/schedule"
)

// validate checks every key and returns the first problem as one French
// sentence naming the key (or the environment variable that set it).
func (c *Config) validate() error {
	checks := []func() error{
		c.validateDatabase,
		c.validateHTTP,
		c.validateWatch,
		c.validateIMAP,
		c.validateIntake,
		c.validateSMTP,
		c.validateOutbox,
		c.validateReport,
		c.validateService,
		c.validateReminders,
		c.validateRules,
		c.validateDurations,
		c.validateLog,
		c.validateWeb,
	}
	for _, check := range checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// bad formats a validation error about key.
func (c *Config) bad(key, format string, args ...any) error {
	return fmt.Errorf("%s : %s", c.KeyName(key), fmt.Sprintf(format, args...))
}

func (c *Config) validateDatabase() error {
	d := strings.TrimSpace(c.Database)
	if d == "" {
		return c.bad("database", "indiquez un fichier SQLite ou une adresse postgres://")
	}
	if !strings.Contains(d, "://") {
		if logging.HasUserinfo(d) {
			// "postgres//u:pw@h/db": a SQLite path with "user:…@" in it is
			// almost surely a mistyped server address.
			return c.bad("database", "« %s » ressemble à une adresse de serveur mal écrite (un « : » avant un « @ ») : écrivez postgres://utilisateur:motdepasse@serveur/base, ou un chemin de fichier SQLite sans « : » avant « @ »", logging.RedactURL(d))
		}
		return nil
	}
	u, err := url.Parse(d)
	if err != nil {
		return c.bad("database", "l'adresse « %s » est invalide", logging.RedactURL(d))
	}
	// url.Parse lowercases the scheme, and IsPostgres, which decides what
	// to open, ignores case too: "Postgres://" never opens a SQLite file.
	if u.Scheme != "postgres" && u.Scheme != "postgresql" {
		return c.bad("database", "le schéma « %s:// » n'est pas pris en charge (un chemin de fichier SQLite ou postgres://)", u.Scheme)
	}
	if u.Host == "" && u.Query().Get("host") == "" {
		return c.bad("database", "l'adresse « %s » ne nomme pas de serveur", logging.RedactURL(d))
	}
	return nil
}

func (c *Config) validateHTTP() error {
	if err := c.validateAddr("http_addr", c.HTTPAddr, "127.0.0.1:8080"); err != nil {
		return err
	}
	if err := c.validateAddr("metrics_addr", c.MetricsAddr, "127.0.0.1:9090"); err != nil {
		return err
	}
	if sameListener(c.HTTPAddr, c.MetricsAddr) {
		return c.bad("metrics_addr", "l'adresse %s est déjà celle de la page d'état (http_addr) : /healthz et /metrics ont leur propre port, par exemple 127.0.0.1:9090", c.MetricsAddr)
	}
	return nil
}

// validateAddr checks a listen address host:port.
func (c *Config) validateAddr(key, addr, example string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return c.bad(key, "l'adresse « %s » doit avoir la forme hôte:port (par exemple %s)", addr, example)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return c.bad(key, "le port « %s » doit être un nombre entre 1 et 65535", port)
	}
	if host != "" && net.ParseIP(host) == nil && strings.ContainsAny(host, "/ @") {
		return c.bad(key, "l'hôte « %s » est invalide", host)
	}
	return nil
}

// sameListener reports whether two listen addresses would take the same
// port: the same port on the same host, or on a wildcard host.
func sameListener(a, b string) bool {
	ha, pa, _ := net.SplitHostPort(a)
	hb, pb, _ := net.SplitHostPort(b)
	wild := func(h string) bool { return h == "" || h == "0.0.0.0" || h == "::" }
	return pa == pb && (ha == hb || wild(ha) || wild(hb))
}

func (c *Config) validateWatch() error {
	if strings.TrimSpace(c.Watch.Dir) == "" {
		return c.bad("watch.dir", "indiquez le dossier surveillé")
	}
	return nil
}

func (c *Config) validateIMAP() error {
	seen := map[string]bool{}
	for i, a := range c.IMAP {
		key := "imap.url"
		if len(c.IMAP) > 1 {
			key = fmt.Sprintf("imap[%d].url", i)
		}
		if i == 0 && c.sources["imap.url"] != "" {
			key = "imap.url"
		}
		u, err := c.mailURL(key, a.URL, "imap", 993)
		if err != nil {
			return err
		}
		if u.User == nil || u.User.Username() == "" {
			return c.bad(key, "l'adresse doit contenir l'utilisateur et le mot de passe (imaps://utilisateur:motdepasse@serveur/INBOX)")
		}
		if _, ok := u.User.Password(); !ok {
			return c.bad(key, "l'adresse doit contenir le mot de passe (imaps://utilisateur:motdepasse@serveur/INBOX)")
		}
		mailbox := strings.Trim(u.Path, "/")
		if mailbox == "" {
			mailbox = "INBOX"
		}
		id := u.User.Username() + "@" + u.Host + "/" + mailbox
		if seen[id] {
			return c.bad(key, "la boîte %s est déclarée deux fois", id)
		}
		seen[id] = true
		prefix := strings.TrimSuffix(key, ".url")
		if a.Processed == mailbox || a.Quarantine == mailbox || a.Processed == a.Quarantine {
			return c.bad(prefix+".processed", "les dossiers de lecture (%s), des messages traités (%s) et de quarantaine (%s) doivent être différents", mailbox, a.Processed, a.Quarantine)
		}
		if a.Poll.Duration < 10*time.Second || a.Poll.Duration > 24*time.Hour {
			return c.bad(prefix+".poll", "l'intervalle d'interrogation %s doit être compris entre 10s et 24h", a.Poll.Duration)
		}
	}
	return nil
}

// mailURL checks an IMAP or SMTP URL: scheme plain or with "s", a host,
// and no plain-text scheme on a port meant for implicit TLS. A plain scheme
// to a host that is not loopback is allowed: the connection then requires
// STARTTLS (SPEC §7).
func (c *Config) mailURL(key, raw, scheme string, tlsPort int) (*url.URL, error) {
	example := fmt.Sprintf("%ss://utilisateur:motdepasse@serveur:%d", scheme, tlsPort)
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || u.Opaque != "" {
		return nil, c.bad(key, "l'adresse « %s » est invalide (exemple : %s)", logging.RedactURL(raw), example)
	}
	if u.Scheme != scheme && u.Scheme != scheme+"s" {
		return nil, c.bad(key, "le schéma « %s:// » n'est pas pris en charge (%s:// ou %ss://)", u.Scheme, scheme, scheme)
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return nil, c.bad(key, "le port « %s » doit être un nombre entre 1 et 65535", p)
		}
		if u.Scheme == scheme && n == tlsPort {
			return nil, c.bad(key, "le port %d attend une connexion chiffrée dès l'ouverture : écrivez %ss://", n, scheme)
		}
	}
	return u, nil
}

func (c *Config) validateIntake() error {
	// No trusted server with authentication required is not refused: the
	// mailboxes then quarantine everything and say so (fail closed).
	for _, s := range c.Intake.TrustedServers {
		if s == "" || strings.ContainsAny(s, " \t;=()\"") {
			what := "« " + s + " »"
			if s == "" {
				what = "une valeur vide"
			}
			return c.bad("intake.trusted_servers", "%s n'est pas un authserv-id : indiquez le nom que votre serveur de réception écrit en tête de l'en-tête Authentication-Results (par exemple « mx.example.fr »), ou « %s » pour Microsoft 365", what, ingest.AuthServMicrosoft365)
		}
	}
	if c.Intake.MaxFileMB < 1 || c.Intake.MaxFileMB > 200 {
		return c.bad("intake.max_file_mb", "la taille maximale %d doit être comprise entre 1 et 200 Mo", c.Intake.MaxFileMB)
	}
	if c.Intake.MaxAttempts < 1 || c.Intake.MaxAttempts > 20 {
		return c.bad("intake.max_attempts", "le nombre d'essais %d avant la mise en quarantaine doit être compris entre 1 et 20", c.Intake.MaxAttempts)
	}
	if c.Intake.Workers < 0 || c.Intake.Workers > 64 {
		return c.bad("intake.workers", "le nombre de fichiers traités à la fois, %d, doit être compris entre 0 (autant que de cœurs) et 64", c.Intake.Workers)
	}
	return nil
}

func (c *Config) validateOutbox() error {
	if n := c.Outbox.KeepAttachmentsDays; n < 1 || n > 3650 {
		return c.bad("outbox.keep_attachments_days", "%d jours : la durée de conservation des pièces jointes envoyées doit être comprise entre 1 et 3650 jours", n)
	}
	if d := c.Outbox.Claim.Duration; d < 30*time.Second || d > time.Hour {
		return c.bad("outbox.claim", "%s : la durée pendant laquelle un envoi en cours réserve son message doit être comprise entre 30s (au-delà d'un envoi lent) et 1h", d)
	}
	return nil
}

func (c *Config) validateSMTP() error {
	if c.SMTP.URL == "" {
		if len(c.Report.To) > 0 {
			return c.bad("smtp.url", "aucun serveur d'envoi n'est configuré alors que report.to attend le rapport hebdomadaire")
		}
		return nil
	}
	u, err := c.mailURL("smtp.url", c.SMTP.URL, "smtp", 465)
	if err != nil {
		return err
	}
	if u.Path != "" && u.Path != "/" {
		return c.bad("smtp.url", "l'adresse ne doit pas contenir de chemin (« %s »)", u.Path)
	}
	if strings.TrimSpace(c.SMTP.From) == "" {
		return c.bad("smtp.from", "indiquez l'adresse d'expédition des courriels")
	}
	if _, err := mail.ParseAddress(c.SMTP.From); err != nil {
		return c.bad("smtp.from", "l'adresse d'expédition « %s » est invalide", c.SMTP.From)
	}
	return nil
}

func (c *Config) validateReport() error {
	for _, to := range c.Report.To {
		if _, err := mail.ParseAddress(to); err != nil {
			return c.bad("report.to", "l'adresse « %s » est invalide", to)
		}
	}
	if c.Report.Schedule != "" {
		if _, err := schedule.Parse(c.Report.Schedule); err != nil {
			return c.bad("report.schedule", "%s", specMessage(err))
		}
	}
	return nil
}

func (c *Config) validateReminders() error {
	r := c.Reminders
	if r.Schedule != "" {
		if _, err := schedule.Parse(r.Schedule); err != nil {
			return c.bad("reminders.schedule", "%s", specMessage(err))
		}
	}
	for _, l := range []struct {
		key  string
		days []int
	}{{"reminders.days_before", r.DaysBefore}, {"reminders.days_after", r.DaysAfter}} {
		for _, d := range l.days {
			if d < 1 || d > 365 {
				return c.bad(l.key, "%d jours : chaque valeur doit être comprise entre 1 et 365", d)
			}
		}
	}
	return nil
}

// specMessage returns the French message of a schedule error.
func specMessage(err error) string {
	var se *schedule.SpecError
	if errors.As(err, &se) {
		return se.Msg
	}
	return "expression cron invalide"
}

func (c *Config) validateRules() error {
	r := c.Rules
	switch {
	case !inRange(r.ToleranceEuros, 0, 1e6):
		return c.bad("rules.tolerance_euros", "la tolérance %v € doit être comprise entre 0 et 1 000 000", r.ToleranceEuros)
	case math.Abs(r.ToleranceEuros*100-math.Round(r.ToleranceEuros*100)) > 1e-6:
		return c.bad("rules.tolerance_euros", "la tolérance %v € doit avoir au plus deux décimales", r.ToleranceEuros)
	case !inRange(r.TolerancePercent, 0, 100):
		return c.bad("rules.tolerance_percent", "la tolérance %v %% doit être comprise entre 0 et 100", r.TolerancePercent)
	case !inRange(r.UnderExecution, 0, 100):
		return c.bad("rules.under_execution_percent", "le seuil %v %% doit être compris entre 0 et 100", r.UnderExecution)
	}
	return nil
}

func inRange(f, lo, hi float64) bool { return !math.IsNaN(f) && f >= lo && f <= hi }

func (c *Config) validateDurations() error {
	for _, d := range []struct {
		key    string
		v      time.Duration
		lo, hi time.Duration
	}{
		{"shutdown_timeout", c.ShutdownTimeout.Duration, time.Second, 10 * time.Minute},
		{"watch.settle", c.Watch.Settle.Duration, 100 * time.Millisecond, time.Hour},
		{"watch.claim_lease", c.Watch.ClaimLease.Duration, 5 * time.Second, time.Hour},
		{"watch.poll", c.Watch.Poll.Duration, time.Second, time.Hour},
		{"intake.retry", c.Intake.Retry.Duration, time.Second, time.Hour},
		{"health.mailbox_silence", c.Health.MailboxSilence.Duration, time.Minute, 7 * 24 * time.Hour},
		{"health.outbox_delay", c.Health.OutboxDelay.Duration, time.Minute, 7 * 24 * time.Hour},
	} {
		if d.v < d.lo || d.v > d.hi {
			return c.bad(d.key, "la durée %s doit être comprise entre %s et %s", d.v, d.lo, d.hi)
		}
	}
	return nil
}

func (c *Config) validateLog() error {
	if _, err := logging.ParseLevel(c.Log.Level); err != nil {
		return c.bad("log.level", "le niveau « %s » est inconnu (trace, debug, info, warn ou error)", c.Log.Level)
	}
	switch c.Log.Format {
	case logging.FormatAuto, logging.FormatJSON, logging.FormatConsole:
		return nil
	}
	return c.bad("log.format", "le format « %s » est inconnu (json ou console)", c.Log.Format)
}
