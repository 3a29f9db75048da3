package ingest_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/rs/zerolog"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/reconcile"
)

// noAuth is the sender policy of the tests whose messages carry no
// Authentication-Results: said explicitly, since the zero value quarantines
// everything (TestIMAPAuthFailsClosed).
var noAuth = ingest.SenderAuth{Disabled: true}

func newSource(t testing.TB, m *memServer, cfg ingest.IMAPConfig, p ingest.Processor, store ingest.IntakeStore) *ingest.IMAPSource {
	t.Helper()
	if cfg.URL == "" {
		cfg.URL = m.url()
	}
	src, err := ingest.NewIMAPSource(cfg, store, p, nil, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// TestIMAPSourceOutcomes: one workbook, two workbooks, none, a spoofed
// sender and the same workbook in a second message, each where it belongs;
// a second run processes nothing again.
func TestIMAPSourceOutcomes(t *testing.T) {
	m := startMemServer(t, fullCaps)
	c := m.client(t)
	wbA, wbB, wbC := []byte("classeur A"), []byte("classeur B"), []byte("classeur C")
	appendRaw(t, c, "INBOX", message(t, "Ain <depot@ain.fr>", "Rapport 2025", map[string][]byte{"CLS_2025_ain.xlsx": wbA}))
	appendRaw(t, c, "INBOX", message(t, "lyon@lyon.fr", "Deux", map[string][]byte{"a.xlsx": wbB, "é té.xlsx": wbC}))
	appendRaw(t, c, "INBOX", message(t, "ain@ain.fr", "Sans pièce jointe", nil))
	appendRaw(t, c, "INBOX", message(t, "spoof@evil.example", "Faux", map[string][]byte{"x.xlsx": wbA}))
	appendRaw(t, c, "INBOX", message(t, "ain@ain.fr", "Encore", map[string][]byte{"CLS_2025_ain.xlsx": wbA}))

	store := openStore(t)
	rec := &recorder{store: store}
	src := newSource(t, m, ingest.IMAPConfig{Auth: noAuth, Poll: time.Hour}, rec, store)
	stop := runSource(t, src)
	waitFor(t, 10*time.Second, "every message moved and recorded", func() bool {
		st := src.Stats()
		return count(t, c, "INBOX") == 0 && st.Processed+st.Quarantined == 5
	})
	stop()

	if got, want := count(t, c, "Traités"), 3; got != want {
		t.Errorf("Traités holds %d messages, want %d", got, want)
	}
	if got, want := count(t, c, "Quarantaine"), 2; got != want {
		t.Errorf("Quarantaine holds %d messages, want %d", got, want)
	}
	calls := rec.Calls()
	if got, want := len(calls), 5; got != want {
		t.Errorf("Process called %d times, want %d: %v", got, want, calls)
	}
	for _, k := range calls {
		if !strings.HasPrefix(k, "imap:depot@127.0.0.1/INBOX/1/") {
			t.Errorf("Origin.Key %q does not name account, mailbox and UIDVALIDITY", k)
		}
	}
	ctx := context.Background()
	receipts, err := store.Receipts(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	subs, err := store.Submissions(ctx, reconcile.SubmissionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(receipts) != 4 || len(subs) != 3 {
		t.Errorf("%d receipts of %d submissions, want 4 of 3 (the same workbook twice counts once)", len(receipts), len(subs))
	}
	q, err := store.QuarantineEntries(ctx, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(q) != 2 {
		t.Fatalf("%d quarantine entries, want 2 (no attachment, spoofed)", len(q))
	}
	if !strings.Contains(q[0].Reason, "aucun classeur") && !strings.Contains(q[1].Reason, "aucun classeur") {
		t.Errorf("no quarantine entry says the message had no workbook: %q, %q", q[0].Reason, q[1].Reason)
	}
	if st := src.Stats(); st.Fetched != 4 || st.Processed != 3 || st.Quarantined != 2 {
		t.Errorf("stats %+v, want 4 fetched, 3 processed, 2 quarantined", st)
	}
	if src.LastContact().IsZero() {
		t.Error("LastContact is zero after a session")
	}

	// A second run over the same ledger: new mail only.
	appendRaw(t, c, "INBOX", message(t, "ain@ain.fr", "Nouveau", map[string][]byte{"n.xlsx": []byte("nouveau")}))
	src2 := newSource(t, m, ingest.IMAPConfig{Auth: noAuth, Poll: time.Hour}, rec, store)
	stop2 := runSource(t, src2)
	waitFor(t, 10*time.Second, "new message processed", func() bool { return count(t, c, "INBOX") == 0 })
	stop2()
	if got, want := len(rec.Calls()), 6; got != want {
		t.Errorf("after a second run Process was called %d times in all, want %d", got, want)
	}
}

// TestIMAPSourceFallbacks: a server without BINARY, MOVE, UIDPLUS (BODY.PEEK
// decoded here; COPY, STORE, EXPUNGE), polled rather than idled.
func TestIMAPSourceFallbacks(t *testing.T) {
	m := startMemServer(t, imap.CapSet{imap.CapIMAP4rev1: {}})
	c := m.client(t)
	wb := bytes.Repeat([]byte("données binaires \x00\xff\r\n"), 500)
	appendRaw(t, c, "INBOX", message(t, "ain@ain.fr", "Rapport", map[string][]byte{"r.xlsx": wb}))
	qp := "From: ain@ain.fr\r\nMessage-ID: <qp@ain.fr>\r\nSubject: QP\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nvoici\r\n--b\r\n" +
		"Content-Type: application/vnd.ms-excel; name=\"q.xls\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
		"caf=C3=A9=\r\n au lait\r\n--b--\r\n"
	appendRaw(t, c, "INBOX", []byte(qp))

	store := openStore(t)
	var got [][]byte
	p := processorFunc(func(ctx context.Context, in ingest.Incoming) (ingest.Outcome, error) {
		got = append(got, in.Content)
		return ingest.Outcome{}, nil
	})
	src := newSource(t, m, ingest.IMAPConfig{Auth: noAuth, Poll: 50 * time.Millisecond, NoIdle: true}, p, store)
	stop := runSource(t, src)
	waitFor(t, 10*time.Second, "INBOX emptied", func() bool { return count(t, c, "INBOX") == 0 })
	// Polling picks up what comes later.
	appendRaw(t, c, "INBOX", message(t, "ain@ain.fr", "Plus tard", map[string][]byte{"l.xlsx": []byte("tard")}))
	waitFor(t, 10*time.Second, "later message polled", func() bool { return count(t, c, "Traités") == 3 })
	stop()
	if len(got) != 3 {
		t.Fatalf("%d parts processed, want 3", len(got))
	}
	if !bytes.Equal(got[0], wb) {
		t.Errorf("base64 part decoded to %d bytes, want the %d sent", len(got[0]), len(wb))
	}
	if string(got[1]) != "café au lait" {
		t.Errorf("quoted-printable part decoded to %q", got[1])
	}
}

type processorFunc func(ctx context.Context, in ingest.Incoming) (ingest.Outcome, error)

func (f processorFunc) Process(ctx context.Context, in ingest.Incoming) (ingest.Outcome, error) {
	return f(ctx, in)
}

// TestIMAPSourceIdle: with a one-hour poll, a message appended while the
// source idles is processed at once.
func TestIMAPSourceIdle(t *testing.T) {
	m := startMemServer(t, fullCaps)
	c := m.client(t)
	store := openStore(t)
	rec := &recorder{store: store}
	src := newSource(t, m, ingest.IMAPConfig{Auth: noAuth, Poll: time.Hour}, rec, store)
	stop := runSource(t, src)
	waitFor(t, 5*time.Second, "first contact", func() bool { return !src.LastContact().IsZero() })
	time.Sleep(200 * time.Millisecond) // let it enter IDLE
	appendRaw(t, c, "INBOX", message(t, "ain@ain.fr", "Idle", map[string][]byte{"i.xlsx": []byte("idle")}))
	waitFor(t, 5*time.Second, "message processed from IDLE", func() bool { return count(t, c, "Traités") == 1 })
	stop()
}

// TestIMAPSourceUIDValidityChange: a message committed but not moved under
// an earlier UIDVALIDITY is recognised by its Message-ID and moved only;
// the others are processed.
func TestIMAPSourceUIDValidityChange(t *testing.T) {
	m := startMemServer(t, fullCaps)
	c := m.client(t)
	appendRaw(t, c, "INBOX", message(t, "ain@ain.fr", "Déjà fait", map[string][]byte{"d.xlsx": []byte("déjà")}))
	appendRaw(t, c, "INBOX", message(t, "ain@ain.fr", "Nouveau", map[string][]byte{"n.xlsx": []byte("neuf")}))
	sd, err := c.Select("INBOX", nil).Wait()
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := c.Fetch(imap.UIDSetNum(1), &imap.FetchOptions{Envelope: true}).Collect()
	if err != nil || len(msgs) != 1 {
		t.Fatalf("fetch: %v", err)
	}
	store := openStore(t)
	ctx := context.Background()
	acct := "depot@127.0.0.1"
	old := sd.UIDValidity + 1000
	if err := store.SetIMAPMailbox(ctx, acct, "INBOX", ingest.LedgerMailbox{UIDValidity: old, Floor: 7}); err != nil {
		t.Fatal(err)
	}
	if err := store.RecordIMAP(ctx, ingest.LedgerMessage{Account: acct, Mailbox: "INBOX", UIDValidity: old, UID: 8,
		MessageID: msgs[0].Envelope.MessageID, State: ingest.LedgerProcessed, Dest: "Quarantaine"}); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{store: store}
	src := newSource(t, m, ingest.IMAPConfig{Auth: noAuth, Poll: time.Hour}, rec, store)
	stop := runSource(t, src)
	waitFor(t, 10*time.Second, "INBOX emptied and the floor raised", func() bool {
		lb, _, _ := store.IMAPMailbox(ctx, acct, "INBOX")
		return count(t, c, "INBOX") == 0 && lb.Floor == 2
	})
	stop()
	if calls := rec.Calls(); len(calls) != 1 || !strings.Contains(calls[0], fmt.Sprintf("/%d/2/", sd.UIDValidity)) {
		t.Errorf("Process calls %v, want only the new message (UID 2)", calls)
	}
	if got := count(t, c, "Quarantaine"); got != 1 {
		t.Errorf("the message processed before the change is not where it was going: Quarantaine holds %d", got)
	}
	lb, _, err := store.IMAPMailbox(ctx, acct, "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	if lb.UIDValidity != sd.UIDValidity || lb.Floor != 2 {
		t.Errorf("ledger mailbox %+v, want UIDVALIDITY %d and floor 2", lb, sd.UIDValidity)
	}
}

// TestIMAPSourceReconnect: the server goes away and comes back on the same
// address; the source reconnects and processes what arrived meanwhile.
func TestIMAPSourceReconnect(t *testing.T) {
	m := startMemServer(t, fullCaps)
	c := m.client(t)
	store := openStore(t)
	rec := &recorder{store: store}
	src := newSource(t, m, ingest.IMAPConfig{Auth: noAuth, Poll: time.Hour, MinBackoff: 20 * time.Millisecond, MaxBackoff: 200 * time.Millisecond}, rec, store)
	stop := runSource(t, src)
	waitFor(t, 5*time.Second, "first contact", func() bool { return !src.LastContact().IsZero() })
	m.srv.Close()
	c.Close()
	time.Sleep(300 * time.Millisecond) // a few failed reconnections
	ln, err := net.Listen("tcp", m.addr)
	if err != nil {
		t.Fatalf("listen again on %s: %v", m.addr, err)
	}
	m.serve(ln)
	c = m.client(t)
	appendRaw(t, c, "INBOX", message(t, "ain@ain.fr", "Après", map[string][]byte{"a.xlsx": []byte("après")}))
	waitFor(t, 10*time.Second, "message processed after reconnection", func() bool { return count(t, c, "Traités") == 1 })
	stop()
	if src.Stats().Errors == 0 {
		t.Error("no failed session counted")
	}
}

// TestIMAPSourceStoreDown: while the Processor fails, messages stay in the
// mailbox and are retried; none is lost or moved.
func TestIMAPSourceProcessorFailing(t *testing.T) {
	m := startMemServer(t, fullCaps)
	c := m.client(t)
	for i := range 5 {
		appendRaw(t, c, "INBOX", message(t, "ain@ain.fr", fmt.Sprint("m", i), map[string][]byte{"a.xlsx": {byte(i)}}))
	}
	store := openStore(t)
	var failing atomic.Bool
	failing.Store(true)
	var calls atomic.Int64
	p := processorFunc(func(ctx context.Context, in ingest.Incoming) (ingest.Outcome, error) {
		calls.Add(1)
		if failing.Load() {
			return ingest.Outcome{}, errors.New("database is locked")
		}
		return ingest.Outcome{}, nil
	})
	// Retry: a failed message is tried again 50 ms later.
	src := newSource(t, m, ingest.IMAPConfig{Auth: noAuth, Poll: 100 * time.Millisecond, NoIdle: true,
		Retry: 50 * time.Millisecond}, p, store)
	stop := runSource(t, src)
	waitFor(t, 5*time.Second, "a few attempts", func() bool { return calls.Load() >= 6 })
	if got := count(t, c, "INBOX"); got != 5 {
		t.Fatalf("INBOX holds %d messages while processing fails, want 5", got)
	}
	failing.Store(false)
	waitFor(t, 10*time.Second, "all processed once the store is back", func() bool { return count(t, c, "Traités") == 5 })
	stop()
}

func TestNewIMAPSourceURL(t *testing.T) {
	store := openStore(t)
	for _, u := range []string{"http://u:p@h/INBOX", "imaps:///INBOX", "imaps://host/INBOX", "::"} {
		if _, err := ingest.NewIMAPSource(ingest.IMAPConfig{URL: u}, store, nil, nil, zerolog.Nop()); err == nil {
			t.Errorf("NewIMAPSource(%q) accepted", u)
		}
	}
	src, err := ingest.NewIMAPSource(ingest.IMAPConfig{URL: "imaps://depot%40example.test:pw@mail.example.fr/Dépôt"}, store, nil, nil, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := src.Account(), "depot@example.test@mail.example.fr"; got != want {
		t.Errorf("Account() = %q, want %q", got, want)
	}
}

// TestIMAPSourceRefusesPlain: imap:// to a host that is not loopback and
// offers no STARTTLS is refused for good, credentials unsent.
func TestIMAPSourceRefusesPlain(t *testing.T) {
	m := startMemServer(t, fullCaps)
	restore := ingest.SetLoopbackCheck(func(string) bool { return false })
	defer restore()
	store := openStore(t)
	src := newSource(t, m, ingest.IMAPConfig{Auth: noAuth}, &recorder{store: store}, store)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := src.Run(ctx)
	if !errors.Is(err, ingest.ErrPlainIMAP) {
		t.Fatalf("Run = %v, want ErrPlainIMAP", err)
	}
}

// ackRecorder records what the source asks to acknowledge.
type ackRecorder struct {
	mu   sync.Mutex
	keys []string
}

func (a *ackRecorder) Acknowledge(ctx context.Context, in ingest.Incoming, out ingest.Outcome) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.keys = append(a.keys, in.Origin.Key+" "+out.Reason)
	return nil
}

// TestIMAPSourceRefusals: an oversized message, an undecodable attachment,
// and messages failing the Authentication-Results requirement are
// quarantined without reaching the Processor; only the first two are
// answered (the third's sender cannot be trusted), and never an automatic
// message.
func TestIMAPSourceRefusals(t *testing.T) {
	m := startMemServer(t, imap.CapSet{imap.CapIMAP4rev1: {}}) // no BINARY: decoded here
	c := m.client(t)
	big := bytes.Repeat([]byte("x"), 300<<10)
	appendRaw(t, c, "INBOX", message(t, "ain@ain.fr", "Trop gros", map[string][]byte{"gros.xlsx": big}))
	bad := "From: ain@ain.fr\r\nMessage-ID: <bad@ain.fr>\r\nSubject: Abîmé\r\n" +
		"Authentication-Results: mx.gouv.fr; dkim=pass header.d=ain.fr\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nvoici\r\n--b\r\n" +
		"Content-Type: application/octet-stream; name=\"r.xlsx\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		"!!!! pas du base64 ****\r\n--b--\r\n"
	appendRaw(t, c, "INBOX", []byte(bad))
	unsigned := "From: ain@ain.fr\r\nMessage-ID: <unsigned@ain.fr>\r\nSubject: Non signé\r\n" +
		"Authentication-Results: mx.gouv.fr; dkim=fail; dmarc=fail\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; name=\"r.xlsx\"\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\nAAEC\r\n"
	appendRaw(t, c, "INBOX", []byte(unsigned))
	auto := "From: ain@ain.fr\r\nMessage-ID: <auto@ain.fr>\r\nSubject: Absence\r\nAuto-Submitted: auto-replied\r\n" +
		"Authentication-Results: mx.gouv.fr; dkim=pass header.d=ain.fr\r\n\r\nJe suis absente.\r\n"
	appendRaw(t, c, "INBOX", []byte(auto))

	store := openStore(t)
	rec := &recorder{store: store}
	acks := &ackRecorder{}
	src, err := ingest.NewIMAPSource(ingest.IMAPConfig{URL: m.url(), Poll: time.Hour, MaxMessageSize: 200 << 10,
		Auth: ingest.SenderAuth{TrustedServers: []string{"mx.gouv.fr"}}}, store, rec, acks, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	stop := runSource(t, src)
	waitFor(t, 10*time.Second, "all quarantined", func() bool { return src.Stats().Quarantined == 4 })
	stop()
	if calls := rec.Calls(); len(calls) != 0 {
		t.Errorf("the Processor saw %v", calls)
	}
	q, err := store.QuarantineEntries(context.Background(), time.Time{})
	if err != nil || len(q) != 4 {
		t.Fatalf("%d quarantine entries, %v; want 4", len(q), err)
	}
	reasons := map[uint32]string{}
	for _, e := range q {
		reasons[e.Origin.UID] = e.Reason
		if !strings.HasSuffix(e.Origin.Key, "/message") {
			t.Errorf("quarantine key %q does not name the message", e.Origin.Key)
		}
	}
	for uid, want := range map[uint32]string{1: "taille maximale", 2: "n'a pas pu être lu", 3: "Contrôle DMARC", 4: "aucun classeur"} {
		if !strings.Contains(reasons[uid], want) {
			t.Errorf("message %d quarantined for %q, want a reason with %q", uid, reasons[uid], want)
		}
	}
	if len(acks.keys) != 2 || !strings.Contains(acks.keys[0], "/1/message") || !strings.Contains(acks.keys[1], "/2/message") {
		t.Errorf("acknowledged %v; want the oversized and the unreadable messages only", acks.keys)
	}
}
