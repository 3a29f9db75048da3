package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/internal/health"
	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/internal/web"
	"github.com/pactd/pactd/internal/weekly"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/samples"
	"github.com/pactd/pactd/templates"
)

// demoNow is the Monday of the demo's weekly report, after the 2025
// deadline.
var demoNow = time.Date(2026, time.April, 6, 9, 0, 0, 0, reconcile.Paris)

// demoSite is the status site on the real register size: the sample
// register (121 territories) and the sample submissions received over the
// season as the demo receives them, weekly snapshots every Monday of
// March (the trend), files of the Aube and the Aude set aside, and an
// outbox with a failed message. No login: loopback administrator.
type demoSite struct {
	st  *sqlite.Store
	srv *web.Server
	URL string
	// withFindings is the SIREN of a territory whose file has findings.
	withFindings string
}

func newDemoSite(t testing.TB) *demoSite {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "pactd.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	reg, err := templates.ReadRegister(samples.Register(), "registre.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	reg.ImportedAt = time.Date(2025, time.January, 6, 9, 0, 0, 0, reconcile.Paris)
	if _, err := st.SaveRegister(ctx, reg); err != nil {
		t.Fatal(err)
	}
	d := &demoSite{st: st}
	n := map[int]int{}
	for _, f := range samples.Submissions() {
		year := 2025
		fmt.Sscanf(f.Name, "CLS_%d_", &year)
		i := n[year]
		n[year]++
		at := time.Date(year+1, time.March, 2, 9, 0, 0, 0, reconcile.Paris).Add(time.Duration(i) * 26 * time.Hour)
		if year == 2025 && i >= 8 {
			at = time.Date(2026, time.April, 1, 1, 0, 0, 0, reconcile.Paris).Add(time.Duration(i-8) * 5 * time.Hour)
		}
		p := &ingest.Pipeline{Store: st, Now: func() time.Time { return at }, Log: zerolog.Nop()}
		out, err := p.Process(ctx, ingest.Incoming{Name: f.Name, Content: f.Content, ReceivedAt: at,
			Origin: reconcile.Origin{Kind: reconcile.OriginFolder, Path: f.Name, Key: "demo:" + f.Name}})
		if err != nil {
			t.Fatal(err)
		}
		if s := out.Submission; s != nil && len(s.Findings) > 0 && s.Year == 2025 && d.withFindings == "" {
			d.withFindings = s.SIREN
		}
	}
	for i, name := range []string{"CLS_2025_221000052_aube.xlsx", "CLS_2025_221100019_aude.xlsx"} {
		if err := st.Quarantine(ctx, &reconcile.QuarantineEntry{ReceivedAt: time.Date(2026, time.April, 2, 10+i, 0, 0, 0, reconcile.Paris),
			FileName: name, Reason: "L'expéditeur n'est pas autorisé pour ce territoire.", Content: []byte("PK " + name),
			Origin: reconcile.Origin{Kind: reconcile.OriginEmail, Sender: "secretariat@example.test", Key: "q:" + name}}); err != nil {
			t.Fatal(err)
		}
	}
	for monday := time.Date(2026, time.March, 2, 8, 0, 0, 0, reconcile.Paris); monday.Before(demoNow); monday = monday.AddDate(0, 0, 7) {
		if _, err := weekly.Build(ctx, st, 2025, monday, weekly.Options{Record: true}); err != nil {
			t.Fatal(err)
		}
	}
	m := &mail.Message{Key: "ack:demo", Kind: "ack", From: "remontees@pacte.test", To: []string{"dgs@aube.test"},
		MessageID: "ack-demo@pacte.test", Subject: "Accusé de réception AR-2026-000012", Raw: []byte("Subject: x\r\n\r\nx"),
		NextAttempt: demoNow, CreatedAt: demoNow.Add(-2 * time.Hour)}
	if _, err := st.EnqueueMail(ctx, m); err != nil {
		t.Fatal(err)
	}
	m.State, m.Attempts = mail.Failed, 4
	m.LastError = "Le serveur d'envoi refuse l'identifiant ou le mot de passe (535) : vérifiez smtp.url."
	if err := st.UpdateMail(ctx, m); err != nil {
		t.Fatal(err)
	}
	// The reminder the day after the deadline, sent to the Ariège.
	rm := &mail.Message{Key: "reminder:220900013:2025:J+1", Kind: "reminder", From: "remontees@pacte.test",
		To: []string{"solidarites@ariege.fr"}, MessageID: "relance-ariege@pacte.test", Subject: "Relance",
		Raw: []byte("Subject: x\r\n\r\nx"), NextAttempt: demoNow, CreatedAt: time.Date(2026, time.April, 1, 9, 0, 0, 0, reconcile.Paris)}
	if _, err := st.EnqueueMail(ctx, rm); err != nil {
		t.Fatal(err)
	}
	rm.State, rm.SentAt, rm.Delivered, rm.To = mail.Sent, rm.CreatedAt, rm.To, nil
	if err := st.UpdateMail(ctx, rm); err != nil {
		t.Fatal(err)
	}
	src, err := ingest.NewIMAPSource(ingest.IMAPConfig{URL: "imap://remontees:secret@127.0.0.1:1143/INBOX"}, st, nil, nil, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	checker := &web.Checker{Now: func() time.Time { return demoNow }, Parts: []health.Part{
		health.PartFunc(func(ctx context.Context) health.State {
			s := health.State{Kind: health.Database, Name: "base de données", OK: true, LastSuccess: demoNow}
			if err := st.Ping(ctx); err != nil {
				s.OK, s.Problem = false, "La base de données ne répond pas."
			}
			return s
		}),
		health.PartFunc(func(context.Context) health.State {
			return health.State{Kind: health.Folder, Name: "dossier surveillé (lecture périodique, sans notification)", OK: true,
				LastSuccess: demoNow.Add(-time.Minute)}
		}),
	}}
	d.srv = &web.Server{Source: st, Archive: st, Quarantine: st.QuarantineEntries, QuarantineContent: st.QuarantineContent,
		SubmissionContent: st.SubmissionContent, Acknowledgment: web.StoreAcknowledgment(st, "remontees@pacte.test"),
		Weekly: web.StoreWeekly(st, weekly.Options{}), Mail: web.NewOutboxAdmin(st, nil, nil),
		Health:       checker.Check,
		AuthWarnings: func() []string { return []string{src.AuthStatus().Warning} },
		Now:          func() time.Time { return demoNow }, Log: zerolog.Nop()}
	hs := httptest.NewServer(d.srv.Handler())
	t.Cleanup(hs.Close)
	d.URL = hs.URL
	return d
}
