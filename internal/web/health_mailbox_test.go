package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/web"
)

// TestHealthzAuthRefused checks that /healthz is unhealthy as soon as a
// mailbox cannot log in, even though it answered a minute ago, and names
// the account without any password.
func TestHealthzAuthRefused(t *testing.T) {
	refusedAt := now.Add(-30 * time.Second)
	f := newFixture(t, func(s *web.Server) {
		s.Mailboxes = []web.Mailbox{{Account: "depot@imap.example",
			LastContact: func() time.Time { return now.Add(-time.Minute) },
			State: func() web.MailboxState {
				return web.MailboxState{AuthRefused: true, LastErrorAt: refusedAt,
					LastError: "log in to imap.example:993 as depot: NO [AUTHENTICATIONFAILED] imaps://depot:Secret@imap.example"}
			}}}
	})
	code, h := health(t, f)
	if code != http.StatusServiceUnavailable || h.Status != "unhealthy" {
		t.Fatalf("got %d %s, want 503 unhealthy", code, h.Status)
	}
	want := "La boîte depot@imap.example refuse la connexion : le serveur a rejeté l'identifiant ou le mot de passe."
	if len(h.Problems) != 1 || !strings.HasPrefix(h.Problems[0], want) {
		t.Errorf("problems %q, want one starting with %q", h.Problems, want)
	}
	mb := h.Mailboxes[0]
	if mb.OK || !mb.AuthRefused || !strings.Contains(mb.LastError, "AUTHENTICATIONFAILED") || mb.LastErrorAt == nil || !mb.LastErrorAt.Equal(refusedAt) {
		t.Errorf("mailbox %+v", mb)
	}
	if strings.Contains(mb.LastError, "Secret") {
		t.Errorf("last error shows the password: %q", mb.LastError)
	}
}

// TestHealthzMailboxErrorReported checks that a passing error (server
// restarting) is shown but does not make the daemon unhealthy by itself.
func TestHealthzMailboxErrorReported(t *testing.T) {
	f := newFixture(t, func(s *web.Server) {
		s.Mailboxes = []web.Mailbox{{Account: "depot@imap.example",
			LastContact: func() time.Time { return now.Add(-time.Minute) },
			State: func() web.MailboxState {
				return web.MailboxState{LastError: "connection closed by the server", LastErrorAt: now.Add(-time.Minute)}
			}}}
	})
	code, h := health(t, f)
	if code != http.StatusOK || h.Mailboxes[0].LastError != "connection closed by the server" || !h.Mailboxes[0].OK {
		t.Errorf("got %d %+v", code, h)
	}
}
