package soak_test

import (
	"strconv"
	"strings"
	"sync"
	"time"
)

// step is one fault of the soak, made while a chunk of items is fed.
type step struct {
	name string
	do   func(s *soak, chunk []*item)
}

// faults feeds the remaining items in chunks, one fault per chunk:
// random kills, Postfix stopped, IMAP logins refused, the reader killed.
func (s *soak) faults(mails, files []*item, poisons ...*item) {
	s.t.Helper()
	steps := []step{{"kill", (*soak).randomKill}, {"postfix", (*soak).postfixOutage}, {"imap", (*soak).imapOutage},
		{"reader", (*soak).readerKill}}
	for range max(*flagKills-1, 0) {
		steps = append(steps, step{"kill", (*soak).randomKill})
	}
	// Interleave mails and files; the poison files go in the first chunk.
	var items []*item
	for i := range max(len(mails), len(files)) {
		if i < len(mails) {
			items = append(items, mails[i])
		}
		if i < len(files) {
			items = append(items, files[i])
		}
	}
	items = append(poisons, items...)
	per := max(len(items)/len(steps), 1)
	if *flagDuration > 0 && len(items) > 0 {
		s.pace = *flagDuration / time.Duration(len(items))
	}
	for i, st := range steps {
		chunk := items[min(i*per, len(items)):min((i+1)*per, len(items))]
		if i == len(steps)-1 {
			chunk = items[min(i*per, len(items)):]
		}
		s.t.Logf("SOAK step %d/%d: %s, %d items", i+1, len(steps), st.name, len(chunk))
		st.do(s, chunk)
	}
}

// feed starts sending chunk in the background, one item every pace (at
// least 100 ms apart, so faults fall among them); s.feeding.Wait waits for
// it.
func (s *soak) feed(chunk []*item, pace time.Duration) {
	pace = max(pace, 100*time.Millisecond)
	s.feeding.Add(1)
	go func() {
		defer s.feeding.Done()
		for _, it := range chunk {
			s.send(it)
			time.Sleep(pace)
		}
	}()
}

// randomKill kills a random running replica with SIGKILL at a random
// moment of the chunk and restarts it one to three seconds later.
func (s *soak) randomKill(chunk []*item) {
	s.feed(chunk, s.pace)
	time.Sleep(time.Duration(s.rng.Int64N(int64(3 * time.Second))))
	r := s.replicas[s.rng.IntN(len(s.replicas))]
	r.kill9(s.t)
	s.kills++
	s.t.Logf("SOAK kill -9 %s", r.name)
	time.Sleep(time.Second + time.Duration(s.rng.Int64N(int64(2*time.Second))))
	r.start(s.t)
	s.feeding.Wait()
}

// postfixOutage stops the Postfix instance the replicas send through
// while the chunk comes in, until a /healthz shows the outbox red, for
// flagHold more, then starts it again; every replica must turn green.
func (s *soak) postfixOutage(chunk []*item) {
	o := &outage{what: "Postfix arrêté", kind: "outbox", start: time.Now()}
	s.outages = append(s.outages, o)
	soakPostfix(s.t, "stop")
	s.feed(chunk, s.pace)
	waitRed(s.health, o, 2*time.Minute)
	s.feeding.Wait()
	time.Sleep(*flagHold)
	soakPostfix(s.t, "start")
	o.end = time.Now()
	waitGreen(s.replicas, o, 3*time.Minute)
}

// imapOutage makes Dovecot refuse the intake account's logins (its open
// sessions kicked) while the chunk comes in, until a /healthz shows the
// mailbox red, for flagHold more; then logins work again.
func (s *soak) imapOutage(chunk []*item) {
	o := &outage{what: "connexion IMAP refusée", kind: "mailbox", start: time.Now()}
	s.outages = append(s.outages, o)
	refuseLogins(s.t)
	s.feed(chunk, s.pace)
	waitRed(s.health, o, 2*time.Minute)
	s.feeding.Wait()
	time.Sleep(*flagHold)
	allowLogins(s.t)
	o.end = time.Now()
	waitGreen(s.replicas, o, 3*time.Minute)
}

// readerKill kills the replica that reads the mailbox and the folder
// (the first one started, the lease holder unless it changed; with one
// replica, the only one) and measures how long until the first message
// and the first file sent after the kill have a receipt: the other
// replica taking over, or with one replica its restart.
func (s *soak) readerKill(chunk []*item) {
	var mail, file *item
	var rest []*item
	for _, it := range chunk {
		switch {
		case it.kind == "courriel" && mail == nil:
			mail = it
		case it.kind == "dossier" && file == nil:
			file = it
		default:
			rest = append(rest, it)
		}
	}
	r := s.reader()
	r.kill9(s.t)
	s.kills++
	killed := time.Now()
	s.t.Logf("SOAK kill -9 %s, the reader", r.name)
	if len(s.replicas) == 1 {
		r.start(s.t)
	}
	var probes []*item
	for _, it := range []*item{mail, file} {
		if it != nil {
			s.send(it)
			probes = append(probes, it)
		}
	}
	var wg sync.WaitGroup
	for _, it := range probes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			at, err := s.waitReceipts([]*item{it}, 3*time.Minute)
			if err != nil {
				s.t.Error(err)
				return
			}
			s.figure("recovery after kill -9 of the reader (%s, %d replica(s)): the %s sent after the kill has its receipt %.1f s after the kill",
				r.name, len(s.replicas), it.kind, at.Sub(killed).Seconds())
		}()
	}
	wg.Wait()
	if !r.running() {
		r.start(s.t)
	}
	s.feed(rest, 0)
	s.feeding.Wait()
}

// reader returns the replica that reads the intake mailbox: the holder
// of its lease (a "boite:" row of folder_claims whose holder is
// "host:pid:start") when the database has one, else the first replica.
func (s *soak) reader() *replica {
	var holder string
	err := s.db.QueryRow(`SELECT holder FROM folder_claims WHERE name LIKE 'boite:%' ORDER BY expires_at DESC LIMIT 1`).Scan(&holder)
	if err != nil {
		s.t.Logf("SOAK no mailbox lease in the database (%v): the reader is taken to be %s, the first started", err, s.replicas[0].name)
		return s.replicas[0]
	}
	parts := strings.Split(holder, ":")
	if len(parts) >= 3 {
		if pid, err := strconv.Atoi(parts[len(parts)-2]); err == nil {
			for _, r := range s.replicas {
				if r.pid() == pid {
					s.t.Logf("SOAK the mailbox lease is held by %s (%s)", r.name, holder)
					return r
				}
			}
		}
	}
	s.t.Logf("SOAK the mailbox lease holder %q is no replica: the reader is taken to be %s", holder, s.replicas[0].name)
	return s.replicas[0]
}
