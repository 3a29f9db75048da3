// Package config is pactd's configuration: the Config type, read from a
// TOML file (samples/pactd.toml) with the SPEC §7 environment variables on
// top (each also as NAME_FILE, for secrets), defaults for what neither
// sets, and validation whose errors are one French sentence naming the key
// or variable at fault and never a secret. Only cmd/pactd loads it; other
// packages receive the values they need.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Config is pactd's configuration: a TOML file (see samples/pactd.toml),
// then the SPEC §7 environment variables on top, then defaults for what
// neither sets. Load validates it; a Config it returns is usable.
type Config struct {
	Database string `toml:"database"` // SQLite path or postgres:// URL
	HTTPAddr string `toml:"http_addr"`
	// MetricsAddr is the listener of /healthz and /metrics, apart from the
	// status site; loopback by default.
	MetricsAddr string `toml:"metrics_addr"`
	// ShutdownTimeout bounds how long in-flight work may take after
	// SIGINT or SIGTERM before it is cancelled.
	ShutdownTimeout Duration        `toml:"shutdown_timeout"`
	Watch           WatchConfig     `toml:"watch"`
	IMAP            []IMAPConfig    `toml:"imap"`
	Intake          IntakeConfig    `toml:"intake"`
	SMTP            SMTPConfig      `toml:"smtp"`
	Outbox          OutboxConfig    `toml:"outbox"`
	Report          ReportConfig    `toml:"report"`
	Service         ServiceConfig   `toml:"service"`
	Reminders       RemindersConfig `toml:"reminders"`
	Rules           RulesConfig     `toml:"rules"`
	Health          HealthConfig    `toml:"health"`
	Log             LogConfig       `toml:"log"`
	Web             WebConfig       `toml:"web"`

	// path is the file read ("" for none); sources maps a key ("smtp.url")
	// to the environment variable that set it, so errors name the right one.
	path    string
	sources map[string]string
}

// WatchConfig is the watched folder.
type WatchConfig struct {
	Dir    string   `toml:"dir"`
	Settle Duration `toml:"settle"` // a file is taken once unchanged this long
	// ClaimLease: with PostgreSQL, replicas share the folder by claiming
	// each file; a replica that dies has its files taken over after this.
	ClaimLease Duration `toml:"claim_lease"`
	// Polling lists the folder every Poll instead of relying on the
	// system's notifications (network shares, where inotify sees
	// nothing); pactd falls back to it by itself when notifications
	// cannot be set up.
	Polling bool     `toml:"polling"`
	Poll    Duration `toml:"poll"`
}

// IMAPConfig is one intake mailbox.
type IMAPConfig struct {
	URL        string   `toml:"url"` // imaps://user:password@host:993/INBOX
	Processed  string   `toml:"processed"`
	Quarantine string   `toml:"quarantine"`
	Poll       Duration `toml:"poll"` // when the server does not offer IDLE
}

// IntakeConfig is what every intake source shares.
type IntakeConfig struct {
	// RequireAuthentication (default true) makes mail acceptable only when
	// the topmost Authentication-Results of one of TrustedServers shows
	// dmarc=pass for the From domain or a dkim=pass aligned with it (see
	// ingest.SenderAuth). Required with no TrustedServers, every message
	// is quarantined and the daemon says so at start and on the status
	// site; false takes the From header on its word.
	RequireAuthentication bool `toml:"require_authentication"`
	// TrustedServers are the authserv-ids of the receiving servers whose
	// verdict counts ("mx.example.fr"; "microsoft365" for Exchange
	// Online's header, which has none; see docs/MAIL.md).
	TrustedServers []string `toml:"trusted_servers"`
	// MaxFileMB is the largest workbook accepted, in megabytes.
	MaxFileMB int `toml:"max_file_mb"`
	// MaxAttempts is how many times a message or a file is tried (a
	// crash during the attempt counts) before it is quarantined and the
	// administrators alerted.
	MaxAttempts int `toml:"max_attempts"`
	// Retry is how long a message or file whose attempt failed waits for
	// the next, so that a fault of a few seconds does not spend them.
	Retry Duration `toml:"retry"`
	// Workers is how many files each source (the folder, each mailbox)
	// processes at once; 0 means the number of processor cores.
	Workers int `toml:"workers"`
}

