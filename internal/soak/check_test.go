package soak_test

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// finish waits until every item fed has a receipt, the outbox has sent
// everything and every acknowledgment is delivered; then builds a weekly
// report and stops the replicas.
func (s *soak) finish() {
	s.t.Helper()
	s.feeding.Wait()
	// An acknowledgment whose sender was killed inside the SMTP exchange
	// stays claimed for the outbox's ClaimFor (5 minutes) before another
	// attempt: the wait covers it.
	wait := 6*time.Minute + time.Duration(len(s.fed))*time.Second
	deadline := time.Now().Add(wait)
	for {
		n, err := s.receiptsOf(s.fed)
		pending := countOf(s.t, s.db, `SELECT COUNT(*) FROM outbox WHERE state = 'pending'`)
		delivered := 0
		if err == nil && n == len(s.fed) && pending == 0 {
			delivered = len(deliveredAcks(s.t, destUser))
			if delivered >= s.mailsFed() {
				break
			}
		}
		if time.Now().After(deadline) {
			s.t.Errorf("after %v: %d of %d items with a receipt (%v), %d acknowledgments pending, %d delivered\n%s", wait,
				n, len(s.fed), err, pending, delivered, s.tails())
			break
		}
		time.Sleep(time.Second)
	}
	time.Sleep(2 * time.Second) // a late duplicate would show up now
	out := pactdCommand(s.t, s.replicas[0], "report", "weekly")
	s.t.Logf("pactd report weekly: %s", strings.TrimSpace(out))
	s.checkSites()
	for _, r := range s.replicas {
		r.stop(s.t)
	}
}

// reportLink matches the weekly report links of the status page.
var reportLink = regexp.MustCompile(`/rapports/(rapport-hebdomadaire-\d{4}-\d{2}-\d{2}\.(?:pdf|xlsx))`)

// mailsFed returns how many good messages were sent.
func (s *soak) mailsFed() int {
	n := 0
	for _, it := range s.fed {
		if it.kind == "courriel" {
			n++
		}
	}
	return n
}

// checkSites fails unless every replica's status page lists the same
// weekly reports, at least one.
func (s *soak) checkSites() {
	s.t.Helper()
	var first []string
	for i, r := range s.replicas {
		resp, err := http.Get("http://" + r.site + "/")
		if err != nil {
			s.t.Errorf("%s: status page: %v", r.name, err)
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			s.t.Errorf("%s: status page answered %d", r.name, resp.StatusCode)
			continue
		}
		var names []string
		for _, m := range reportLink.FindAllStringSubmatch(string(body), -1) {
			if !slices.Contains(names, m[1]) {
				names = append(names, m[1])
			}
		}
		slices.Sort(names)
		if len(names) == 0 {
			s.t.Errorf("%s: the status page lists no weekly report after pactd report weekly", r.name)
		}
		if i == 0 {
			first = names
			s.t.Logf("SOAK %s's status page lists %v", r.name, names)
		} else if !slices.Equal(names, first) {
			s.t.Errorf("%s's status page lists %v, %s's %v: replicas serve different reports", r.name, names,
				s.replicas[0].name, first)
		}
	}
}

// check asserts the end state: one receipt and one acknowledgment per
// good item (at most one duplicate delivery per kill), every poison item
// in quarantine with its reason, the unmovable message still in the
// mailbox and nothing else, /healthz red during each outage and green
// after.
func (s *soak) check(unmovable *item) {
	t := s.t
	t.Helper()
	rs, err := receipts(s.db)
	if err != nil {
		t.Fatal(err)
	}
	byFile := map[string][]receipt{}
	for _, r := range rs {
		byFile[r.file] = append(byFile[r.file], r)
	}
	dest, sender := deliveredAcks(t, destUser), deliveredAcks(t, senderUser)
	duplicates, missing := 0, 0
	for _, it := range s.fed {
		got := byFile[it.name]
		if len(got) != 1 {
			t.Errorf("%s %s has %d receipts, want 1", it.kind, it.name, len(got))
			continue
		}
		num := got[0].number
		if it.kind == "dossier" {
			// A deposit has no sender to mail: its acknowledgment is the
			// note written beside the file moved to traites/.
			note, err := os.ReadFile(filepath.Join(s.watch, "traites", it.name+".txt"))
			if err != nil || !strings.Contains(string(note), num) {
				missing++
				t.Errorf("dossier %s: no note naming %s beside it in traites/ (%v)", it.name, num, err)
			}
			if _, err := os.Stat(filepath.Join(s.watch, "traites", it.name)); err != nil {
				t.Errorf("dossier %s: not moved to traites/ (%v)", it.name, err)
			}
			continue
		}
		n := dest[num]
		if sender[num] != n {
			t.Errorf("%s %s: its acknowledgment %s reached the recipient %d times, the sender %d times", it.kind, it.name, num, n, sender[num])
		}
		switch {
		case n == 0:
			missing++
			t.Errorf("%s %s: no acknowledgment of %s delivered", it.kind, it.name, num)
		case n > 1:
			duplicates += n - 1
			t.Logf("SOAK duplicate: the acknowledgment of %s (%s) was delivered %d times", num, it.name, n)
		}
	}
	s.figure("%d good items (%d receipts in all), %d acknowledgments missing, %d duplicate deliveries, %d kill -9",
		len(s.fed), len(rs), missing, duplicates, s.kills)
	if duplicates > s.kills {
		t.Errorf("%d duplicate acknowledgment deliveries for %d kills: at most one per crash inside the SMTP exchange", duplicates, s.kills)
	}

	q := quarantine(t, s.db)
	for _, it := range s.poisons {
		i := slices.IndexFunc(q, func(e quarantined) bool {
			return e.file == it.name || it.messageID != "" && strings.Contains(e.origin, it.messageID)
		})
		switch {
		case i < 0:
			t.Errorf("poison item %q (%s) is not in quarantine", it.name, it.poison)
		case strings.TrimSpace(q[i].reason) == "":
			t.Errorf("poison item %q (%s) is in quarantine without a reason", it.name, it.poison)
		default:
			t.Logf("SOAK poison %q (%s) in quarantine: %s", it.name, it.poison, q[i].reason)
		}
		if len(byFile[it.name]) > 0 && it != unmovable {
			t.Errorf("poison item %q (%s) has a receipt", it.name, it.poison)
		}
	}
	for _, it := range s.fed {
		if slices.ContainsFunc(q, func(e quarantined) bool { return e.file == it.name }) {
			t.Errorf("good %s %s is in quarantine", it.kind, it.name)
		}
	}
	if n := inboxCount(t, depotUser, "INBOX"); n != 1 {
		t.Errorf("the intake mailbox holds %d messages at the end, want 1 (the unmovable one)", n)
	}
	entries, err := os.ReadDir(s.watch)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			t.Errorf("%s left in the watched folder", e.Name())
		}
	}
	checkOutages(t, s.outages)
	for _, r := range s.replicas {
		t.Logf("SOAK replica %s: started %d times, %d error lines, %d lines about a panic (log %s)",
			r.name, r.starts, r.errors.Load(), r.panics.Load(), r.logPath)
	}
}
