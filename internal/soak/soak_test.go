package soak_test

import (
	"database/sql"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/mailtest"
)

// The soak is short by default (a few minutes on the 2-core machine, in
// the suite); scripts/soak.sh runs the long version, e.g.
// go test -run Soak -timeout 2h ./internal/soak/ -args -soak.items=250 -soak.duration=20m
var (
	flagItems    = flag.Int("soak.items", 12, "good messages, and as many good folder files")
	flagDuration = flag.Duration("soak.duration", 0, "least time over which the items of the fault phase are fed")
	flagKills    = flag.Int("soak.kills", 1, "random kill -9 of a replica, besides the one of the mailbox reader")
	flagSeed     = flag.Uint64("soak.seed", 0, "random seed (0: from the clock; the log says which)")
	flagLease    = flag.Duration("soak.lease", 5*time.Second, "the replicas' watch.claim_lease: how soon another replica takes over a dead one's mailbox and files")
	flagRate     = flag.Int("soak.rate", 10, "files of each throughput batch of TestSoakFolderRate (the suite's 10 check that replicas share the folder; scripts/soak.sh measures with 300)")
	flagHold     = flag.Duration("soak.hold", 2*time.Second, "how long each outage lasts once /healthz shows it")
)

// TestSoakPostgres: two pactd run replicas on one PostgreSQL schema, real
// Dovecot and Postfix, the faults of issue 13.
func TestSoakPostgres(t *testing.T) {
	mailtest.Enabled(t)
	database := freshSchema(t)
	runSoak(t, database, 2)
}

// TestSoakSQLite: the same soak with one pactd run process on SQLite.
func TestSoakSQLite(t *testing.T) {
	mailtest.Enabled(t)
	runSoak(t, filepath.Join(t.TempDir(), "pactd.db"), 1)
}

// soak is one run of the soak test.
type soak struct {
	t        *testing.T
	rng      *rand.Rand
	db       *sql.DB
	watch    string
	replicas []*replica
	health   *healthWatch
	outages  []*outage
	kills    int
	fed      []*item // every good item sent or dropped, in order
	poisons  []*item
	feeding  sync.WaitGroup // items being fed in the background
	pace     time.Duration  // between two items of the fault phase
	mu       sync.Mutex
	figures  []string
}

// figure logs a figure of the soak and keeps it for the summary.
func (s *soak) figure(format string, args ...any) {
	line := fmt.Sprintf(format, args...)
	s.mu.Lock()
	s.figures = append(s.figures, line)
	s.mu.Unlock()
	s.t.Log("SOAK " + line)
}

func runSoak(t *testing.T, database string, replicas int) {
	lockMail(t)
	ensureServers(t)
	seed := *flagSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("SOAK seed %d (-soak.seed=%d replays the same choices), %d good messages and %d good files, %d replica(s)",
		seed, seed, *flagItems, *flagItems, replicas)
	dir := t.TempDir()
	s := &soak{t: t, rng: rand.New(rand.NewPCG(seed, seed^0x50a4)), watch: filepath.Join(dir, "depot")}
	if err := os.MkdirAll(s.watch, 0o755); err != nil {
		t.Fatal(err)
	}
	// The mail servers are put back however the test ends.
	t.Cleanup(func() {
		allowLogins(t)
		soakPostfix(t, "start")
	})
	resetAccounts(t)
	reg := soakRegister(t)
	saveRegister(t, database, reg)
	s.db = openDB(t, database)
	run := fmt.Sprint(time.Now().UnixNano() % 1e9)
	start := time.Now()
	mails, files := makeItems(t, reg, *flagItems, run)
	unmovable, panics, oversized := poisonItems(t, reg, run)
	s.poisons = []*item{unmovable, panics, oversized}
	t.Logf("SOAK made %d distinct workbooks in %v", 2*len(mails)+3, time.Since(start).Round(time.Millisecond))

	// The unmovable message heads the intake mailbox before any replica
	// starts: everything else comes behind it.
	denyQuarantine(t)
	if err := s.deliver(unmovable); err != nil {
		t.Fatal(err)
	}
	waitInbox(t, 30*time.Second, depotUser, 1)

	logs, err := os.MkdirTemp("", "pactd-soak-logs-") // kept: the replicas' logs, to read after a failure
	if err != nil {
		t.Fatal(err)
	}
	for i := range replicas {
		r := writeConfig(t, dir, string(rune('A'+i)), database, s.watch, true)
		r.logPath = filepath.Join(logs, r.name+".log")
		s.replicas = append(s.replicas, r)
	}
	t.Cleanup(func() {
		for _, r := range s.replicas {
			if r.running() {
				r.kill9(t)
			}
		}
	})
	s.health = watchHealth(s.replicas, 250*time.Millisecond)
	defer s.health.close()

	// Throughput of the folder with one replica, then with two.
	batch := max(len(files)/4, 4)
	s.replicas[0].start(t)
	s.folderRate(files[:batch], 1)
	files = files[batch:]
	if replicas > 1 {
		for _, r := range s.replicas[1:] {
			r.start(t)
		}
		s.folderRate(files[:batch], replicas)
		files = files[batch:]
	}

	s.faults(mails, files, panics, oversized)
	s.finish()
	s.check(unmovable)
}

