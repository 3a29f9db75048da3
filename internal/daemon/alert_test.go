package daemon

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/internal/config"
	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/internal/sqlite"
)

// TestAlerterWritesToAdministrators: an item set aside is told to the
// whole addresses of web.administrators (an "@domain" entry names nobody),
// once per item, through the outbox; without administrators, to
// report.to; without mail, nobody.
func TestAlerterWritesToAdministrators(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "pactd.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sender, err := mail.NewSMTP("smtp://127.0.0.1:2526", nil)
	if err != nil {
		t.Fatal(err)
	}
	ob := mail.NewOutbox(st, sender, zerolog.Nop())
	cfg := config.Default()
	cfg.SMTP.From = "pactd <depot@example.test>"
	cfg.Web.Administrators = []string{"@prefecture.example.test", "admin@example.test"}
	cfg.Report.To = []string{"central@example.test"}
	if newAlerter(cfg, nil, time.Now) != nil {
		t.Error("an alerter without mail")
	}
	al := newAlerter(cfg, ob, time.Now)
	for range 2 { // told twice: one mail
		if err := al.Alert(ctx, "alerte:dossier:x.xlsx:1:2", "pactd : un fichier est mis de côté", "Bonjour,\n"); err != nil {
			t.Fatal(err)
		}
	}
	m, err := st.MailByKey(ctx, "alerte:dossier:x.xlsx:1:2")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(m.To, []string{"admin@example.test"}) || m.Kind != "alert" {
		t.Errorf("alert to %v, kind %q; want the administrator's address, kind alert", m.To, m.Kind)
	}
	cfg.Web.Administrators = []string{"@prefecture.example.test"}
	if got := alertRecipients(cfg); !slices.Equal(got, []string{"central@example.test"}) {
		t.Errorf("recipients without an administrator's address: %v, want report.to", got)
	}
}
