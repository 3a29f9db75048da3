package reports

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/pactd/pactd/reconcile"
)

// Acknowledgment is what pactd tells the sender of one received file: the
// receipt, the verdict and every finding. AcknowledgmentPDF and
// AcknowledgmentText render it; the mail engineer's reply carries both.
type Acknowledgment struct {
	Number     string    // receipt number shown to people, "AR-2026-000042"
	ReceivedAt time.Time // this reception
	FileName   string
	SHA256     string
	Size       int64
	Sender     string // the From address; empty for the folder and the command
	SIREN      string // empty when the file could not be read
	// TerritoryName is empty when the SIREN is not in the register.
	TerritoryName string
	Year          int
	Verdict       reconcile.Verdict
	Findings      []reconcile.Finding
	// Duplicate is true when the same bytes were received before, at
	// FirstReceivedAt: the verdict is that of the first reception.
	Duplicate       bool
	FirstReceivedAt time.Time
	RegisterVersion int64
	// Deadline is the reporting deadline of Year; zero when unknown.
	Deadline time.Time
	// ReplyAddress is where corrected workbooks go; empty means "the same
	// address" without naming it.
	ReplyAddress string
	// Annotated says the sender's workbook comes back annotated (Annotate)
	// with this acknowledgment.
	Annotated bool
	// Fictitious says the data are samples.
	Fictitious bool
}

// NewAcknowledgment builds the acknowledgment of one reception from its
// receipt, its submission and the register version the submission was
// checked against (nil when none). Annotated is set when a finding names a
// cell; the caller clears it if it does not attach the annotated workbook.
func NewAcknowledgment(r reconcile.Receipt, sub *reconcile.Submission, reg *reconcile.Register) *Acknowledgment {
	ack := &Acknowledgment{
		Number: r.Number, ReceivedAt: r.ReceivedAt, Sender: r.Origin.Sender,
		FileName: sub.FileName, SHA256: sub.SHA256, Size: sub.Size, SIREN: sub.SIREN, Year: sub.Year,
		Verdict: sub.Verdict, Findings: append([]reconcile.Finding(nil), sub.Findings...),
		Duplicate: r.Duplicate, RegisterVersion: sub.RegisterVersion, Annotated: HasCellFindings(sub.Findings),
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
	if reg != nil {
		if c := reg.Contract(sub.SIREN); c != nil {
			ack.TerritoryName = c.Territory.Name
		}
		if sub.Year != 0 {
			ack.Deadline = reg.Deadline(sub.Year)
		}
	}
	reconcile.SortFindings(ack.Findings)
	return ack
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

// VerdictSentence returns the verdict in one French sentence: "Votre
// rapport est accepté." or "Votre rapport est rejeté : il contient
// 3 anomalies bloquantes à corriger."
func (a *Acknowledgment) VerdictSentence() string {
	n := a.counts()
	if a.Verdict == reconcile.Rejected {
		if n[0] == 0 { // rejected for a reason that is not a finding here
			return "Votre rapport est rejeté."
		}
		return fmt.Sprintf("Votre rapport est rejeté : il contient %s à corriger.",
			plural(n[0], "anomalie bloquante", "anomalies bloquantes"))
	}
	return "Votre rapport est accepté."
}

// detailSentence says what else the findings hold, or "".
func (a *Acknowledgment) detailSentence() string {
	n := a.counts()
	var parts []string
	if n[1] > 0 {
		parts = append(parts, plural(n[1], "alerte à vérifier", "alertes à vérifier"))
	}
	if n[2] > 0 {
		parts = append(parts, plural(n[2], "information", "informations"))
	}
	if len(parts) == 0 {
		if a.Verdict == reconcile.Accepted {
			return "Aucune anomalie n'a été relevée."
		}
		return ""
	}
	verb := "Il comporte aussi "
	if a.Verdict == reconcile.Accepted {
		verb = "Il comporte "
	}
	return verb + strings.Join(parts, " et ") + "."
}

// territoryLine names the territory and year, as far as they are known.
func (a *Acknowledgment) territoryLine() string {
	switch {
	case a.TerritoryName != "" && a.Year != 0:
		return fmt.Sprintf("%s (SIREN %s), exercice %d", a.TerritoryName, a.SIREN, a.Year)
	case a.SIREN != "" && a.Year != 0:
		return fmt.Sprintf("SIREN %s (absent du registre), exercice %d", a.SIREN, a.Year)
	case a.SIREN != "":
		return fmt.Sprintf("SIREN %s", a.SIREN)
	}
	return "non déterminé (fichier illisible)"
}

// duplicateSentence explains a second reception of the same bytes, or "".
func (a *Acknowledgment) duplicateSentence() string {
	if !a.Duplicate {
		return ""
	}
	when := ""
	if !a.FirstReceivedAt.IsZero() {
		when = " le " + FormatDateTime(a.FirstReceivedAt)
	}
	return fmt.Sprintf("Ce fichier est identique à un fichier déjà reçu%s : il n'est pas compté une seconde fois, et le résultat ci-dessous est celui de ce premier envoi.", when)
}

// NextSteps returns what the sender should do now, one French sentence per
// step.
func (a *Acknowledgment) NextSteps() []string {
	where := "à la même adresse"
	if a.ReplyAddress != "" {
		where = fmt.Sprintf("à la même adresse (%s)", a.ReplyAddress)
	}
	var steps []string
	deadline := ""
	if !a.Deadline.IsZero() && a.Year != 0 {
		deadline = fmt.Sprintf("La date limite de transmission pour l'exercice %d est le %s.", a.Year, FormatDate(a.Deadline))
	}
	switch {
	case a.Verdict == reconcile.Rejected:
		fix := "Corrigez dans votre classeur chacune des cellules citées ci-dessus."
		if !HasCellFindings(a.Findings) {
			fix = "Corrigez les anomalies décrites ci-dessus."
		} else if a.Annotated {
			fix = "Corrigez dans votre classeur chacune des cellules citées ci-dessus : le classeur annoté joint les signale en couleur, avec un commentaire."
		}
		steps = append(steps, fix,
			"Renvoyez le classeur corrigé, en pièce jointe, "+where+" ; vous recevrez un nouvel accusé de réception.",
			"Seule la version acceptée la plus récente est prise en compte : ce fichier rejeté ne compte pas.")
		if deadline != "" {
			steps = append(steps, deadline)
		}
	case len(a.Findings) > 0:
		steps = append(steps, "Aucune correction n'est obligatoire : ce rapport compte dès à présent.",
			"Vérifiez les points signalés ci-dessus ; si une valeur est erronée, corrigez le classeur et renvoyez-le "+where+".",
			"Seule la version acceptée la plus récente est prise en compte : un nouvel envoi accepté remplacera celui-ci.")
	default:
		steps = append(steps, "Aucune action n'est nécessaire : ce rapport compte dès à présent.",
			"Si vous renvoyez un classeur "+where+", la version acceptée la plus récente remplacera celle-ci.")
	}
	return steps
}

// findingLine writes a finding's expected and actual values, or "".
func findingValues(f reconcile.Finding) string {
	var parts []string
	if !f.Expected.IsZero() {
		parts = append(parts, "attendu : "+f.Expected.String())
	}
	if !f.Actual.IsZero() {
		parts = append(parts, "constaté : "+f.Actual.String())
	}
	if len(parts) == 0 {
		return ""
	}
	s := strings.Join(parts, " ; ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
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
