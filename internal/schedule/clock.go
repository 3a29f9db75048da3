package schedule

import "time"

// Clock gives the time and timers to the scheduler, so tests can control
// time (or run under testing/synctest with Real).
type Clock interface {
	Now() time.Time
	// NewTimer returns a channel that receives once d has elapsed, and a
	// function that stops the timer.
	NewTimer(d time.Duration) (<-chan time.Time, func() bool)
}

// Real is the wall clock of the time package.
var Real Clock = realClock{}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) NewTimer(d time.Duration) (<-chan time.Time, func() bool) {
	t := time.NewTimer(d)
	return t.C, t.Stop
}
