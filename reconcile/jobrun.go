package reconcile

import "time"

// RunOutcome says how a run of a scheduled job ended.
type RunOutcome string

// Outcomes of a scheduled run.
const (
	RunRunning     RunOutcome = "running"     // started, not finished
	RunSuccess     RunOutcome = "success"     // the job did all it had to
	RunFailure     RunOutcome = "failure"     // the job returned an error (Error says which)
	RunInterrupted RunOutcome = "interrupted" // the daemon stopped or crashed during the run
	// RunSkipped records an activation that passed before the job was
	// first scheduled: nothing ran, and it is not caught up.
	RunSkipped RunOutcome = "skipped"
)

// Label returns the outcome in French, for the status page.
func (o RunOutcome) Label() string {
	switch o {
	case RunRunning:
		return "en cours"
	case RunSuccess:
		return "réussie"
	case RunFailure:
		return "échouée"
	case RunInterrupted:
		return "interrompue"
	case RunSkipped:
		return "non exécutée (avant la mise en service)"
	}
	return string(o)
}

// Counts reports whether a run of this outcome settles its activation, so
// that it is not caught up at the next start: success, failure and skipped
// do; a run interrupted (or still marked running after a crash) does not.
func (o RunOutcome) Counts() bool {
	return o == RunSuccess || o == RunFailure || o == RunSkipped
}

// JobRun is one run of a scheduled job (the weekly report, the reminders),
// as the daemon records it.
type JobRun struct {
	ID  int64  `json:"id"`
	Job string `json:"job"`
	// Scheduled is the activation the run is for; a run caught up at start
	// carries the activation it replaces.
	Scheduled time.Time  `json:"scheduled"`
	CatchUp   bool       `json:"catch_up"`
	Started   time.Time  `json:"started"`
	Finished  time.Time  `json:"finished"` // zero while running
	Outcome   RunOutcome `json:"outcome"`
	Error     string     `json:"error,omitempty"` // no secrets
}
