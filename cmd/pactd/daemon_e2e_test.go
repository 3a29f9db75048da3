package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/pactd/pactd/internal/health"
	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/internal/mailtest"
	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/internal/web"
	"github.com/pactd/pactd/reconcile"
)

// The end-to-end test of pactd run: the real binary against the real
// Dovecot and Postfix of scripts/mailtest.sh.
const (
	e2eIMAP      = mailtest.IMAPAddr
	e2eSMTP      = mailtest.SMTPAddr
	e2eDepot     = "daemon-depot@example.test" // the intake mailbox
	e2eCentral   = "daemon-central@example.test"
	e2eMessages  = 40
	e2eShutdown  = 10 * time.Second // shutdown_timeout given to the daemon
	e2eExitGrace = 5 * time.Second  // on top of it, for exiting
)

// e2e is one end-to-end run: a binary, a configuration, a mailbox.
type e2e struct {
	t       *testing.T
	dir     string
	bin     string
	cfg     string
	env     []string
	http    string // the status site
	ops     string // /healthz and /metrics
	db      string
	mailbox string // source folder of the intake account
	done    string // its processed folder
}

func TestDaemonEndToEnd(t *testing.T) {
	mailtest.Require(t)
	e := newE2E(t)
	e.pactd("register", "import", filepath.Join("..", "..", "samples", "registre.xlsx"))
	sent := e.queueWorkbooks()

	// First run: healthy, metrics, then SIGTERM while the intake is busy.
	p := e.start()
	h := e.waitHealthy()
	if db := h.Part(health.Database); db == nil || !db.OK || db.LastSuccess.IsZero() || h.Part(health.Outbox) == nil ||
		h.Part(health.Folder) == nil || h.Part(health.Schedules) == nil {
		t.Errorf("healthz: %+v", h)
	}
	metrics := e.get("/metrics")
	for _, want := range []string{"pactd_build_info{", "pactd_database_up 1", `pactd_messages_fetched_total{mailbox="1"}`,
		`pactd_outbox_messages{state="pending"}`, "go_goroutines"} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	for _, answer := range []string{e.get("/healthz"), metrics} {
		if strings.Contains(answer, "daemon-depot") || strings.Contains(answer, "example.test") {
			t.Errorf("/healthz or /metrics names an account or an address")
		}
	}
	e.waitFor("some messages processed", 90*time.Second, func() bool { return e.processed() >= 3 })
	if n := e.processed(); n >= e2eMessages {
		t.Fatalf("all %d messages processed before SIGTERM: the test did not stop the intake mid-way", n)
	}
	p.stop(t)
	e.checkConsistent(sent, false)

	// Second run: what was left is taken, nothing twice; the weekly job
	// (every minute here) mails the report and succeeds once the SMTP
	// server accepted it.
	p = e.start()
	e.waitHealthy()
	e.waitFor("every message processed", 3*time.Minute, func() bool { return e.inFolder(e.mailbox) == 0 && e.inFolder(e.done) == e2eMessages })
	e.waitFor("a successful weekly run", 3*time.Minute, func() bool {
		return strings.Contains(e.get("/metrics"), `pactd_schedule_runs_total{job="weekly_report",outcome="success"}`)
	})
	page := e.get("/?annee=2025")
	for _, want := range []string{"<h1>État des remontées 2025</h1>", "rapport-hebdomadaire-", "Rapport hebdomadaire", "réussie"} {
		if !strings.Contains(page, want) {
			t.Errorf("status page lacks %q", want)
		}
	}
	p.stop(t)
	e.checkConsistent(sent, true)
	e.checkWeeklyDelivered()
}

