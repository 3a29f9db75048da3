package ingest_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/ingest"
)

// withHeaders puts header lines on top of a composed message, as the
// receiving server prepends them.
func withHeaders(raw []byte, lines ...string) []byte {
	return append([]byte(strings.Join(lines, "\r\n")+"\r\n"), raw...)
}

// TestIMAPAuthFailsClosed: a mailbox whose configuration says nothing of
// sender authentication quarantines every message, even one a trusted
// server would pass, says why in French, counts it, and tells the status
// site what to set.
func TestIMAPAuthFailsClosed(t *testing.T) {
	m := startMemServer(t, fullCaps)
	c := m.client(t)
	appendRaw(t, c, "INBOX", withHeaders(message(t, "jeanne@ain.fr", "Rapport", map[string][]byte{"r.xlsx": []byte("x")}),
		"Authentication-Results: mx.a.fr; dmarc=pass header.from=ain.fr"))
	store := openStore(t)
	rec := &recorder{store: store}
	var logs bytes.Buffer
	src, err := ingest.NewIMAPSource(ingest.IMAPConfig{URL: m.url(), Poll: time.Hour}, store, rec, nil, zerolog.New(&logs))
	if err != nil {
		t.Fatal(err)
	}
	st := src.AuthStatus()
	if !st.Required || !st.Unconfigured || !strings.Contains(st.Warning, "intake.trusted_servers") || !strings.Contains(st.Warning, "depot@") {
		t.Errorf("AuthStatus = %+v, want required, unconfigured, a warning naming the mailbox and intake.trusted_servers", st)
	}
	stop := runSource(t, src)
	waitFor(t, 10*time.Second, "the message quarantined", func() bool { return src.Stats().Quarantined == 1 })
	stop()
	if l := logs.String(); !strings.Contains(l, `"level":"error"`) || !strings.Contains(l, `"set":"intake.trusted_servers"`) {
		t.Errorf("no error logged at start saying what to set:\n%s", l)
	}
	if calls := rec.Calls(); len(calls) != 0 {
		t.Errorf("the Processor saw %v", calls)
	}
	q, err := store.QuarantineEntries(context.Background(), time.Time{})
	if err != nil || len(q) != 1 {
		t.Fatalf("%d quarantine entries, %v; want 1", len(q), err)
	}
	if !strings.Contains(q[0].Reason, "Aucun serveur de messagerie de confiance") || q[0].Origin.Sender != "jeanne@ain.fr" {
		t.Errorf("quarantined as %q from %q", q[0].Reason, q[0].Origin.Sender)
	}
	if n := src.Stats().AuthFailures[ingest.AuthNoTrustedServer]; n != 1 {
		t.Errorf("AuthFailures = %v, want 1 %s", src.Stats().AuthFailures, ingest.AuthNoTrustedServer)
	}
}

// TestIMAPAuthSender: with a trusted server, the authenticated message
// reaches the Processor with the authenticated address as its sender (the
// addr-spec, not the display name), and the others are quarantined with
// the check that failed, unanswered.
func TestIMAPAuthSender(t *testing.T) {
	m := startMemServer(t, fullCaps)
	c := m.client(t)
	wb := map[string][]byte{"r.xlsx": []byte("x")}
	const mx = "Authentication-Results: mx.a.fr; "
	appendRaw(t, c, "INBOX", withHeaders(message(t, "Jeanne <jeanne@ain.fr>", "Signé", wb),
		mx+"dmarc=pass header.from=ain.fr", mx+"dkim=pass header.d=ain.fr"))
	appendRaw(t, c, "INBOX", withHeaders(message(t, `"jeanne@ain.fr" <spoof@evil.example>`, "Nom affiché", wb),
		mx+"dmarc=pass header.from=evil.example"))
	appendRaw(t, c, "INBOX", withHeaders(message(t, "jeanne@ain.fr", "Faux", wb),
		mx+"dmarc=fail header.from=ain.fr", mx+"dmarc=pass header.from=ain.fr"))
	appendRaw(t, c, "INBOX", message(t, "jeanne@ain.fr", "Sans en-tête", wb))

	store := openStore(t)
	rec := &recorder{store: store}
	acks := &ackRecorder{}
	src, err := ingest.NewIMAPSource(ingest.IMAPConfig{URL: m.url(), Poll: time.Hour,
		Auth: ingest.SenderAuth{TrustedServers: []string{"mx.a.fr"}}}, store, rec, acks, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	if st := src.AuthStatus(); st.Unconfigured || st.Warning != "" || !st.Required {
		t.Errorf("AuthStatus = %+v, want required, configured, no warning", st)
	}
	stop := runSource(t, src)
	waitFor(t, 10*time.Second, "every message settled", func() bool {
		st := src.Stats()
		return st.Processed+st.Quarantined == 4
	})
	stop()
	calls := rec.Calls()
	slices.Sort(calls) // two workers: either may call the Processor first
	if len(calls) != 2 || !strings.Contains(calls[0], "/1/") || !strings.Contains(calls[1], "/2/") {
		t.Fatalf("the Processor saw %v, want messages 1 and 2", calls)
	}
	q, err := store.QuarantineEntries(context.Background(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[uint32]string{}
	for _, e := range q {
		reasons[e.Origin.UID] = e.Origin.Sender + " : " + e.Reason
	}
	for uid, want := range map[uint32]string{2: "spoof@evil.example : expéditeur non autorisé",
		3: "jeanne@ain.fr : Contrôle DMARC : échec", 4: "jeanne@ain.fr : Le message ne porte aucun résultat"} {
		if !strings.HasPrefix(reasons[uid], want) {
			t.Errorf("message %d quarantined as %q, want %q", uid, reasons[uid], want)
		}
	}
	if len(acks.keys) != 0 {
		t.Errorf("answered %v; unauthenticated mail must not be answered", acks.keys)
	}
	st := src.Stats().AuthFailures
	if st[ingest.AuthDMARCFailed] != 1 || st[ingest.AuthNoTrustedResult] != 1 {
		t.Errorf("AuthFailures = %v", st)
	}
}
