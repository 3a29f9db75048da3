package reports

import (
	"strings"
	"time"
	"unicode"

	"github.com/pactd/pactd/reconcile"
)

// AckOutcome is what happened to a received file, as its acknowledgment
// says it in one sentence.
type AckOutcome int

// The outcomes of a received file.
const (
	AckAccepted     AckOutcome = iota // accepted, received by the deadline
	AckAcceptedLate                   // accepted, received after the deadline
	AckRejected                       // recorded and rejected: findings to correct
	AckUnreadable                     // set aside unopened: not a workbook pactd can read
	AckSetAside                       // set aside for a person: sender, template or territory not recognised
)

// SetAside reports whether the file was set aside rather than recorded.
func (o AckOutcome) SetAside() bool { return o == AckUnreadable || o == AckSetAside }

// Acknowledgment is what pactd tells the sender of one received file: the
// receipt, what happened to the file, every finding on a recorded one, and
// what to do. AcknowledgmentPDF and AcknowledgmentText render it as an
// administrative letter; the mail engineer's reply carries both.
type Acknowledgment struct {
	Number     string    // receipt number shown to people, "AR-2026-000042", "QR-000007"
	ReceivedAt time.Time // this reception
	FileName   string
	SHA256     string
	Size       int64
	Sender     string // the From address; empty for the folder and the command
	// SIREN is the file's, or for a file set aside unread the one of its
	// name (SIRENFromName); empty when unknown.
	SIREN         string
	SIRENFromName bool
	// TerritoryName is empty when the SIREN is not in the register.
	TerritoryName string
	// Referent is the person the Identification sheet names, when read.
	Referent string
	Year     int
	Outcome  AckOutcome
	Verdict  reconcile.Verdict
	// Findings are those of a recorded file; a file set aside has none
	// shown, only Reason.
	Findings []reconcile.Finding
	// Reason says, in French, why the file was set aside.
	Reason string
	// Duplicate is true when the same bytes were received before, at
	// FirstReceivedAt: the verdict is that of the first reception.
	Duplicate       bool
	FirstReceivedAt time.Time
	// RegisterVersion is the register the file was checked against; zero
	// for a file set aside, which was not.
	RegisterVersion int64
	// Deadline is the reporting deadline of Year; zero when unknown.
	Deadline time.Time
	// ReplyAddress is where corrected workbooks go; empty means "the same
	// address" without naming it.
	ReplyAddress string
	// Annotated says the sender's workbook comes back annotated (Annotate)
	// with this acknowledgment.
	Annotated bool
	// Service is who sends the letter and whom to contact.
	Service Service
	// Fictitious says the data are samples.
	Fictitious bool
}

// NewAcknowledgment builds the acknowledgment of one recorded reception
// from its receipt, its submission and the register version the submission
// was checked against (nil when none). Annotated is set when a finding
// names a cell; the caller clears it if it does not attach the annotated
// workbook. Service is DefaultService; the caller sets its own.
func NewAcknowledgment(r reconcile.Receipt, sub *reconcile.Submission, reg *reconcile.Register) *Acknowledgment {
	ack := &Acknowledgment{
		Number: r.Number, ReceivedAt: r.ReceivedAt, Sender: ackSender(r.Origin),
		FileName: sub.FileName, SHA256: sub.SHA256, Size: sub.Size, SIREN: sub.SIREN, Year: sub.Year,
		Verdict: sub.Verdict, Findings: append([]reconcile.Finding(nil), sub.Findings...),
		Duplicate: r.Duplicate, RegisterVersion: sub.RegisterVersion, Annotated: HasCellFindings(sub.Findings),
		Service: DefaultService,
	}
	if ack.ReceivedAt.IsZero() {
		ack.ReceivedAt = sub.ReceivedAt
	}
	if r.Duplicate {
		ack.FirstReceivedAt = sub.ReceivedAt
	}
	if ack.Verdict == "" {
		ack.Verdict = reconcile.VerdictOf(sub.Findings)
	}
	if sub.Report != nil {
		ack.Referent = strings.TrimSpace(sub.Report.Identification.Referent)
	}
	ack.fromRegister(reg)
	ack.Outcome = AckAccepted
	switch {
	case ack.Verdict == reconcile.Rejected:
		ack.Outcome = AckRejected
	case hasCode(ack.Findings, reconcile.TransmissionTardive),
		!ack.Deadline.IsZero() && sub.ReceivedAt.After(ack.Deadline):
		ack.Outcome = AckAcceptedLate
	}
	reconcile.SortFindings(ack.Findings)
	return ack
}

