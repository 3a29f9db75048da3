package reconcile

import "time"

// Template identifiers. TemplateVersion is the only one pactd reads and writes.
const TemplateVersion = "CLS-RAE/1"

// Fields of an action row, as keys of ReportedAction.Cells and in JSON.
const (
	FieldCode             = "code"
	FieldAxis             = "axis"
	FieldTitle            = "title"
	FieldNature           = "nature"
	FieldStatePlanned     = "state_planned"
	FieldTerritoryPlanned = "territory_planned"
	FieldStateSpent       = "state_spent"
	FieldTerritorySpent   = "territory_spent"
	FieldOtherSpent       = "other_spent"
	FieldStatus           = "status"
	FieldComment          = "comment"
	FieldRate             = "rate" // execution rate, in Synthèse
)

// Action statuses of the Statut drop-down.
const (
	StatusRealisee    = "Réalisée"
	StatusEnCours     = "En cours"
	StatusNonDemarree = "Non démarrée"
	StatusAbandonnee  = "Abandonnée"
)

// ActionStatuses lists the Statut drop-down in order.
var ActionStatuses = []string{StatusRealisee, StatusEnCours, StatusNonDemarree, StatusAbandonnee}

// Report is what a returned workbook says, read cell by cell: values with
// the cells they come from, and the findings made while reading. A missing
// value is nil, never zero.
type Report struct {
	File           string              `json:"file"`
	Template       string              `json:"template"`
	SIREN          string              `json:"siren"`
	Year           int                 `json:"year"`
	Fingerprint    string              `json:"fingerprint,omitempty"` // pactd_empreinte as found
	Identification Identification      `json:"identification"`
	Actions        []ReportedAction    `json:"actions"`
	Indicators     []ReportedIndicator `json:"indicators"`
	// Totals are the totals the file computes itself (the totals row of
	// Actions and the Synthèse sheet), as cached by the program that saved
	// it; nil values were not cached or not numbers.
	Totals   []ReportedTotal `json:"totals,omitempty"`
	Comments string          `json:"comments,omitempty"` // the Commentaires sheet
	// Findings are those made while reading the file.
	Findings []Finding `json:"findings"`
}

// Identification is the Identification sheet.
type Identification struct {
	Name             string     `json:"name,omitempty"`
	Referent         string     `json:"referent,omitempty"`
	Email            string     `json:"email,omitempty"`
	Phone            string     `json:"phone,omitempty"`
	TransmissionDate *time.Time `json:"transmission_date,omitempty"`
	// Cells maps "name", "siren", "year", "referent", "email", "phone",
	// "transmission_date" to the cell of their value.
	Cells map[string]string `json:"cells,omitempty"`
}

// ReportedAction is one row of the Actions sheet.
type ReportedAction struct {
	Code             string  `json:"code"`
	Axis             Axis    `json:"axis"`
	AxisLabel        string  `json:"-"` // as written in the file
	Title            string  `json:"title,omitempty"`
	Nature           string  `json:"nature,omitempty"`
	StatePlanned     *Amount `json:"state_planned"`
	TerritoryPlanned *Amount `json:"territory_planned"`
	StateSpent       *Amount `json:"state_spent"`
	TerritorySpent   *Amount `json:"territory_spent"`
	OtherSpent       *Amount `json:"other_spent"`
	Status           string  `json:"status"`
	Comment          string  `json:"comment,omitempty"`
	Row              int     `json:"-"`
	// Cells maps the Field* names to their cell, "Actions!G7".
	Cells map[string]string `json:"cells"`
}

// ReportedIndicator is one row of the Indicateurs sheet.
type ReportedIndicator struct {
	Action   string   `json:"action"`
	Code     string   `json:"code"`
	Label    string   `json:"label,omitempty"`
	Unit     string   `json:"unit,omitempty"`
	Baseline *float64 `json:"baseline,omitempty"`
	Target   *float64 `json:"target,omitempty"`
	Actual   *float64 `json:"actual"`
	Comment  string   `json:"comment,omitempty"`
	Row      int      `json:"-"`
	Cell     string   `json:"cell"` // the Réalisé cell
}

// ReportedTotal is a total computed by the workbook itself.
type ReportedTotal struct {
	Sheet string   `json:"sheet"`          // "Actions" or "Synthèse"
	Axis  Axis     `json:"axis,omitempty"` // empty for the grand total
	Field string   `json:"field"`          // a Field* name
	Value *Amount  `json:"value"`          // for amounts
	Rate  *float64 `json:"rate,omitempty"` // for FieldRate, as a fraction (0.92)
	Cell  string   `json:"cell"`
}
