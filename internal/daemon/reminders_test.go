package daemon

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/pactd/pactd/internal/config"
	"github.com/pactd/pactd/internal/logging"
	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/internal/mailtest"
	"github.com/pactd/pactd/internal/schedule"
	"github.com/pactd/pactd/reconcile"
)

func reminderContract(siren, name string, recipients, senders []string) reconcile.Contract {
	return reconcile.Contract{
		Territory: reconcile.Territory{SIREN: siren, Name: name, Type: reconcile.TypeDepartement, Departements: []string{"01"},
			AxisCount: 3, AnnualCeiling: 100000000, Recipients: recipients, Senders: senders},
		Actions: []reconcile.Action{{Code: "ENF-01", Axis: reconcile.AxisEnfance, Title: "Crèches", Nature: reconcile.NatureNouvelle,
			Plans: map[int]reconcile.Plan{2025: {State: 1000000, Territory: 1000000}}}},
	}
}

// TestRemindersJob runs the reminders job against the real Postfix: the
// territory late with its 2025 report gets its J-15 reminder once however
// often the job runs, then its J-3 one; the territory that reported gets
// none.
func TestRemindersJob(t *testing.T) {
	ctx := context.Background()
	d := mailDaemon(t)

	reg := &reconcile.Register{ImportedAt: time.Now(), Source: "registre.xlsx", SHA256: "00", Contracts: []reconcile.Contract{
		reminderContract("220100010", "Département de l'Ain", []string{"daemon-ain@example.test"}, []string{"@example.test", "DAEMON-AIN@example.test"}),
		reminderContract("220200017", "Département de l'Aisne", []string{"daemon-ain@example.test"}, nil),
		reminderContract("220300015", "Département de l'Allier", nil, []string{"@allier.fr"}),
	}}
	reg.Sort()
	if _, err := d.store.SaveRegister(ctx, reg); err != nil {
		t.Fatal(err)
	}
	content := []byte("classeur de l'Aisne")
	sum := sha256.Sum256(content)
	if _, err := d.store.RecordSubmission(ctx, &reconcile.Submission{FileName: "aisne.xlsx", SHA256: hex.EncodeToString(sum[:]),
		Size: int64(len(content)), SIREN: "220200017", Year: 2025, Template: reconcile.TemplateVersion,
		Origin: reconcile.Origin{Kind: reconcile.OriginFolder}, ReceivedAt: time.Now(), RegisterVersion: 1,
		Verdict: reconcile.Accepted, Content: content}); err != nil {
		t.Fatal(err)
	}
	mailtest.Empty(t, "daemon-ain@example.test", "daemon-ain-pw")

	run := func(day time.Time) []mail.Message {
		t.Helper()
		d.now = func() time.Time { return day }
		if err := d.reminders(ctx, day); err != nil {
			t.Fatalf("reminders on %v: %v", day, err)
		}
		ms, err := d.store.Mails(ctx, mail.Filter{Kind: "reminder"})
		if err != nil {
			t.Fatal(err)
		}
		return ms
	}
	j15 := time.Date(2026, 3, 16, 9, 0, 0, 0, reconcile.Paris)
	got := run(j15)
	if len(got) != 1 || got[0].Key != "reminder:220100010:2025:J-15" || got[0].State != mail.Sent ||
		strings.Join(got[0].Delivered, ",") != "daemon-ain@example.test" {
		t.Fatalf("after the first run: %+v", got)
	}
	if again := run(j15.Add(2 * time.Hour)); len(again) != 1 {
		t.Errorf("a second run the same day queued more: %+v", again)
	}
	if j3 := run(time.Date(2026, 3, 28, 9, 0, 0, 0, reconcile.Paris)); len(j3) != 2 || j3[0].Key != "reminder:220100010:2025:J-3" {
		t.Errorf("three days before: %+v", j3)
	}

	c := mailtest.Mailbox(t, "daemon-ain@example.test", "daemon-ain-pw")
	defer c.Close()
	var uids []imap.UID
	deadline := time.Now().Add(30 * time.Second)
	for len(uids) < 2 && time.Now().Before(deadline) {
		sd, err := c.UIDSearch(&imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "Subject", Value: "Rappel : rapport annuel 2025"}}}, nil).Wait()
		if err != nil {
			t.Fatal(err)
		}
		uids = sd.AllUIDs()
		time.Sleep(200 * time.Millisecond)
	}
	if len(uids) != 2 {
		t.Errorf("got %d reminders in the territory's mailbox, want 2", len(uids))
	}
}

