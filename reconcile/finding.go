package reconcile

import (
	"encoding/json"
	"sort"
	"strconv"
)

// Severity says what a finding does to a submission.
type Severity string

// Severities, from the worst.
const (
	Bloquant Severity = "bloquant" // the submission is rejected
	Alerte   Severity = "alerte"   // accepted, but someone should look
	Info     Severity = "info"     // for the record
)

// Rank orders severities: 0 for bloquant, 1 for alerte, 2 for info.
func (s Severity) Rank() int {
	switch s {
	case Bloquant:
		return 0
	case Alerte:
		return 1
	}
	return 2
}

// Code is a stable finding code (SPEC §5). Territories and the central
// team's scripts depend on these strings.
type Code string

// Finding codes.
const (
	FichierIllisible          Code = "FICHIER_ILLISIBLE"
	ModeleInconnu             Code = "MODELE_INCONNU"
	TerritoireInconnu         Code = "TERRITOIRE_INCONNU"
	ExpediteurNonAutorise     Code = "EXPEDITEUR_NON_AUTORISE"
	AnneeHorsContrat          Code = "ANNEE_HORS_CONTRAT"
	EngagementModifie         Code = "ENGAGEMENT_MODIFIE"
	ValeurNonNumerique        Code = "VALEUR_NON_NUMERIQUE"
	ErreurFormule             Code = "ERREUR_FORMULE"
	MontantNegatif            Code = "MONTANT_NEGATIF"
	NombreEnTexte             Code = "NOMBRE_EN_TEXTE"
	ValeurManquante           Code = "VALEUR_MANQUANTE"
	ActionManquante           Code = "ACTION_MANQUANTE"
	ActionInconnue            Code = "ACTION_INCONNUE"
	AxeNonContractualise      Code = "AXE_NON_CONTRACTUALISE"
	CofinancementInsuffisant  Code = "COFINANCEMENT_INSUFFISANT"
	DepassementEngagementEtat Code = "DEPASSEMENT_ENGAGEMENT_ETAT"
	DepassementPlafond        Code = "DEPASSEMENT_PLAFOND"
	CumulPluriannuel          Code = "CUMUL_PLURIANNUEL"
	SousExecution             Code = "SOUS_EXECUTION"
	TotalIncoherent           Code = "TOTAL_INCOHERENT"
	IndicateurManquant        Code = "INDICATEUR_MANQUANT"
	IndicateurInvraisemblable Code = "INDICATEUR_INVRAISEMBLABLE"
	RenforcementNonDemontre   Code = "RENFORCEMENT_NON_DEMONTRE"
	TransmissionTardive       Code = "TRANSMISSION_TARDIVE"
	RapportManquant           Code = "RAPPORT_MANQUANT"

	// Codes beyond SPEC §5.

	// RapportVide: no spent amount is filled in at all, as in a template
	// sent back untouched; such a file must not count as the report.
	RapportVide Code = "RAPPORT_VIDE"
	// StatutInconnu: a Statut cell holds a value outside the drop-down.
	StatutInconnu Code = "STATUT_INCONNU"
	// MontantInvraisemblable: an amount beyond MaxPlausibleAmount, which
	// no total adds up.
	MontantInvraisemblable Code = "MONTANT_INVRAISEMBLABLE"
	// ClasseurRemplace: the workbook was made from an earlier register
	// version whose commitments for the territory have changed since; it
	// is checked against its own, and a newer workbook exists.
	ClasseurRemplace Code = "CLASSEUR_REMPLACE"
)

// severities gives each code its severity (SPEC §5).
var severities = map[Code]Severity{
	FichierIllisible: Bloquant, ModeleInconnu: Bloquant, TerritoireInconnu: Bloquant,
	ExpediteurNonAutorise: Bloquant, AnneeHorsContrat: Bloquant, EngagementModifie: Alerte,
	ValeurNonNumerique: Bloquant, ErreurFormule: Bloquant, MontantNegatif: Bloquant,
	NombreEnTexte: Info, ValeurManquante: Alerte, ActionManquante: Bloquant,
	ActionInconnue: Alerte, AxeNonContractualise: Alerte, CofinancementInsuffisant: Bloquant,
	DepassementEngagementEtat: Alerte, DepassementPlafond: Bloquant, CumulPluriannuel: Bloquant,
	SousExecution: Alerte, TotalIncoherent: Alerte, IndicateurManquant: Alerte,
	IndicateurInvraisemblable: Alerte, RenforcementNonDemontre: Alerte, TransmissionTardive: Info,
	RapportManquant: Alerte, RapportVide: Bloquant, StatutInconnu: Alerte, MontantInvraisemblable: Bloquant,
	ClasseurRemplace: Info,
}

// Severity returns the severity of the code; unknown codes are info.
func (c Code) Severity() Severity {
	if s, ok := severities[c]; ok {
		return s
	}
	return Info
}