func newE2E(t *testing.T) *e2e {
	dir := t.TempDir()
	e := &e2e{t: t, dir: dir, bin: filepath.Join(dir, "pactd"), db: filepath.Join(dir, "data", "pactd.db")}
	build := exec.Command("go", "build", "-o", e.bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	e.http = ln.Addr().String()
	ln.Close()
	if ln, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	e.ops = ln.Addr().String()
	ln.Close()
	tag := fmt.Sprintf("e2e-%d-%d", os.Getpid(), time.Now().UnixNano()%1e9)
	e.mailbox, e.done = tag, tag+"-traites"
	e.cfg = filepath.Join(dir, "pactd.toml")
	cfg := fmt.Sprintf(`database = %q
http_addr = %q
metrics_addr = %q
shutdown_timeout = %q
[watch]
dir = %q
[[imap]]
url = "imap://daemon-depot%%40example.test:daemon-depot-pw@%s/%s"
processed = %q
quarantine = %q
[intake]
# The workbooks are appended to the mailbox, never through a receiving
# server: nothing vouches for their senders. Sender authentication is
# tested with OpenDKIM and OpenDMARC in ingest/e2e.
require_authentication = false
[smtp]
url = "smtp://%s"
from = "Pacte des solidarités <daemon-depot@example.test>"
[report]
to = [%q]
schedule = "* * * * *"
[log]
level = "debug"
format = "json"
`, e.db, e.http, e.ops, e2eShutdown.String(), filepath.Join(dir, "depot"), e2eIMAP, e.mailbox, e.done, tag+"-quarantaine", e2eSMTP, e2eCentral)
	if err := os.WriteFile(e.cfg, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PACTD_") && !strings.HasPrefix(kv, "SSL_CERT_FILE=") {
			e.env = append(e.env, kv)
		}
	}
	e.env = append(e.env, "SSL_CERT_FILE="+filepath.Join(mailtest.Dir(), "tls", "cert.pem"))
	c := e.imap()
	defer c.Close()
	for _, f := range []string{e.mailbox, e.done, tag + "-quarantaine"} {
		if err := c.Create(f, nil).Wait(); err != nil && !strings.Contains(err.Error(), "ALREADYEXISTS") {
			t.Fatalf("create folder %s: %v", f, err)
		}
	}
	e.emptyCentral()
	t.Cleanup(func() {
		c := e.imap()
		defer c.Close()
		for _, f := range []string{e.mailbox, e.done, tag + "-quarantaine"} {
			c.Delete(f).Wait()
		}
	})
	return e
}