// SMTPConfig is outgoing mail.
type SMTPConfig struct {
	URL  string `toml:"url"` // smtps://user:password@host:465
	From string `toml:"from"`
}

// OutboxConfig is the retention of sent mail.
type OutboxConfig struct {
	// KeepAttachmentsDays is how long the attachments of a sent message
	// stay in the outbox; the message's record stays for good.
	KeepAttachmentsDays int `toml:"keep_attachments_days"`
	// Claim is how long a send holds its message against the other
	// senders and replicas: after a crash in the middle of a send, the
	// message waits this long before another one sends it. It must exceed
	// the slowest live send (SMTP timeouts of 30 s per command).
	Claim Duration `toml:"claim"`
}

// ReportConfig is the weekly report.
type ReportConfig struct {
	To       []string `toml:"to"`
	Schedule string   `toml:"schedule"` // cron, Europe/Paris; "" disables
	// Dir, when set, receives a copy of every weekly report built; the
	// reports themselves are kept in the database, for the status site.
	Dir string `toml:"dir"`
}

// RemindersConfig is the reminders sent to territories whose report is
// missing, before and after their deadline.
type RemindersConfig struct {
	Schedule   string `toml:"schedule"` // cron, Europe/Paris; "" disables
	DaysBefore []int  `toml:"days_before"`
	DaysAfter  []int  `toml:"days_after"`
}

// RulesConfig holds tolerances and thresholds of the rules (SPEC §5).
type RulesConfig struct {
	ToleranceEuros   float64 `toml:"tolerance_euros"`
	TolerancePercent float64 `toml:"tolerance_percent"`
	UnderExecution   float64 `toml:"under_execution_percent"`
}

// HealthConfig says when /healthz reports the daemon unhealthy.
type HealthConfig struct {
	// MailboxSilence: a configured mailbox not reached for this long.
	MailboxSilence Duration `toml:"mailbox_silence"`
	// OutboxDelay: a message waiting in the outbox for this long.
	OutboxDelay Duration `toml:"outbox_delay"`
}

// LogConfig is logging.
type LogConfig struct {
	Level  string `toml:"level"`  // trace, debug, info, warn, error
	Format string `toml:"format"` // json or console; auto when empty
}

// Duration is a time.Duration written as "5s" in TOML.
type Duration struct{ time.Duration }

// UnmarshalText parses a duration such as "30s" or "5m"; the error is a
// French sentence quoting the value.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("durée invalide « %s » (exemples : 30s, 5m, 1h)", b)
	}
	d.Duration = v
	return nil
}

// MarshalText writes the duration as time.Duration.String does.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// IMAP account defaults (SPEC §8).
const (
	defaultProcessed  = "Traités"
	defaultQuarantine = "Quarantaine"
	defaultPoll       = time.Minute
)

// Default returns the configuration used without a file (SPEC §7). It is
// not validated: Load returns it validated.
func Default() *Config {
	return &Config{
		Database:        "./data/pactd.db",
		HTTPAddr:        "127.0.0.1:8080",
		MetricsAddr:     "127.0.0.1:9090",
		ShutdownTimeout: Duration{30 * time.Second},
		Watch: WatchConfig{Dir: "./depot", Settle: Duration{500 * time.Millisecond}, ClaimLease: Duration{30 * time.Second},
			Poll: Duration{5 * time.Second}},
		Intake: IntakeConfig{RequireAuthentication: true, TrustedServers: []string{}, MaxFileMB: 20, MaxAttempts: 3,
			Retry: Duration{30 * time.Second}},
		Outbox:    OutboxConfig{KeepAttachmentsDays: 90, Claim: Duration{5 * time.Minute}},
		Report:    ReportConfig{Schedule: "0 8 * * 1"},
		Service:   ServiceConfig{Name: defaultServiceName, Signature: defaultServiceSignature},
		Reminders: RemindersConfig{Schedule: "0 9 * * *", DaysBefore: []int{15, 3}, DaysAfter: []int{1}},
		Rules:     RulesConfig{ToleranceEuros: 1, TolerancePercent: 0.5, UnderExecution: 80},
		Health:    HealthConfig{MailboxSilence: Duration{15 * time.Minute}, OutboxDelay: Duration{time.Hour}},
		Log:       LogConfig{Level: "info"},
		Web:       defaultWeb(),
	}
}

