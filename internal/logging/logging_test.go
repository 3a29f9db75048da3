package logging_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/pactd/pactd/internal/logging"
)

func TestNewJSON(t *testing.T) {
	var b bytes.Buffer
	log, err := logging.New(&b, logging.Options{Level: "warn"})
	if err != nil {
		t.Fatal(err)
	}
	log.Info().Msg("hidden")
	log.Warn().Str("siren", "220100010").Msg("shown")
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 1 {
		t.Fatalf("got %d lines, want 1 (info filtered at warn): %q", len(lines), b.String())
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &got); err != nil {
		t.Fatalf("not JSON (a buffer is no terminal): %v", err)
	}
	if got["message"] != "shown" || got["siren"] != "220100010" || got["level"] != "warn" || got["time"] == nil {
		t.Errorf("got %v", got)
	}
}

func TestNewConsole(t *testing.T) {
	var b bytes.Buffer
	log, err := logging.New(&b, logging.Options{Format: logging.FormatConsole})
	if err != nil {
		t.Fatal(err)
	}
	log.Info().Str("job", "weekly").Msg("run finished")
	got := b.String()
	if strings.HasPrefix(got, "{") || !strings.Contains(got, "INF run finished job=weekly") {
		t.Errorf("got %q, want a console line", got)
	}
}

func TestNewRefuses(t *testing.T) {
	if _, err := logging.New(&bytes.Buffer{}, logging.Options{Level: "loud"}); err == nil {
		t.Error("level loud: got no error")
	}
	if _, err := logging.New(&bytes.Buffer{}, logging.Options{Format: "xml"}); err == nil {
		t.Error("format xml: got no error")
	}
}

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"imaps://bob%40example.test:bob-pw@127.0.0.1:1993/INBOX", "imaps://bob%40example.test:****@127.0.0.1:1993/INBOX"},
		{"smtp://127.0.0.1:2525", "smtp://127.0.0.1:2525"},
		{"smtps://user@host:465", "smtps://user@host:465"},
		{"postgres://pactd:pw@db:5432/pactd?sslmode=require", "postgres://pactd:****@db:5432/pactd?sslmode=require"},
		{"postgres://db/pactd?password=pw&user=u", "postgres://db/pactd?password=****&user=u"},
		{"imaps://u:p%zz@host/INBOX", "imaps://****@host/INBOX"},
		{"./data/pactd.db", "./data/pactd.db"},
	}
	for _, tc := range tests {
		if got := logging.RedactURL(tc.in); got != tc.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestRedactText(t *testing.T) {
	got := logging.RedactText(`dial smtps://pactd:pw@smtp.example.fr:465: connection refused; retry "imap://u:p@h/INBOX"`)
	want := `dial smtps://pactd:****@smtp.example.fr:465: connection refused; retry "imap://u:****@h/INBOX"`
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestRedactMalformed checks that a password is masked in values that are
// not well-formed URLs, wherever "user:password@" appears.
func TestRedactMalformed(t *testing.T) {
	tests := []struct{ in, want string }{
		{"depot:Secret@imap.example", "depot:****@imap.example"},
		{"postgres//u:Secret@h/db", "postgres//u:****@h/db"},
		{"postgres:/u:Secret@h/db", "postgres:****@h/db"},
		{"imaps:depot:Sec@ret@h/INBOX", "imaps:****@h/INBOX"},
		{"/var/lib/pactd/pactd.db", "/var/lib/pactd/pactd.db"},
		{"depot@example.fr", "depot@example.fr"},
	}
	for _, tc := range tests {
		if got := logging.RedactURL(tc.in); got != tc.want {
			t.Errorf("RedactURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := logging.RedactText("open " + tc.in + ": refused"); got != "open "+tc.want+": refused" {
			t.Errorf("RedactText(%q) = %q", tc.in, got)
		}
	}
}
