package auth

import (
	"sync"
	"time"
)

// Limiter counts failed logins and refuses more attempts once too many
// failed recently: per key (the client's address) and in all. It lives in
// one process: replicas each keep their own count.
type Limiter struct {
	// PerKey failures of one key within Window block that key until the
	// oldest of them leaves the window; Total failures of all keys block
	// every key. Defaults: 5, 50, 15 minutes.
	PerKey, Total int
	Window        time.Duration

	mu    sync.Mutex
	byKey map[string][]time.Time
	all   []time.Time
}

func (l *Limiter) limits() (int, int, time.Duration) {
	per, total, w := l.PerKey, l.Total, l.Window
	if per <= 0 {
		per = 5
	}
	if total <= 0 {
		total = 50
	}
	if w <= 0 {
		w = 15 * time.Minute
	}
	return per, total, w
}

// Blocked reports whether key may not try now, and until when.
func (l *Limiter) Blocked(key string, now time.Time) (bool, time.Time) {
	per, total, w := l.limits()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.prune(key, now, w)
	if ts := l.byKey[key]; len(ts) >= per {
		return true, ts[len(ts)-per].Add(w)
	}
	if len(l.all) >= total {
		return true, l.all[len(l.all)-total].Add(w)
	}
	return false, time.Time{}
}

// Fail records a failed attempt of key at now.
func (l *Limiter) Fail(key string, now time.Time) {
	_, _, w := l.limits()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.byKey == nil {
		l.byKey = map[string][]time.Time{}
	}
	l.prune(key, now, w)
	l.byKey[key] = append(l.byKey[key], now)
	l.all = append(l.all, now)
}

// Succeed forgets the failures of key.
func (l *Limiter) Succeed(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.byKey, key)
}

// prune drops failures older than the window; l.mu is held.
func (l *Limiter) prune(key string, now time.Time, w time.Duration) {
	cut := now.Add(-w)
	keep := func(ts []time.Time) []time.Time {
		i := 0
		for i < len(ts) && !ts[i].After(cut) {
			i++
		}
		return ts[i:]
	}
	l.all = keep(l.all)
	if ts, ok := l.byKey[key]; ok {
		if ts = keep(ts); len(ts) == 0 {
			delete(l.byKey, key)
		} else {
			l.byKey[key] = ts
		}
	}
	if len(l.byKey) > 10000 { // bound memory against many addresses
		for k, ts := range l.byKey {
			if len(ts) == 0 || !ts[len(ts)-1].After(cut) {
				delete(l.byKey, k)
			}
		}
	}
}