// NewSetAsideNotice builds the notice of a file set aside (quarantined)
// from its receipt ("QR-…"), the file as examined (sub, unstored, may be
// nil) and the reason it was set aside. It names the territory by the
// workbook's SIREN or, unread, by its file name's, and shows nothing the
// file was not checked for: no findings, no register version.
func NewSetAsideNotice(r reconcile.Receipt, sub *reconcile.Submission, reason string, reg *reconcile.Register) *Acknowledgment {
	if sub == nil {
		sub = &reconcile.Submission{}
	}
	ack := &Acknowledgment{
		Number: r.Number, ReceivedAt: r.ReceivedAt, Sender: ackSender(r.Origin), FileName: sub.FileName,
		SHA256: sub.SHA256, Size: sub.Size, SIREN: sub.SIREN, Year: sub.Year, Verdict: reconcile.Rejected,
		Reason: strings.TrimSpace(reason), Outcome: AckSetAside, Service: DefaultService,
	}
	if ack.ReceivedAt.IsZero() {
		ack.ReceivedAt = sub.ReceivedAt
	}
	if hasCode(sub.Findings, reconcile.FichierIllisible) {
		ack.Outcome = AckUnreadable
	}
	ack.Reason = SetAsideReason(ack.Reason, sub.Findings)
	q := reconcile.QuarantineEntry{FileName: sub.FileName, SIREN: sub.SIREN, Findings: sub.Findings, ReceivedAt: ack.ReceivedAt}
	ack.SIREN, ack.SIRENFromName = q.ClaimedSIREN(), q.SIRENFromName()
	if ack.Year == 0 {
		ack.Year = reconcile.YearFromFileName(sub.FileName)
	}
	if sub.Report != nil {
		ack.Referent = strings.TrimSpace(sub.Report.Identification.Referent)
	}
	ack.fromRegister(reg)
	return ack
}

// SetAsideReason says why a file was set aside: for a file that could not
// be read, what its finding says is wrong with it and how to fix it (the
// intake's reason also says it could not be attributed, which its name may
// contradict); otherwise the intake's reason.
func SetAsideReason(reason string, findings []reconcile.Finding) string {
	for _, f := range findings {
		if f.Code == reconcile.FichierIllisible && f.Message != "" {
			return f.Message
		}
	}
	return strings.TrimSpace(reason)
}

// fromRegister names the territory and the deadline from the register.
func (a *Acknowledgment) fromRegister(reg *reconcile.Register) {
	if reg == nil {
		return
	}
	if c := reg.Contract(a.SIREN); c != nil {
		a.TerritoryName = c.Territory.Name
	}
	if a.Year != 0 {
		a.Deadline = reg.Deadline(a.Year)
	}
}

// hasCode reports whether a finding of that code is in fs.
func hasCode(fs []reconcile.Finding, c reconcile.Code) bool {
	for _, f := range fs {
		if f.Code == c {
			return true
		}
	}
	return false
}

// HasCellFindings reports whether any finding names a cell, which is when
// an annotated workbook can be made.
func HasCellFindings(fs []reconcile.Finding) bool {
	for _, f := range fs {
		if len(f.Cells) > 0 {
			return true
		}
	}
	return false
}

// counts returns the number of findings by severity rank.
func (a *Acknowledgment) counts() [3]int {
	var n [3]int
	for _, f := range a.Findings {
		n[f.Severity.Rank()]++
	}
	return n
}

// AcknowledgmentFileName names the acknowledgment PDF of ack for an
// attachment or a folder: "accuse-reception-AR-2026-000042.pdf".
func AcknowledgmentFileName(ack *Acknowledgment) string {
	return "accuse-reception-" + safeFileName(ack.Number, "sans-numero") + ".pdf"
}

// AnnotatedFileName names the annotated copy of a sender's workbook:
// "CLS_2025_220100010_ain.xlsx" gives "CLS_2025_220100010_ain-annote.xlsx".
func AnnotatedFileName(fileName string) string {
	base := fileName
	if i := strings.LastIndexAny(base, `/\`); i >= 0 {
		base = base[i+1:]
	}
	if strings.HasSuffix(strings.ToLower(base), ".xlsx") {
		base = base[:len(base)-len(".xlsx")]
	}
	return safeFileName(base, "classeur") + "-annote.xlsx"
}

// safeFileName keeps letters, digits, "-", "_" and "." of s (accents
// included) and replaces anything else by "_", so that a name taken from a
// mail never escapes a folder or breaks a header; empty gives def.
func safeFileName(s, def string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '-' || r == '_' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	out := strings.Trim(b.String(), "._")
	if out == "" {
		return def
	}
	return out
}
