package reconcile

import (
	"context"
	"errors"
	"time"
)

// Verdict of a submission.
type Verdict string

// Verdicts: rejected when any finding is bloquant.
const (
	Accepted Verdict = "accepted"
	Rejected Verdict = "rejected"
)

// VerdictOf returns Rejected when any finding is bloquant, Accepted otherwise.
func VerdictOf(fs []Finding) Verdict {
	if Blocking(fs) {
		return Rejected
	}
	return Accepted
}

// Label returns the verdict in French: "acceptée" or "rejetée".
func (v Verdict) Label() string {
	if v == Rejected {
		return "rejetée"
	}
	return "acceptée"
}

// OriginKind says how a file reached pactd.
type OriginKind string

// Origins of a submission.
const (
	OriginEmail   OriginKind = "email"    // from the intake mailbox
	OriginFolder  OriginKind = "dossier"  // dropped in the watched folder
	OriginCommand OriginKind = "commande" // given to pactd ingest
	OriginSite    OriginKind = "site"     // uploaded on the status site
)

// Origin says where a received file came from.
type Origin struct {
	Kind        OriginKind `json:"kind"`
	Sender      string     `json:"sender,omitempty"` // From address, or --from
	MessageID   string     `json:"message_id,omitempty"`
	Subject     string     `json:"subject,omitempty"`
	Account     string     `json:"account,omitempty"` // IMAP account (user@host)
	Mailbox     string     `json:"mailbox,omitempty"`
	UIDValidity uint32     `json:"uid_validity,omitempty"`
	UID         uint32     `json:"uid,omitempty"`
	Path        string     `json:"path,omitempty"` // file path for folder and command
	// Site only: Person is the address of the logged-in person who
	// uploaded the file ("" for the local administrator), Territory the
	// SIREN of the territory whose page it was uploaded on; a workbook of
	// another SIREN is set aside (ingest.Pipeline).
	Person    string `json:"person,omitempty"`
	Territory string `json:"territory,omitempty"`
	// Key identifies one reception for idempotency, e.g.
	// "imap:user@host/INBOX/1712/42/2" or "dossier:<path>:<sha256>". A second
	// RecordSubmission with a Key already recorded returns the first receipt
	// and records nothing, so a reception replayed after a crash counts once.
	// Empty means "always a new receipt".
	Key string `json:"key,omitempty"`
}

// Submission is one received workbook with what pactd made of it.
type Submission struct {
	ID              int64     `json:"id"`
	FileName        string    `json:"file"`
	SHA256          string    `json:"sha256"`
	Size            int64     `json:"size"`
	SIREN           string    `json:"siren"` // empty when unreadable
	Year            int       `json:"year"`  // 0 when unreadable
	Template        string    `json:"template"`
	Origin          Origin    `json:"origin"`
	ReceivedAt      time.Time `json:"received_at"`
	RegisterVersion int64     `json:"register_version"`
	Verdict         Verdict   `json:"status"`
	Findings        []Finding `json:"findings"`
	Report          *Report   `json:"report,omitempty"`
	// Content is the file verbatim; stores fill it only when asked.
	Content []byte `json:"-"`
}

// Receipt records one reception of a file. The same bytes received twice
// make two receipts of one submission.
type Receipt struct {
	ID           int64     `json:"id"`
	Number       string    `json:"number"` // shown to people, e.g. "AR-2026-000042"
	SubmissionID int64     `json:"submission_id"`
	ReceivedAt   time.Time `json:"received_at"`
	Origin       Origin    `json:"origin"`
	// Duplicate is true when the bytes were already stored.
	Duplicate bool `json:"duplicate"`
}

// ErrNotFound is returned by stores when the thing asked for does not exist.
var ErrNotFound = errors.New("not found")

// SubmissionFilter selects submissions; zero fields match everything.
type SubmissionFilter struct {
	SIREN   string
	Year    int
	Verdict Verdict
}

// Store keeps register versions and submissions. Implementations:
// internal/sqlite (default) and internal/postgres. Methods are safe for
// concurrent use.
type Store interface {
	// SaveRegister stores reg as a new version, sets reg.Version and
	// returns it.
	SaveRegister(ctx context.Context, reg *Register) (int64, error)
	// LatestRegister returns the newest register version, or ErrNotFound.
	// Versions never change once saved, so stores may hand every caller
	// the same decoded Register: callers must not modify it.
	LatestRegister(ctx context.Context) (*Register, error)
	// RegisterVersion returns one register version, or ErrNotFound; shared
	// like LatestRegister's.
	RegisterVersion(ctx context.Context, version int64) (*Register, error)

	// RecordSubmission records one reception of sub. When no submission
	// has sub.SHA256 yet, sub (with Content) is stored and sub.ID set;
	// otherwise nothing of sub is stored but the receipt, which points at
	// the earlier submission and has Duplicate set. Both happen in one
	// transaction.
	RecordSubmission(ctx context.Context, sub *Submission) (Receipt, error)
	// Submission returns a submission with its report and findings but
	// without Content, or ErrNotFound.
	Submission(ctx context.Context, id int64) (*Submission, error)
	// SubmissionContent returns the stored bytes of a submission.
	SubmissionContent(ctx context.Context, id int64) ([]byte, error)
	// Submissions lists submissions without Content, oldest first.
	Submissions(ctx context.Context, f SubmissionFilter) ([]Submission, error)
	// UpdateVerdict replaces the findings and verdict of a submission after
	// reconciling it again against register version.
	UpdateVerdict(ctx context.Context, id int64, version int64, v Verdict, fs []Finding) error
	// Receipts lists the receipts of a submission (all when id is 0),
	// oldest first.
	Receipts(ctx context.Context, submissionID int64) ([]Receipt, error)

	// Quarantine records a file or message set aside for a person to look
	// at, with its bytes. An entry whose Origin.Key is already recorded is
	// not recorded again.
	Quarantine(ctx context.Context, q *QuarantineEntry) error
	// QuarantineEntries lists entries received at or after since, oldest
	// first, without Content.
	QuarantineEntries(ctx context.Context, since time.Time) ([]QuarantineEntry, error)
}

// QuarantineEntry is a received file or message that was not processed as
// a submission: unauthorised sender, no workbook, unreadable mail.
type QuarantineEntry struct {
	ID         int64     `json:"id"`
	ReceivedAt time.Time `json:"received_at"`
	Origin     Origin    `json:"origin"`
	FileName   string    `json:"file,omitempty"`
	SHA256     string    `json:"sha256,omitempty"`
	SIREN      string    `json:"siren,omitempty"` // as the file claims, when readable
	Reason     string    `json:"reason"`          // one French sentence
	Findings   []Finding `json:"findings,omitempty"`
	Content    []byte    `json:"-"`
}
