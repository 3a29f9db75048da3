package main

import (
	"github.com/pactd/pactd/reconcile"
)

// ingestReport is the JSON object pactd ingest --json prints for one file
// (SPEC §6). Amounts are euros with at most two decimals; a missing value
// is null.
type ingestReport struct {
	File       string            `json:"file"`
	SHA256     string            `json:"sha256"`
	Template   *string           `json:"template"` // null when unreadable
	SIREN      *string           `json:"siren"`
	Year       *int              `json:"year"`
	Status     reconcile.Verdict `json:"status"`
	Actions    []actionJSON      `json:"actions"`
	Indicators []indicatorJSON   `json:"indicators"`
	Findings   []findingJSON     `json:"findings"`
	// Receipt is the receipt number of a stored file; absent with --dry-run.
	Receipt string `json:"receipt,omitempty"`
	// Duplicate is set when the same bytes were received before: the
	// verdict and findings are those of that first reception, and the file
	// is not counted a second time.
	Duplicate bool `json:"duplicate,omitempty"`
	// Quarantined is set, with Reason, when the file would be (or was) set
	// aside for a person instead of being recorded as a submission.
	Quarantined bool   `json:"quarantined,omitempty"`
	Reason      string `json:"reason,omitempty"`
}

// actionJSON is one row of the Actions sheet.
type actionJSON struct {
	Code             string            `json:"code"`
	Axis             *reconcile.Axis   `json:"axis"`
	StatePlanned     *reconcile.Amount `json:"state_planned"`
	TerritoryPlanned *reconcile.Amount `json:"territory_planned"`
	StateSpent       *reconcile.Amount `json:"state_spent"`
	TerritorySpent   *reconcile.Amount `json:"territory_spent"`
	OtherSpent       *reconcile.Amount `json:"other_spent"`
	Status           *string           `json:"status"`
	Cells            map[string]string `json:"cells"`
}

// indicatorJSON is one row of the Indicateurs sheet.
type indicatorJSON struct {
	Action string   `json:"action"`
	Code   string   `json:"code"`
	Actual *float64 `json:"actual"`
	Cell   string   `json:"cell"`
}

// findingJSON is one finding, as pactd ingest --json and pactd reconcile
// --json print it; absent context is null, never "".
type findingJSON struct {
	Code      reconcile.Code     `json:"code"`
	Severity  reconcile.Severity `json:"severity"`
	Axis      *reconcile.Axis    `json:"axis"`
	Action    *string            `json:"action"`
	Indicator *string            `json:"indicator"`
	Cells     []string           `json:"cells"`
	Expected  reconcile.Value    `json:"expected"`
	Actual    reconcile.Value    `json:"actual"`
	Message   string             `json:"message"`
}

// reportJSON builds the SPEC §6 object of a processed file from its
// submission (parsed report and final findings).
func reportJSON(sub *reconcile.Submission) ingestReport {
	out := ingestReport{
		File: sub.FileName, SHA256: sub.SHA256, Template: nonEmpty(sub.Template), SIREN: nonEmpty(sub.SIREN),
		Status: sub.Verdict, Actions: []actionJSON{}, Indicators: []indicatorJSON{}, Findings: findingsJSON(sub.Findings),
	}
	if sub.Year != 0 {
		out.Year = &sub.Year
	}
	if sub.Verdict == "" {
		out.Status = reconcile.VerdictOf(sub.Findings)
	}
	if sub.Report == nil {
		return out
	}
	for _, a := range sub.Report.Actions {
		cells := a.Cells
		if cells == nil {
			cells = map[string]string{}
		}
		out.Actions = append(out.Actions, actionJSON{
			Code: a.Code, Axis: axisPtr(a.Axis), StatePlanned: a.StatePlanned, TerritoryPlanned: a.TerritoryPlanned,
			StateSpent: a.StateSpent, TerritorySpent: a.TerritorySpent, OtherSpent: a.OtherSpent,
			Status: strPtr(a.Status), Cells: cells,
		})
	}
	for _, i := range sub.Report.Indicators {
		out.Indicators = append(out.Indicators, indicatorJSON{Action: i.Action, Code: i.Code, Actual: i.Actual, Cell: i.Cell})
	}
	return out
}

// findingsJSON converts findings to their JSON objects, in their order.
func findingsJSON(fs []reconcile.Finding) []findingJSON {
	out := make([]findingJSON, 0, len(fs))
	for _, f := range fs {
		cells := f.Cells
		if cells == nil {
			cells = []string{}
		}
		out = append(out, findingJSON{Code: f.Code, Severity: f.Severity, Axis: axisPtr(f.Axis), Action: strPtr(f.Action),
			Indicator: strPtr(f.Indicator), Cells: cells, Expected: f.Expected, Actual: f.Actual, Message: f.Message})
	}
	return out
}

func axisPtr(a reconcile.Axis) *reconcile.Axis {
	if a == "" {
		return nil
	}
	return &a
}

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// nonEmpty returns nil for "", so JSON says null for a missing value.
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