// pactd runs a one-shot command of the binary and fails the test if it
// fails.
func (e *e2e) pactd(args ...string) string {
	e.t.Helper()
	cmd := exec.Command(e.bin, append(args, "--config", e.cfg)...)
	cmd.Env = e.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		e.t.Fatalf("pactd %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// imap returns a client logged in to the intake account.
func (e *e2e) imap() *imapclient.Client {
	e.t.Helper()
	c, err := imapclient.DialInsecure(e2eIMAP, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := c.Login(e2eDepot, "daemon-depot-pw").Wait(); err != nil {
		e.t.Fatal(err)
	}
	return c
}

// queueWorkbooks appends e2eMessages messages, each with a generated
// workbook of a territory sent by one of its authorised senders, to the
// intake folder, and returns their Message-IDs.
func (e *e2e) queueWorkbooks() []string {
	e.t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, e.db)
	if err != nil {
		e.t.Fatal(err)
	}
	reg, err := st.LatestRegister(ctx)
	st.Close()
	if err != nil {
		e.t.Fatal(err)
	}
	var sirens []string
	senders := map[string]string{}
	for _, c := range reg.Contracts {
		if len(sirens) == e2eMessages/2 {
			break
		}
		if !c.Covers(2025) || len(c.Territory.Senders) == 0 {
			continue
		}
		s := c.Territory.Senders[0]
		if strings.HasPrefix(s, "@") {
			s = "referent" + s
		}
		sirens = append(sirens, c.Territory.SIREN)
		senders[c.Territory.SIREN] = s
	}
	out := filepath.Join(e.dir, "modeles")
	e.pactd("templates", "generate", "--year", "2025", "--siren", strings.Join(sirens, ","), "--out", out)
	files, err := filepath.Glob(filepath.Join(out, "CLS_2025_*.xlsx"))
	if err != nil || len(files) != len(sirens) {
		e.t.Fatalf("generated %d workbooks (%v), want %d", len(files), err, len(sirens))
	}
	sort.Strings(files)
	c := e.imap()
	defer c.Close()
	var ids []string
	for i := 0; i < e2eMessages; i++ {
		f := files[i%len(files)]
		data, err := os.ReadFile(f)
		if err != nil {
			e.t.Fatal(err)
		}
		// Each workbook is sent twice, as territories do: the second
		// message is a duplicate of the same submission.
		siren := strings.Split(filepath.Base(f), "_")[2]
		id := fmt.Sprintf("e2e-%d-%d@example.test", time.Now().UnixNano(), i)
		raw, _, err := mail.Compose(mail.Draft{From: senders[siren], To: []string{e2eDepot},
			Subject: "Rapport annuel 2025 " + siren, Date: time.Now(), MessageID: id,
			Text: "Bonjour,\n\nVeuillez trouver ci-joint notre rapport.\n",
			Attachments: []mail.Attachment{{Name: filepath.Base(f),
				ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Data: data}}})
		if err != nil {
			e.t.Fatal(err)
		}
		ac := c.Append(e.mailbox, int64(len(raw)), nil)
		if _, err := ac.Write(raw); err != nil {
			e.t.Fatal(err)
		}
		if err := ac.Close(); err != nil {
			e.t.Fatal(err)
		}
		if _, err := ac.Wait(); err != nil {
			e.t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// daemonProcess is a running pactd run.
type daemonProcess struct {
	cmd    *exec.Cmd
	stderr *lockedBuffer
	exited chan error
}

// lockedBuffer collects the daemon's log.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func (e *e2e) start() *daemonProcess {
	e.t.Helper()
	p := &daemonProcess{cmd: exec.Command(e.bin, "run", "--config", e.cfg), stderr: &lockedBuffer{}, exited: make(chan error, 1)}
	p.cmd.Env = e.env
	p.cmd.Stderr = p.stderr
	if err := p.cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	go func() { p.exited <- p.cmd.Wait() }()
	e.t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			p.cmd.Process.Kill()
			<-p.exited
		}
	})
	return p
}

// stop sends SIGTERM and checks the daemon exits 0 within the shutdown
// timeout, and that its log has no secret and no error of its own.
func (p *daemonProcess) stop(t *testing.T) {
	t.Helper()
	begin := time.Now()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-p.exited:
		if err != nil {
			t.Errorf("pactd run exited with %v, want status 0; log:\n%s", err, tail(p.stderr.String(), 40))
		}
	case <-time.After(e2eShutdown + e2eExitGrace):
		t.Fatalf("pactd run still running %s after SIGTERM; log:\n%s", e2eShutdown+e2eExitGrace, tail(p.stderr.String(), 40))
	}
	took := time.Since(begin)
	t.Logf("pactd run stopped %s after SIGTERM", took.Round(time.Millisecond))
	log := p.stderr.String()
	if strings.Contains(log, "daemon-depot-pw") {
		t.Error("the log shows the mailbox password")
	}
	for _, line := range strings.Split(strings.TrimSpace(log), "\n") {
		var entry map[string]any
		if err := json.Unmarshal([]byte(line), &entry); err != nil {
			t.Errorf("log line is not JSON: %q", line)
		}
	}
	if !strings.Contains(log, `"message":"pactd stopped"`) {
		t.Errorf("no clean stop in the log:\n%s", tail(log, 20))
	}
}

