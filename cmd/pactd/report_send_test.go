package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/pactd/pactd/internal/mailtest"
	"github.com/pactd/pactd/reconcile"
)

// TestReportWeeklySend sends the weekly report by hand through real
// Postfix and finds it, with its two attachments, in the central team's
// mailbox; a second --send the same week is sent again, since it is asked.
func TestReportWeeklySend(t *testing.T) {
	mailtest.Require(t)
	t.Setenv("SSL_CERT_FILE", filepath.Join(mailtest.Dir(), "tls", "cert.pem"))
	reg := rcRegister()
	path, _ := rcStore(t, reg)
	mailtest.Empty(t, "report-central@example.test", "report-central-pw")
	env := envMap(map[string]string{
		"PACTD_DATABASE": path, "PACTD_SMTP_URL": "smtp://" + e2eSMTP,
		"PACTD_MAIL_FROM": "Pacte des solidarités <daemon-depot@example.test>", "PACTD_REPORT_TO": "report-central@example.test",
	})
	for i := 1; i <= 2; i++ {
		var stdout, stderr strings.Builder
		code := Main(t.Context(), []string{"report", "weekly", "--year", "2025", "--out", t.TempDir(), "--send"},
			&cmdEnv{stdout: &stdout, stderr: &stderr, getenv: env})
		if code != exitOK || !strings.Contains(stdout.String(), "Rapport envoyé à report-central@example.test.") {
			t.Fatalf("send %d: exit %d, stdout %q, stderr %q", i, code, stdout.String(), stderr.String())
		}
	}
	c := mailtest.Mailbox(t, "report-central@example.test", "report-central-pw")
	defer c.Close()
	var uids []imap.UID
	for deadline := time.Now().Add(30 * time.Second); len(uids) < 2 && time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		sd, err := c.UIDSearch(&imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{
			{Key: "Subject", Value: "Rapport hebdomadaire des contrats locaux des solidarités"}}}, nil).Wait()
		if err != nil {
			t.Fatal(err)
		}
		uids = sd.AllUIDs()
	}
	if len(uids) != 2 {
		t.Fatalf("%d weekly reports in the mailbox, want 2", len(uids))
	}
	msgs, err := c.Fetch(imap.UIDSetNum(uids[0]), &imap.FetchOptions{BodyStructure: &imap.FetchItemBodyStructure{Extended: true}}).Collect()
	if err != nil || len(msgs) != 1 {
		t.Fatalf("fetch: %v", err)
	}
	var names []string
	msgs[0].BodyStructure.Walk(func(path []int, p imap.BodyStructure) bool {
		if sp, ok := p.(*imap.BodyStructureSinglePart); ok && sp.Filename() != "" {
			names = append(names, sp.Filename())
		}
		return true
	})
	day := time.Now().In(reconcile.Paris).Format(time.DateOnly)
	if want := "rapport-hebdomadaire-" + day + ".pdf,rapport-hebdomadaire-" + day + ".xlsx"; strings.Join(names, ",") != want {
		t.Errorf("attachments %v, want %s", names, want)
	}
}