func TestReminderDraft(t *testing.T) {
	st := reconcile.ReportingStatus{Territory: reconcile.Territory{SIREN: "220100010", Name: "Département de l'Ain"}, Year: 2025,
		Deadline: reconcile.EndOfDay(time.Date(2026, 3, 31, 0, 0, 0, 0, reconcile.Paris)), Expected: true}
	now := time.Date(2026, 3, 16, 9, 0, 0, 0, reconcile.Paris)
	d := ReminderDraft(schedule.Reminder{Status: st, Offset: -15, Days: 15}, "pactd <depot@pacte.fr>", "depot@pacte.fr", []string{"a@ain.fr"}, now)
	for _, want := range []string{
		"est attendu au plus tard le 31 mars 2026, dans 15 jours.",
		"Nous n'avons pas encore reçu de rapport pour cet exercice.",
		"(CLS_2025_220100010_ain.xlsx) et envoyez-le en pièce jointe d'un courriel à depot@pacte.fr.",
	} {
		if !strings.Contains(d.Text, want) {
			t.Errorf("J-15 text lacks %q:\n%s", want, d.Text)
		}
	}
	if d.Subject != "Rappel : rapport annuel 2025 du contrat local des solidarités attendu avant le 31 mars 2026" || d.Key != "reminder:220100010:2025:J-15" || d.AutoSubmitted != "auto-generated" {
		t.Errorf("J-15 draft: %+v", d)
	}
	st.Latest = &reconcile.Submission{FileName: "ain-v2.xlsx", ReceivedAt: time.Date(2026, 3, 30, 10, 0, 0, 0, reconcile.Paris), Verdict: reconcile.Rejected}
	d = ReminderDraft(schedule.Reminder{Status: st, Offset: 1, Days: -1}, "pactd <depot@pacte.fr>", "depot@pacte.fr", []string{"a@ain.fr"}, now)
	if d.Subject != "Rapport annuel 2025 du contrat local des solidarités : date limite du 31 mars 2026 dépassée" ||
		!strings.Contains(d.Text, "Le dernier classeur reçu, ain-v2.xlsx, le 30 mars 2026, a été rejeté") {
		t.Errorf("J+1 draft: %s\n%s", d.Subject, d.Text)
	}
	if _, _, err := mail.Compose(d); err != nil {
		t.Errorf("compose: %v", err)
	}
}

func TestReminderRecipients(t *testing.T) {
	got := reminderRecipients(reconcile.Territory{Recipients: []string{"dgs@ain.fr", " pacte@ain.fr"},
		Senders: []string{"@ain.fr", "DGS@ain.fr", "referent@ain.fr", "@"}})
	if want := "dgs@ain.fr,pacte@ain.fr,referent@ain.fr"; strings.Join(got, ",") != want {
		t.Errorf("got %v, want %s", got, want)
	}
}

// mailDaemon returns a daemon on a new SQLite database that sends through
// the loopback Postfix (skipped without it, failed in CI), closed at the
// end of the test.
func mailDaemon(t *testing.T) *Daemon {
	t.Helper()
	mailtest.Require(t)
	t.Setenv("SSL_CERT_FILE", filepath.Join(mailtest.Dir(), "tls", "cert.pem"))
	dir := t.TempDir()
	env := map[string]string{
		"PACTD_DATABASE": filepath.Join(dir, "pactd.db"), "PACTD_WATCH_DIR": filepath.Join(dir, "depot"),
		"PACTD_SMTP_URL": "smtp://" + mailtest.SMTPAddr, "PACTD_MAIL_FROM": "Pacte des solidarités <daemon-depot@example.test>",
	}
	cfg, err := config.Load("", func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	log, _ := logging.New(os.Stderr, logging.Options{Level: "error"})
	d, err := New(context.Background(), cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}
