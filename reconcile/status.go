package reconcile

import "time"

// ReportingStatus is where one territory stands for one year of reporting.
// Statuses (rules_status.go) computes it from the register and the stored
// submissions; the status command, the status page and the weekly report
// all read it.
type ReportingStatus struct {
	Territory Territory `json:"territory"`
	Year      int       `json:"year"`
	Deadline  time.Time `json:"deadline"`
	// Expected is true when the contract covers the year.
	Expected bool `json:"expected"`
	// Receipts counts every reception, duplicates included.
	Receipts int `json:"receipts"`
	// Submissions counts distinct files; Accepted and Rejected split them.
	Submissions int `json:"submissions"`
	Accepted    int `json:"accepted"`
	Rejected    int `json:"rejected"`
	// Counted is the newest accepted submission: the one that counts.
	Counted *Submission `json:"counted,omitempty"`
	// Latest is the newest submission, accepted or not.
	Latest *Submission `json:"latest,omitempty"`
	// Late is true when the counted submission arrived after the deadline,
	// or when the deadline has passed with nothing accepted.
	Late bool `json:"late"`
	// Missing is true when the deadline has passed with nothing accepted.
	Missing bool `json:"missing"`
}