func tail(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// get fetches path from the status site, or from the operations listener
// for /healthz and /metrics.
func (e *e2e) get(path string) string {
	e.t.Helper()
	host := e.http
	if strings.HasPrefix(path, "/healthz") || strings.HasPrefix(path, "/metrics") {
		host = e.ops
	}
	resp, err := http.Get("http://" + host + path)
	if err != nil {
		e.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func (e *e2e) waitHealthy() web.Health {
	e.t.Helper()
	var h web.Health
	e.waitFor("healthy /healthz", 60*time.Second, func() bool {
		resp, err := http.Get("http://" + e.ops + "/healthz")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		h = web.Health{}
		if json.NewDecoder(resp.Body).Decode(&h) != nil || resp.StatusCode != 200 {
			return false
		}
		mb := h.Part(health.Mailbox)
		return mb != nil && !mb.LastSuccess.IsZero()
	})
	return h
}

func (e *e2e) waitFor(what string, d time.Duration, ok func() bool) {
	e.t.Helper()
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) {
			e.t.Fatalf("waited %s for %s", d, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// processedLine reads the pipeline counters of the metrics.
var processedLine = regexp.MustCompile(`(?m)^pactd_intake_processed_total\{result="[a-z]+",source="email"\} (\d+)$`)

// processed returns how many files the running daemon has taken.
func (e *e2e) processed() int {
	n := 0
	for _, m := range processedLine.FindAllStringSubmatch(e.get("/metrics"), -1) {
		v, _ := strconv.Atoi(m[1])
		n += v
	}
	return n
}

// inFolder counts the messages of a folder of the intake account.
func (e *e2e) inFolder(folder string) int {
	e.t.Helper()
	c := e.imap()
	defer c.Close()
	st, err := c.Status(folder, &imap.StatusOptions{NumMessages: true}).Wait()
	if err != nil {
		e.t.Fatalf("status %s: %v", folder, err)
	}
	return int(*st.NumMessages)
}

// messageIDs lists the Message-IDs of a folder.
func (e *e2e) messageIDs(folder string) map[string]int {
	e.t.Helper()
	c := e.imap()
	defer c.Close()
	if _, err := c.Select(folder, nil).Wait(); err != nil {
		e.t.Fatal(err)
	}
	out := map[string]int{}
	msgs, err := c.Fetch(imap.SeqSet{imap.SeqRange{Start: 1, Stop: 0}}, &imap.FetchOptions{Envelope: true}).Collect()
	if err != nil {
		if strings.Contains(err.Error(), "Invalid messageset") || strings.Contains(err.Error(), "No matching messages") {
			return out
		}
		e.t.Fatalf("fetch %s: %v", folder, err)
	}
	for _, m := range msgs {
		out[strings.Trim(m.Envelope.MessageID, "<>")]++
	}
	return out
}

// checkConsistent checks the database after a stop: intact, and every
// message sent either processed once and moved, or still waiting in the
// mailbox (processed at most once). When all is true, every message must
// be processed and moved.
func (e *e2e) checkConsistent(sent []string, all bool) {
	e.t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, e.db)
	if err != nil {
		e.t.Fatal(err)
	}
	defer st.Close()
	var integrity string
	if err := st.DB().QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
		e.t.Fatalf("integrity_check: %q, %v", integrity, err)
	}
	receipts, err := st.Receipts(ctx, 0)
	if err != nil {
		e.t.Fatal(err)
	}
	perMessage := map[string]int{}
	for _, r := range receipts {
		if r.Origin.Kind == reconcile.OriginEmail {
			perMessage[strings.Trim(r.Origin.MessageID, "<>")]++
		}
	}
	waiting, moved := e.messageIDs(e.mailbox), e.messageIDs(e.done)
	stats := map[string]int{}
	for _, id := range sent {
		switch {
		case perMessage[id] > 1:
			e.t.Errorf("message %s processed %d times", id, perMessage[id])
		case moved[id] > 1 || waiting[id] > 1 || moved[id]+waiting[id] != 1:
			e.t.Errorf("message %s is %d times in %s and %d times in %s, want once", id, moved[id], e.done, waiting[id], e.mailbox)
		case moved[id] == 1 && perMessage[id] != 1:
			e.t.Errorf("message %s moved without being recorded", id)
		case moved[id] == 1:
			stats["processed and moved"]++
		case perMessage[id] == 1:
			stats["processed, to move at the next start"]++
		default:
			stats["untouched"]++
		}
	}
	e.t.Logf("after the stop: %v", stats)
	if all && stats["processed and moved"] != len(sent) {
		e.t.Errorf("after the second run: %v, want all %d processed and moved", stats, len(sent))
	}
	if !all && stats["untouched"]+stats["processed, to move at the next start"] == 0 {
		e.t.Errorf("nothing left after the first stop: %v", stats)
	}
}

// central returns a client logged in to the central team's mailbox, with
// INBOX selected.
func (e *e2e) central() *imapclient.Client {
	e.t.Helper()
	c, err := imapclient.DialInsecure(e2eIMAP, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := c.Login(e2eCentral, "daemon-central-pw").Wait(); err != nil {
		e.t.Fatal(err)
	}
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		e.t.Fatal(err)
	}
	return c
}

// emptyCentral deletes what earlier runs left in the central team's
// mailbox (this test's own account): the weekly report of a week always
// has the same Message-ID.
func (e *e2e) emptyCentral() {
	e.t.Helper()
	c := e.central()
	defer c.Close()
	sd, err := c.UIDSearch(&imap.SearchCriteria{}, nil).Wait()
	if err != nil {
		e.t.Fatal(err)
	}
	if uids := sd.AllUIDs(); len(uids) > 0 {
		if err := c.Store(imap.UIDSetNum(uids...), &imap.StoreFlags{Op: imap.StoreFlagsAdd, Flags: []imap.Flag{imap.FlagDeleted}, Silent: true}, nil).Close(); err != nil {
			e.t.Fatal(err)
		}
		if err := c.Expunge().Close(); err != nil {
			e.t.Fatal(err)
		}
	}
}

// checkWeeklyDelivered checks the weekly report reached the central team's
// mailbox once.
func (e *e2e) checkWeeklyDelivered() {
	e.t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, e.db)
	if err != nil {
		e.t.Fatal(err)
	}
	mails, err := st.Mails(ctx, mail.Filter{Kind: "weekly"})
	st.Close()
	if err != nil || len(mails) != 1 || mails[0].State != mail.Sent {
		e.t.Fatalf("weekly mails in the outbox: %+v, %v; want one sent", mails, err)
	}
	c := e.central()
	defer c.Close()
	var found []imap.UID
	e.waitFor("the weekly report in the central mailbox", 30*time.Second, func() bool {
		sd, err := c.UIDSearch(&imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{
			{Key: "Message-ID", Value: mails[0].MessageID}}}, nil).Wait()
		if err != nil {
			return false
		}
		found = sd.AllUIDs()
		return len(found) > 0
	})
	if len(found) != 1 {
		e.t.Errorf("the weekly report arrived %d times", len(found))
	}
	msgs, err := c.Fetch(imap.UIDSetNum(found[0]), &imap.FetchOptions{BodyStructure: &imap.FetchItemBodyStructure{Extended: true}}).Collect()
	if err != nil || len(msgs) != 1 {
		e.t.Fatalf("fetch the weekly report: %v", err)
	}
	var names []string
	msgs[0].BodyStructure.Walk(func(path []int, p imap.BodyStructure) bool {
		if sp, ok := p.(*imap.BodyStructureSinglePart); ok && sp.Filename() != "" {
			names = append(names, sp.Filename())
		}
		return true
	})
	if len(names) != 2 || !strings.HasSuffix(names[0], ".pdf") || !strings.HasSuffix(names[1], ".xlsx") {
		e.t.Errorf("attachments %v, want the PDF and the XLSX annex", names)
	}
}
