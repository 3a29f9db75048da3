package e2e_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/rs/zerolog"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/reconcile"
)

// fetchCounter reads the client side of the IMAP exchange and counts FETCH
// commands: envelope batches, and part fetches per UID.
type fetchCounter struct {
	pw       *io.PipeWriter
	done     chan struct{}
	mu       sync.Mutex
	batches  int
	partsFor map[string]int
}

// Lines may carry binary bytes of a response before a command (the debug
// writer sees both directions): match anywhere in the line.
var (
	partFetch     = regexp.MustCompile(`\S+ UID FETCH (\d+) \(UID (BINARY|BODY)\.PEEK\[`)
	envelopeFetch = regexp.MustCompile(`\S+ UID FETCH [\d:,]+ \([^)]*ENVELOPE`)
)

func newFetchCounter() *fetchCounter {
	pr, pw := io.Pipe()
	fc := &fetchCounter{pw: pw, done: make(chan struct{}), partsFor: map[string]int{}}
	go func() {
		defer close(fc.done)
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		for sc.Scan() {
			line := sc.Text()
			if !strings.Contains(line, " UID FETCH ") {
				continue
			}
			fc.mu.Lock()
			for _, m := range partFetch.FindAllStringSubmatch(line, -1) {
				fc.partsFor[m[1]]++
			}
			fc.batches += len(envelopeFetch.FindAllString(line, -1))
			fc.mu.Unlock()
		}
		io.Copy(io.Discard, pr)
	}()
	return fc
}

func (fc *fetchCounter) Write(p []byte) (int, error) { return fc.pw.Write(p) }

// storeProcessor records every part as a submission, like the pipeline's
// storage step without parsing, so the benchmark measures the intake.
type storeProcessor struct {
	store *sqlite.Store
	n     atomic.Int64
}

func (p *storeProcessor) Process(ctx context.Context, in ingest.Incoming) (ingest.Outcome, error) {
	p.n.Add(1)
	sum := sha256.Sum256(in.Content)
	sub := &reconcile.Submission{FileName: in.Name, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(in.Content)),
		SIREN: sirenAin, Year: year, Template: "CLS-RAE/1", Origin: in.Origin, ReceivedAt: in.ReceivedAt,
		RegisterVersion: 1, Verdict: reconcile.Accepted, Content: in.Content}
	rec, err := p.store.RecordSubmission(ctx, sub)
	return ingest.Outcome{Receipt: rec, Submission: sub}, err
}

// BenchmarkIMAPIntake1000 fills a Dovecot mailbox with 1,000 messages, each
// with a 50 KB attachment, and measures one intake run over it: time, memory,
// FETCH commands. It fails if any message's parts are fetched twice.
// Run: PACTD_TEST_MAIL=1 go test -run '^$' -bench IMAPIntake1000 -benchtime 1x ./ingest/e2e/
func BenchmarkIMAPIntake1000(b *testing.B) {
	requireMail(b)
	const n = 1000
	user := "bench"
	attachment := make([]byte, 50<<10)
	for i := range attachment {
		attachment[i] = byte(i * 7)
	}
	for range b.N {
		b.StopTimer()
		reset(b, user)
		c := login(b, user)
		for i := range n {
			copy(attachment, fmt.Sprintf("%08d", i)) // distinct files
			raw := submission(b, addr("ain"), addr(user), fmt.Sprint("Rapport ", i), fmt.Sprintf("bench-%d-%d@ain.example.test", i, time.Now().UnixNano()),
				map[string][]byte{fmt.Sprintf("CLS_%d.xlsx", i): attachment})
			appendMessage(b, c, raw)
		}
		c.Close()
		store, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "pactd.db"))
		if err != nil {
			b.Fatal(err)
		}
		p := &storeProcessor{store: store}
		fc := newFetchCounter()
		src, err := ingest.NewIMAPSource(ingest.IMAPConfig{URL: imapURL(user), TLSConfig: tlsConfig(b), Poll: time.Hour, Auth: unauthenticated},
			store, p, nil, zerolog.Nop())
		if err != nil {
			b.Fatal(err)
		}
		src.DebugWriter = fc
		var before runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		var peak atomic.Uint64
		stopSampling := make(chan struct{})
		go func() {
			var ms runtime.MemStats
			for {
				select {
				case <-stopSampling:
					return
				case <-time.After(20 * time.Millisecond):
					runtime.ReadMemStats(&ms)
					if ms.HeapInuse > peak.Load() {
						peak.Store(ms.HeapInuse)
					}
				}
			}
		}()
		ctx, cancel := context.WithCancel(context.Background())
		runDone := make(chan struct{})
		b.StartTimer()
		start := time.Now()
		go func() { defer close(runDone); src.Run(ctx) }()
		for st := src.Stats(); st.Processed < n; st = src.Stats() {
			if time.Since(start) > 5*time.Minute {
				b.Fatalf("only %d of %d messages processed after 5 min", st.Processed, n)
			}
			time.Sleep(5 * time.Millisecond)
		}
		elapsed := time.Since(start)
		b.StopTimer()
		cancel()
		<-runDone
		close(stopSampling)
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		fc.pw.Close()
		<-fc.done
		twice := 0
		for _, k := range fc.partsFor {
			if k > 1 {
				twice++
			}
		}
		if len(fc.partsFor) != n || twice != 0 || p.n.Load() != n {
			b.Fatalf("parts fetched for %d messages (%d more than once), %d processed; want each of %d once",
				len(fc.partsFor), twice, p.n.Load(), n)
		}
		b.ReportMetric(float64(elapsed.Milliseconds())/n, "ms/message")
		b.ReportMetric(float64(fc.batches+len(fc.partsFor)), "FETCH-commands")
		b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/(1<<20), "MiB-allocated")
		b.ReportMetric(float64(peak.Load())/(1<<20), "MiB-peak-heap")
		store.Close()
	}
}

func appendMessage(b *testing.B, c *imapclient.Client, raw []byte) {
	cmd := c.Append("INBOX", int64(len(raw)), nil)
	cmd.Write(raw)
	cmd.Close()
	if _, err := cmd.Wait(); err != nil {
		b.Fatal(err)
	}
}