// Load reads the file at path (or, when path is empty, the one
// PACTD_CONFIG names, if any), applies the environment (getenv, usually
// os.Getenv) and validates the result. Errors are one French sentence
// naming the key or variable at fault, and never contain a secret.
func Load(path string, getenv func(string) string) (*Config, error) {
	if path == "" {
		// So that "pactd healthcheck" in a container reads the same file
		// as "pactd run" without being given --config.
		path = getenv("PACTD_CONFIG")
	}
	cfg := Default()
	cfg.path = path
	if path != "" {
		if err := decodeFile(path, cfg); err != nil {
			return nil, err
		}
	}
	cfg.fillAccountDefaults()
	if err := applyEnv(cfg, getenv); err != nil {
		return nil, err
	}
	cfg.fillAccountDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	cfg.Database = normalizeScheme(cfg.Database)
	return cfg, nil
}

// decodeFile reads the TOML file into cfg, refusing unknown keys.
func decodeFile(path string, cfg *Config) error {
	md, err := toml.DecodeFile(path, cfg)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			where := fmt.Sprintf("ligne %d", pe.Position.Line)
			if pe.LastKey != "" {
				return fmt.Errorf("configuration %s, %s, clé %s : %s", path, where, pe.LastKey, frenchTOMLError(pe))
			}
			return fmt.Errorf("configuration %s, %s : %s", path, where, frenchTOMLError(pe))
		}
		if m := tomlTypeError.FindStringSubmatch(err.Error()); m != nil {
			return fmt.Errorf("configuration %s, ligne %s, clé %s : la valeur n'a pas le bon type (texte entre guillemets, nombre, booléen ou liste attendu)", path, m[1], m[2])
		}
		var pathErr *fs.PathError
		if errors.As(err, &pathErr) {
			return fmt.Errorf("configuration %s : le fichier est illisible (%s)", path, FileReason(err))
		}
		return fmt.Errorf("configuration %s : le fichier est invalide", path)
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		if len(keys) == 1 {
			return fmt.Errorf("configuration %s : la clé « %s » est inconnue (voir samples/pactd.toml)", path, keys[0])
		}
		return fmt.Errorf("configuration %s : les clés « %s » sont inconnues (voir samples/pactd.toml)", path, strings.Join(keys, " », « "))
	}
	return nil
}

// tomlTypeError matches BurntSushi/toml's type mismatch errors, which are
// not ParseErrors: line and key, never the value.
var tomlTypeError = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): incompatible types`)

// frenchTOMLError says in French what is wrong in a TOML file, without
// quoting the offending value (it may be a password).
func frenchTOMLError(pe toml.ParseError) string {
	msg := pe.Message
	var inner interface{ Unwrap() error }
	if errors.As(error(pe), &inner) && inner.Unwrap() != nil {
		msg = inner.Unwrap().Error()
	}
	switch {
	case strings.HasPrefix(msg, "durée invalide"):
		return msg
	case strings.Contains(msg, "incompatible types"), strings.Contains(msg, "out of range"):
		return "la valeur n'a pas le bon type ou sort des limites"
	}
	return "syntaxe TOML invalide"
}

// fillAccountDefaults gives each IMAP account the defaults of the keys it
// does not set.
func (c *Config) fillAccountDefaults() {
	for i := range c.IMAP {
		a := &c.IMAP[i]
		if a.Processed == "" {
			a.Processed = defaultProcessed
		}
		if a.Quarantine == "" {
			a.Quarantine = defaultQuarantine
		}
		if a.Poll.Duration == 0 {
			a.Poll.Duration = defaultPoll
		}
	}
}

// KeyName returns how errors name a key ("smtp.url"): the environment
// variable that set it, or the key itself followed by the file it comes
// from. Callers use it to name the key at fault in their own messages.
func (c *Config) KeyName(key string) string {
	if v, ok := c.sources[key]; ok {
		return v
	}
	if c.path != "" {
		return key + " (" + c.path + ")"
	}
	return key
}