// Codes returns every known finding code, sorted.
func Codes() []Code {
	out := make([]Code, 0, len(severities))
	for c := range severities {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// ValueKind says what a Value holds.
type ValueKind string

// Kinds of Value.
const (
	KindNone   ValueKind = ""
	KindMoney  ValueKind = "money"
	KindNumber ValueKind = "number"
	KindText   ValueKind = "text"
)

// Value is an expected or actual value of a finding: an amount, a count or
// a rate, or a text (a title, a date). The zero Value is "no value".
//
// Its JSON form is SPEC §6's (a number of euros, a number, a string or
// null) and cannot be read back into a kind; stores keep the fields.
type Value struct {
	Kind   ValueKind
	Money  Amount
	Number float64
	Text   string
	// Unit, when set, is written after a number by String, after a
	// no-break space: "%" makes 74.9 read "74,9 %". JSON leaves it out.
	Unit string
}

// MarshalJSON writes v as JSON returns it.
func (v Value) MarshalJSON() ([]byte, error) { return v.JSON(), nil }

// MoneyValue returns a Value holding an amount.
func MoneyValue(a Amount) Value { return Value{Kind: KindMoney, Money: a} }

// NumberValue returns a Value holding a number.
func NumberValue(f float64) Value { return Value{Kind: KindNumber, Number: f} }

// PercentValue returns a Value holding a percentage (74.9 for 74,9 %),
// a number whose Unit is "%".
func PercentValue(f float64) Value { return Value{Kind: KindNumber, Number: f, Unit: "%"} }

// TextValue returns a Value holding a text.
func TextValue(s string) Value { return Value{Kind: KindText, Text: s} }

// IsZero reports whether v holds nothing.
func (v Value) IsZero() bool { return v.Kind == KindNone }

// String formats v for people: "12 345,67 €", "140", "92,5", "74,9 %"
// (a number with its Unit), a text, or "".
func (v Value) String() string {
	switch v.Kind {
	case KindMoney:
		return v.Money.String()
	case KindNumber:
		if v.Unit != "" {
			return FormatNumber(v.Number) + "\u00a0" + v.Unit
		}
		return FormatNumber(v.Number)
	case KindText:
		return v.Text
	}
	return ""
}

// JSON returns v as SPEC §6 prints it: euros or a number as a JSON number,
// a text as a string, nothing as null.
func (v Value) JSON() json.RawMessage {
	switch v.Kind {
	case KindMoney:
		return json.RawMessage(FormatEurosJSON(v.Money))
	case KindNumber:
		return json.RawMessage(strconv.FormatFloat(v.Number, 'f', -1, 64))
	case KindText:
		b, _ := json.Marshal(v.Text)
		return b
	}
	return json.RawMessage("null")
}

// FormatNumber formats a count or rate the French way: "1 234", "92,5".
func FormatNumber(f float64) string {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	intPart, frac := s, ""
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			intPart, frac = s[:i], s[i+1:]
			break
		}
	}
	out := ""
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			out += "\u00a0"
		}
		out += string(r)
	}
	if frac != "" {
		out += "," + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// Finding is one anomaly found in a submission or in the state of
// reporting. It is data for people, not a Go error: Message is one French
// sentence that says what is wrong and what to do.
type Finding struct {
	Code      Code     `json:"code"`
	Severity  Severity `json:"severity"`
	SIREN     string   `json:"siren,omitempty"`
	Year      int      `json:"year,omitempty"`
	Axis      Axis     `json:"axis,omitempty"`
	Action    string   `json:"action,omitempty"`
	Indicator string   `json:"indicator,omitempty"`
	Expected  Value    `json:"expected"`
	Actual    Value    `json:"actual"`
	// Cells lists the cells the finding comes from, as "Sheet!A1".
	Cells   []string `json:"cells,omitempty"`
	Message string   `json:"message"`
}

// NewFinding returns a finding with the code's severity.
func NewFinding(code Code, message string) Finding {
	return Finding{Code: code, Severity: code.Severity(), Message: message}
}

// Blocking reports whether any finding is bloquant.
func Blocking(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == Bloquant {
			return true
		}
	}
	return false
}

// SortFindings orders findings by severity, then by first cell, code,
// action and indicator, so every output lists them the same way.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Severity.Rank() != b.Severity.Rank() {
			return a.Severity.Rank() < b.Severity.Rank()
		}
		if a.SIREN != b.SIREN {
			return a.SIREN < b.SIREN
		}
		ca, cb := firstCell(a), firstCell(b)
		if ca != cb {
			return cellLess(ca, cb)
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		if a.Action != b.Action {
			return a.Action < b.Action
		}
		return a.Indicator < b.Indicator
	})
}

func firstCell(f Finding) string {
	if len(f.Cells) == 0 {
		return ""
	}
	return f.Cells[0]
}

// cellLess orders "Actions!G7" before "Actions!G12" and an empty cell last.
func cellLess(a, b string) bool {
	if a == "" || b == "" {
		return b == "" && a != ""
	}
	sa, ra, ca := splitCell(a)
	sb, rb, cb := splitCell(b)
	if sa != sb {
		return sa < sb
	}
	if ra != rb {
		return ra < rb
	}
	return ca < cb
}

func splitCell(ref string) (sheet string, row int, col string) {
	i := len(ref) - 1
	for i >= 0 && ref[i] >= '0' && ref[i] <= '9' {
		i--
	}
	row, _ = strconv.Atoi(ref[i+1:])
	j := i
	for j >= 0 && ref[j] != '!' {
		j--
	}
	if j >= 0 {
		sheet = ref[:j]
	}
	col = ref[j+1 : i+1]
	if len(col) == 1 {
		col = " " + col // "B" before "AA"
	}
	return sheet, row, col
}
