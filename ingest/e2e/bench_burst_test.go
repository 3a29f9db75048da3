package e2e_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/internal/sqlstore"
)

const (
	burstDepot  = "burst-depot"
	burstSender = "burst-ain"
	postfixLog  = "/tmp/mailtest/postfix.log"
)

// BenchmarkMailBurst is a deadline-day burst: PACTD_BENCH_MAILS (default
// 150) mails, each with a distinct filled workbook of the real-size
// register, sent at once over four SMTP connections to the loopback
// Postfix, which delivers them to the intake mailbox of a real pactd run
// (SQLite). It measures, per mail, from Postfix accepting it to Postfix
// accepting its acknowledgment: as the outbox recorded it (SentAt, taken
// when Postfix's reply to the final dot arrived), and, as a check, by the
// second Postfix logged its header in plus one (its log has whole seconds;
// the reply may come a moment later, once the rest of the message is in
// and on disk). It splits that time: the loopback Postfix's delivery of the
// mail into the mailbox (its log's delay=), then pactd's intake until the
// acknowledgment is queued in the outbox, then the outbox's wait and send.
// Every mail must get exactly one acknowledgment, delivered.
// Run it under the mail lock (scripts/bench-intake.sh does):
// flock /tmp/pactd-mail.lock env PACTD_TEST_MAIL=1 go test -run '^$' -bench MailBurst -benchtime 1x ./ingest/e2e/
func BenchmarkMailBurst(b *testing.B) {
	requireMail(b)
	n := benchCount(b, "PACTD_BENCH_MAILS", 150)
	reg, _ := benchRegister(b)
	paths := benchFiles(b, n)
	for i := range reg.Contracts {
		reg.Contracts[i].Territory.Senders = []string{addr(burstSender)}
		reg.Contracts[i].Territory.Recipients = nil
	}
	for range b.N {
		reset(b, burstDepot, burstSender)
		dir := b.TempDir()
		db := filepath.Join(dir, "pactd.db")
		st, err := sqlite.Open(context.Background(), db)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := st.SaveRegister(context.Background(), reg); err != nil {
			b.Fatal(err)
		}
		st.Close()
		// The burst measures the intake's throughput: mail comes straight
		// from the loopback Postfix, with no Authentication-Results to
		// check (the check is one header parse; docs/MAIL.md).
		cfg, opsAddr := benchConfig(b, dir, db, filepath.Join(dir, "depot"), fmt.Sprintf(`[intake]
require_authentication = false
workers = %d
[[imap]]
url = "imaps://%s%%40example.test:%s-pw@%s/INBOX"
[smtp]
url = "smtp://%s"
from = "Pacte des solidarités <%s>"
`, benchCount(b, "PACTD_BENCH_WORKERS", 0), burstDepot, burstDepot, imapsURL, smtpAddr, addr(burstDepot)))
		d := startDaemon(b, cfg, opsAddr)
		time.Sleep(time.Second) // the mailbox session is up and idle

		raws := make([][]byte, n)
		ids := make([]string, n)
		for i, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			ids[i] = fmt.Sprintf("burst-%d-%d@ain.example.test", i, time.Now().UnixNano())
			raws[i] = submission(b, addr(burstSender), addr(burstDepot), "Rapport annuel d'exécution", ids[i],
				map[string][]byte{filepath.Base(p): data})
		}
		accepted := sendBurst(b, raws, ids, 4)

		out := openDB(b, db)
		deadline := time.Now().Add(10 * time.Minute)
		for countRows(b, out, `SELECT COUNT(*) FROM outbox WHERE state = 'sent'`) < n {
			if time.Now().After(deadline) {
				b.Fatalf("%d acknowledgments sent of %d after 10 min\n%s", countRows(b, out, `SELECT COUNT(*) FROM outbox WHERE state = 'sent'`), n, d.log())
			}
			time.Sleep(20 * time.Millisecond)
		}
		acks := sentAcks(b, out)
		waitCount(b, 2*time.Minute, burstSender, "INBOX", n)
		peak := d.peakRSS(b)
		d.stop(b)
		if e := d.errors.Load(); e != 0 {
			b.Errorf("pactd logged %d errors\n%s", e, d.log())
		}
		if len(acks) != n {
			b.Fatalf("%d acknowledgments, want one per mail (%d)", len(acks), n)
		}
		logged, delivered := readPostfixLog(b)
		var low, high, queued, inbox, intake []time.Duration
		for id, at := range accepted {
			a, ok := acks[id]
			if !ok {
				b.Fatalf("no acknowledgment of %s", id)
			}
			sec, ok := logged[a.messageID]
			if !ok {
				b.Fatalf("acknowledgment %s of %s not in Postfix's log", a.messageID, id)
			}
			low = append(low, a.accepted.Sub(at))
			queued = append(queued, a.queued.Sub(at))
			if d, ok := delivered[id]; ok {
				inbox = append(inbox, d)
				intake = append(intake, a.queued.Sub(at)-d)
			}
			upper := sec.Add(time.Second)
			if a.accepted.After(upper.Add(time.Second)) { // Postfix logs the header before it replies
				b.Errorf("acknowledgment %s logged by Postfix at %s, seconds before its acceptance at %s", a.messageID, sec, a.accepted)
			}
			high = append(high, upper.Sub(at))
		}
		slices.Sort(low)
		slices.Sort(high)
		slices.Sort(queued)
		slices.Sort(inbox)
		slices.Sort(intake)
		if len(inbox) != len(accepted) {
			b.Fatalf("Postfix's log gives the delivery into the mailbox of %d mails of %d", len(inbox), len(accepted))
		}
		within := 0
		for _, l := range low {
			if l <= 5*time.Second {
				within++
			}
		}
		b.ReportMetric(low[len(low)/2].Seconds(), "s-median-accepted")
		b.ReportMetric(high[len(high)/2].Seconds(), "s-median-to")
		b.ReportMetric(low[len(low)-1].Seconds(), "s-worst-accepted")
		b.ReportMetric(high[len(high)-1].Seconds(), "s-worst-to")
		b.ReportMetric(inbox[len(inbox)/2].Seconds(), "s-median-inbox")
		b.ReportMetric(inbox[len(inbox)-1].Seconds(), "s-worst-inbox")
		b.ReportMetric(intake[len(intake)/2].Seconds(), "s-median-intake")
		b.ReportMetric(intake[len(intake)-1].Seconds(), "s-worst-intake")
		b.ReportMetric(queued[len(queued)/2].Seconds(), "s-median-queued")
		b.ReportMetric(queued[len(queued)-1].Seconds(), "s-worst-queued")
		b.ReportMetric(float64(within), "acks-within-5s")
		b.ReportMetric(peak, "MiB-peak-RSS")
	}
}

