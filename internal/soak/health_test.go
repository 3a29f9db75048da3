package soak_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// sample is one look at a replica's /healthz.
type sample struct {
	at      time.Time
	replica string
	up      bool     // it answered
	ok      bool     // 200
	failing []string // kinds of the parts not OK
}

// healthWatch polls every replica's /healthz until stopped and keeps
// every answer.
type healthWatch struct {
	mu      sync.Mutex
	samples []sample
	stop    chan struct{}
	done    sync.WaitGroup
}

func watchHealth(replicas []*replica, every time.Duration) *healthWatch {
	w := &healthWatch{stop: make(chan struct{})}
	client := &http.Client{Timeout: 5 * time.Second}
	for _, r := range replicas {
		w.done.Add(1)
		go func() {
			defer w.done.Done()
			t := time.NewTicker(every)
			defer t.Stop()
			for {
				select {
				case <-w.stop:
					return
				case <-t.C:
				}
				s := look(client, r)
				w.mu.Lock()
				w.samples = append(w.samples, s)
				w.mu.Unlock()
			}
		}()
	}
	return w
}

// look asks r's /healthz once.
func look(client *http.Client, r *replica) sample {
	s := sample{at: time.Now(), replica: r.name}
	resp, err := client.Get("http://" + r.ops + "/healthz")
	if err != nil {
		return s
	}
	defer resp.Body.Close()
	s.up, s.ok = true, resp.StatusCode == http.StatusOK
	var body struct {
		Parts []struct {
			Kind string `json:"kind"`
			OK   bool   `json:"ok"`
		} `json:"parts"`
	}
	if json.NewDecoder(resp.Body).Decode(&body) == nil {
		for _, p := range body.Parts {
			if !p.OK {
				s.failing = append(s.failing, p.Kind)
			}
		}
	}
	return s
}

func (w *healthWatch) close() {
	close(w.stop)
	w.done.Wait()
}

// redSince returns the first sample at or after t where a replica
// answered unhealthy with the part kind failing.
func (w *healthWatch) redSince(t time.Time, kind string) (sample, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, s := range w.samples {
		if !s.at.Before(t) && s.up && !s.ok && slices.Contains(s.failing, kind) {
			return s, true
		}
	}
	return sample{}, false
}

// outage is a fault the soak made, with what /healthz said about it.
type outage struct {
	what         string // "Postfix arrêté", "connexion IMAP refusée"
	kind         string // the health part that must turn red
	start, end   time.Time
	red          time.Duration // from start to the first red answer; 0: never
	green        time.Duration // from end to every replica green; 0: never
	redBy, notes string
}

// waitRed waits up to d for a replica's /healthz to answer unhealthy with
// kind failing, and records it in o.
func waitRed(w *healthWatch, o *outage, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if s, ok := w.redSince(o.start, o.kind); ok {
			o.red, o.redBy = s.at.Sub(o.start), s.replica
			return true
		}
		time.Sleep(100 * time.Millisecond)
	}
	return false
}

// waitGreen waits up to d for every running replica to answer 200 on
// /healthz at once, and records it in o.
func waitGreen(replicas []*replica, o *outage, d time.Duration) bool {
	client := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		all := true
		var failing []string
		for _, r := range replicas {
			if !r.running() {
				continue
			}
			if s := look(client, r); !s.ok {
				all = false
				failing = append(failing, fmt.Sprintf("%s: %s", r.name, strings.Join(s.failing, ",")))
			}
		}
		if all {
			o.green = time.Since(o.end)
			return true
		}
		o.notes = strings.Join(failing, "; ")
		time.Sleep(250 * time.Millisecond)
	}
	return false
}

// checkOutages fails t for each outage during which no replica's /healthz
// turned red, or after which they did not all turn green.
func checkOutages(t *testing.T, outages []*outage) {
	t.Helper()
	for _, o := range outages {
		switch {
		case o.red == 0:
			t.Errorf("%s (%s to %s): no /healthz answered unhealthy with the part %q failing",
				o.what, o.start.Format(time.TimeOnly), o.end.Format(time.TimeOnly), o.kind)
		case o.green == 0:
			t.Errorf("%s: /healthz did not turn green on every replica after the outage (still failing: %s)", o.what, o.notes)
		default:
			t.Logf("SOAK outage %q: /healthz red after %v (%s), every replica green %v after the end",
				o.what, o.red.Round(time.Millisecond), o.redBy, o.green.Round(time.Millisecond))
		}
	}
}
