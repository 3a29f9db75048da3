package web

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/pactd/pactd/internal/health"
)

// Health is the JSON body of /healthz: the state of every part of the
// daemon, and the French sentences of those that need someone. It names
// no account, address or host.
type Health struct {
	Status   string         `json:"status"` // "ok" or "unhealthy"
	Time     time.Time      `json:"time"`
	Uptime   float64        `json:"uptime_seconds"`
	Parts    []health.State `json:"parts"`
	Problems []string       `json:"problems,omitempty"`
}

// Part returns the first part of kind, or nil.
func (h Health) Part(kind string) *health.State {
	for i := range h.Parts {
		if h.Parts[i].Kind == kind {
			return &h.Parts[i]
		}
	}
	return nil
}

// Checker computes /healthz from the parts of the daemon.
type Checker struct {
	Parts []health.Part
	// Started is when the daemon started; default: the first check.
	Started time.Time
	// Timeout bounds each part's check; default 3 s. A part that does not
	// answer in time is reported unhealthy.
	Timeout time.Duration
	Now     func() time.Time // default time.Now

	once sync.Once
}

// Check asks every part for its state, at once, and returns the health of
// the daemon: unhealthy when any part is.
func (c *Checker) Check(ctx context.Context) Health {
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	c.once.Do(func() {
		if c.Started.IsZero() {
			c.Started = now()
		}
	})
	t := now()
	h := Health{Status: "ok", Time: t.UTC(), Uptime: t.Sub(c.Started).Seconds(), Parts: make([]health.State, len(c.Parts))}
	timeout := orDefault(c.Timeout, 3*time.Second)
	var wg sync.WaitGroup
	for i, p := range c.Parts {
		wg.Go(func() { h.Parts[i] = checkPart(ctx, p, timeout) })
	}
	wg.Wait()
	for i := range h.Parts {
		s := &h.Parts[i]
		if !s.LastSuccess.IsZero() {
			s.LastSuccess = s.LastSuccess.UTC()
		}
		if !s.OK {
			h.Status = "unhealthy"
			h.Problems = append(h.Problems, s.Problem)
		}
	}
	return h
}

// checkPart returns p's state, or an unhealthy one when p does not answer
// within timeout (its check goes on in the background, bounded by ctx).
func checkPart(ctx context.Context, p health.Part, timeout time.Duration) health.State {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	done := make(chan health.State, 1)
	go func() { done <- p.State(ctx) }()
	select {
	case s := <-done:
		if !s.OK && s.Problem == "" {
			s.Problem = "Une partie du service (" + s.Name + ") est en mauvaise santé."
		}
		return s
	case <-ctx.Done():
		return health.State{Kind: "unknown", Name: "vérification", OK: false,
			Problem: "Une vérification de l'état du service n'a pas répondu à temps."}
	}
}

// OpsHandler serves the operations listener (metrics_addr): GET /healthz
// from c and, when metrics is not nil, GET /metrics. Nothing else: the
// status site has its own listener.
func OpsHandler(c *Checker, metrics http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		h := c.Check(r.Context())
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if h.Status != "ok" {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		_ = enc.Encode(h)
	})
	if metrics != nil {
		mux.Handle("GET /metrics", metrics)
	}
	return mux
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}