// sendBurst sends the mails over conns SMTP connections at once and
// returns, by Message-ID, when Postfix accepted each (its reply to DATA).
func sendBurst(b *testing.B, raws [][]byte, ids []string, conns int) map[string]time.Time {
	b.Helper()
	accepted := make(map[string]time.Time, len(raws))
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make(chan error, conns)
	for w := range conns {
		wg.Go(func() {
			c, err := smtp.Dial(smtpAddr)
			if err != nil {
				errs <- err
				return
			}
			defer c.Close()
			for i := w; i < len(raws); i += conns {
				if err := c.SendMail(addr(burstSender), []string{addr(burstDepot)}, bytes.NewReader(raws[i])); err != nil {
					errs <- fmt.Errorf("send mail %d: %w", i, err)
					return
				}
				mu.Lock()
				accepted[ids[i]] = time.Now()
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	return accepted
}

// sentAck is an acknowledgment the outbox sent.
type sentAck struct {
	messageID string    // its own Message-ID
	queued    time.Time // the intake put it in the outbox
	accepted  time.Time // Postfix's reply to the final dot reached the outbox
}

// sentAcks returns the sent acknowledgments by the Message-ID they reply
// to; it fails on a mail acknowledged twice.
func sentAcks(b *testing.B, db *sql.DB) map[string]sentAck {
	b.Helper()
	rows, err := db.Query(`SELECT message_id, raw, created_at, sent_at FROM outbox WHERE state = 'sent' AND kind = 'ack'`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	out := map[string]sentAck{}
	for rows.Next() {
		var id, created, sent string
		var raw []byte
		if err := rows.Scan(&id, &raw, &created, &sent); err != nil {
			b.Fatal(err)
		}
		msg, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			b.Fatalf("acknowledgment %s: %v", id, err)
		}
		to := strings.Trim(msg.Header.Get("In-Reply-To"), "<> ")
		accepted, err := sqlstore.ParseTime(sent)
		if err != nil {
			b.Fatal(err)
		}
		queued, err := sqlstore.ParseTime(created)
		if err != nil {
			b.Fatal(err)
		}
		if _, dup := out[to]; dup {
			b.Errorf("mail %s acknowledged twice", to)
		}
		out[to] = sentAck{messageID: strings.Trim(id, "<>"), queued: queued, accepted: accepted}
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return out
}

// readPostfixLog reads Postfix's log: the second each message (by
// Message-ID) was taken in, and for the messages delivered into a mailbox
// (LMTP to Dovecot) how long after it was taken in (Postfix's delay=, to
// the hundredth of a second).
func readPostfixLog(b *testing.B) (map[string]time.Time, map[string]time.Duration) {
	b.Helper()
	f, err := os.Open(postfixLog)
	if err != nil {
		b.Fatalf("read Postfix's log: %v", err)
	}
	defer f.Close()
	re := regexp.MustCompile(`^(\w{3} +\d+ \d\d:\d\d:\d\d) \S+ postfix/cleanup\[\d+\]: (\w+): message-id=<([^>]+)>`)
	lmtp := regexp.MustCompile(`postfix/lmtp\[\d+\]: (\w+): to=<[^>]*>.* delay=([0-9.]+),.* status=sent`)
	out := map[string]time.Time{}
	ids := map[string]string{} // queue ID → Message-ID
	delivered := map[string]time.Duration{}
	year := time.Now().Year()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if m := lmtp.FindStringSubmatch(sc.Text()); m != nil {
			if id, ok := ids[m[1]]; ok {
				if sec, err := strconv.ParseFloat(m[2], 64); err == nil {
					delivered[id] = time.Duration(sec * float64(time.Second))
				}
			}
			continue
		}
		m := re.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		ids[m[2]] = m[3]
		t, err := time.ParseInLocation("2006 Jan 2 15:04:05", fmt.Sprint(year, " ", strings.Join(strings.Fields(m[1]), " ")), time.Local)
		if err != nil {
			continue
		}
		out[m[3]] = t
	}
	return out, delivered
}