// send mails it (a mail item) or drops it into the folder (a file item);
// it may run in a feeding goroutine, so it fails the test with Errorf.
func (s *soak) send(it *item) {
	if err := s.deliver(it); err != nil {
		s.t.Errorf("send %s: %v", it.name, err)
		return
	}
	if it.poison == "" {
		s.mu.Lock()
		s.fed = append(s.fed, it)
		s.mu.Unlock()
	}
}

func (s *soak) deliver(it *item) error {
	if it.kind == "dossier" {
		// Written aside then renamed in, as a careful depositor does; the
		// watcher must take it whole either way.
		tmp := filepath.Join(filepath.Dir(s.watch), it.name+".part")
		if err := os.WriteFile(tmp, it.data, 0o640); err != nil {
			return err
		}
		return os.Rename(tmp, filepath.Join(s.watch, it.name))
	}
	raw, err := submission(it.from, "Rapport annuel d'exécution", it.messageID, it.name, it.data)
	if err != nil {
		return err
	}
	return sendMail(it.from, []string{addr(depotUser)}, raw)
}

// receiptsOf returns how many of items have a receipt.
func (s *soak) receiptsOf(items []*item) (int, error) {
	want := map[string]bool{}
	for _, it := range items {
		want[it.name] = true
	}
	rs, err := receipts(s.db)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range rs {
		if want[r.file] {
			n++
			delete(want, r.file)
		}
	}
	return n, nil
}

// waitReceipts waits up to d until every item of items has a receipt,
// and returns when the last was seen; it may run in a goroutine.
func (s *soak) waitReceipts(items []*item, d time.Duration) (time.Time, error) {
	deadline := time.Now().Add(d)
	for {
		n, err := s.receiptsOf(items)
		if err == nil && n == len(items) {
			return time.Now(), nil
		}
		if time.Now().After(deadline) {
			return time.Time{}, fmt.Errorf("%d of %d items have a receipt after %v (%v)\n%s", n, len(items), d, err, s.tails())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *soak) tails() string {
	out := ""
	for _, r := range s.replicas {
		out += fmt.Sprintf("--- %s (%s) last lines:\n%s\n", r.name, r.logPath, r.tail())
	}
	return out
}

// folderRate drops files into the folder at once and measures the time to
// their last receipt.
func (s *soak) folderRate(files []*item, replicas int) {
	s.t.Helper()
	start := time.Now()
	for _, it := range files {
		s.send(it)
	}
	end, err := s.waitReceipts(files, 10*time.Minute)
	if err != nil {
		s.t.Fatal(err)
	}
	took := end.Sub(start).Seconds()
	s.figure("folder throughput, %d replica(s): %d files in %.1f s, %.1f files/s", replicas, len(files), took,
		float64(len(files))/took)
}
