package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// Config is pactd's configuration: a TOML file (see samples/pactd.toml),
// then the SPEC §7 environment variables on top, then defaults.
type Config struct {
	Database string       `toml:"database"` // SQLite path or postgres:// URL
	HTTPAddr string       `toml:"http_addr"`
	Watch    WatchConfig  `toml:"watch"`
	IMAP     []IMAPConfig `toml:"imap"`
	SMTP     SMTPConfig   `toml:"smtp"`
	Report   ReportConfig `toml:"report"`
	Rules    RulesConfig  `toml:"rules"`
	Log      LogConfig    `toml:"log"`
}

// WatchConfig is the watched folder.
type WatchConfig struct {
	Dir    string   `toml:"dir"`
	Settle duration `toml:"settle"` // a file is taken once unchanged this long
}

// IMAPConfig is one intake mailbox.
type IMAPConfig struct {
	URL        string   `toml:"url"` // imaps://user:password@host:993/INBOX
	Processed  string   `toml:"processed"`
	Quarantine string   `toml:"quarantine"`
	Poll       duration `toml:"poll"`
}

// SMTPConfig is outgoing mail.
type SMTPConfig struct {
	URL  string `toml:"url"` // smtps://user:password@host:465
	From string `toml:"from"`
}

// ReportConfig is the weekly report.
type ReportConfig struct {
	To       []string `toml:"to"`
	Schedule string   `toml:"schedule"` // cron, Europe/Paris
}

// RulesConfig holds tolerances and thresholds of the rules (SPEC §5).
type RulesConfig struct {
	ToleranceEuros   float64 `toml:"tolerance_euros"`
	TolerancePercent float64 `toml:"tolerance_percent"`
	UnderExecution   float64 `toml:"under_execution_percent"`
}

// LogConfig is logging.
type LogConfig struct {
	Level  string `toml:"level"`
	Format string `toml:"format"` // json or console; auto when empty
}

// duration is a time.Duration written as "5s" in TOML.
type duration struct{ time.Duration }

func (d *duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("durée invalide « %s » (exemples : 30s, 5m, 1h)", b)
	}
	d.Duration = v
	return nil
}

func (d duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// defaultConfig returns the configuration used without a file (SPEC §7).
func defaultConfig() *Config {
	return &Config{
		Database: "./data/pactd.db",
		HTTPAddr: "127.0.0.1:8080",
		Watch:    WatchConfig{Dir: "./depot", Settle: duration{5 * time.Second}},
		Report:   ReportConfig{Schedule: "0 8 * * 1"},
		Rules:    RulesConfig{ToleranceEuros: 1, TolerancePercent: 0.5, UnderExecution: 80},
		Log:      LogConfig{Level: "info"},
	}
}

// loadConfig reads the file at path (none when empty), then applies the
// environment. Errors name the key at fault.
func loadConfig(path string, getenv func(string) string) (*Config, error) {
	cfg := defaultConfig()
	if path != "" {
		md, err := toml.DecodeFile(path, cfg)
		if err != nil {
			return nil, fmt.Errorf("lire la configuration %s : %w", path, err)
		}
		if und := md.Undecoded(); len(und) > 0 {
			keys := make([]string, len(und))
			for i, k := range und {
				keys[i] = k.String()
			}
			return nil, fmt.Errorf("configuration %s : clé inconnue « %s »", path, strings.Join(keys, " », « "))
		}
	}
	env := func(name string) string { return getenv(name) }
	if v := env("PACTD_DATABASE"); v != "" {
		cfg.Database = v
	}
	if v := env("PACTD_WATCH_DIR"); v != "" {
		cfg.Watch.Dir = v
	}
	if v := env("PACTD_HTTP_ADDR"); v != "" {
		cfg.HTTPAddr = v
	}
	return cfg, nil
}
