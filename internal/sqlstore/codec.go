package sqlstore

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// TimeLayout is how times are stored: UTC, fixed width, nanoseconds, so
// that text order is time order for years 0000 to 9999.
const TimeLayout = "2006-01-02T15:04:05.000000000Z"

// FormatTime returns t in UTC as TimeLayout text.
func FormatTime(t time.Time) string { return t.UTC().Format(TimeLayout) }

// ParseTime reads a time written by FormatTime; the result is in UTC.
func ParseTime(s string) (time.Time, error) {
	t, err := time.Parse(TimeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("parse stored time %q: %w", s, err)
	}
	return t.UTC(), nil
}

// valueRow keeps a reconcile.Value with its kind, unlike Value's own JSON
// form (SPEC §6), which cannot be read back. Number is text so that every
// float64, NaN and infinities included, survives.
type valueRow struct {
	Kind   reconcile.ValueKind `json:"kind"`
	Cents  int64               `json:"cents,omitempty"`
	Number string              `json:"number,omitempty"`
	Text   string              `json:"text,omitempty"`
	// Unit was added later: rows stored without it read back with none.
	Unit string `json:"unit,omitempty"`
}

func encodeValue(v reconcile.Value) *valueRow {
	if v == (reconcile.Value{}) {
		return nil
	}
	r := &valueRow{Kind: v.Kind, Cents: v.Money.Cents(), Text: v.Text, Unit: v.Unit}
	if v.Number != 0 || v.Kind == reconcile.KindNumber {
		r.Number = strconv.FormatFloat(v.Number, 'g', -1, 64)
	}
	return r
}

func decodeValue(r *valueRow) (reconcile.Value, error) {
	if r == nil {
		return reconcile.Value{}, nil
	}
	v := reconcile.Value{Kind: r.Kind, Money: reconcile.Amount(r.Cents), Text: r.Text, Unit: r.Unit}
	if r.Number != "" {
		f, err := strconv.ParseFloat(r.Number, 64)
		if err != nil {
			return v, fmt.Errorf("parse stored number %q: %w", r.Number, err)
		}
		v.Number = f
	}
	return v, nil
}

// findingRow is a reconcile.Finding as stored.
type findingRow struct {
	Code      reconcile.Code     `json:"code"`
	Severity  reconcile.Severity `json:"severity"`
	SIREN     string             `json:"siren,omitempty"`
	Year      int                `json:"year,omitempty"`
	Axis      reconcile.Axis     `json:"axis,omitempty"`
	Action    string             `json:"action,omitempty"`
	Indicator string             `json:"indicator,omitempty"`
	Expected  *valueRow          `json:"expected,omitempty"`
	Actual    *valueRow          `json:"actual,omitempty"`
	Cells     []string           `json:"cells"`
	Message   string             `json:"message"`
}

// findingRows converts findings for storage; nil stays nil (JSON null) and
// an empty slice stays empty, so both read back as they were.
func findingRows(fs []reconcile.Finding) []findingRow {
	if fs == nil {
		return nil
	}
	out := make([]findingRow, len(fs))
	for i, f := range fs {
		out[i] = findingRow{Code: f.Code, Severity: f.Severity, SIREN: f.SIREN, Year: f.Year,
			Axis: f.Axis, Action: f.Action, Indicator: f.Indicator,
			Expected: encodeValue(f.Expected), Actual: encodeValue(f.Actual),
			Cells: f.Cells, Message: f.Message}
	}
	return out
}

func findingsOf(rows []findingRow) ([]reconcile.Finding, error) {
	if rows == nil {
		return nil, nil
	}
	out := make([]reconcile.Finding, len(rows))
	for i, r := range rows {
		exp, err := decodeValue(r.Expected)
		if err != nil {
			return nil, err
		}
		act, err := decodeValue(r.Actual)
		if err != nil {
			return nil, err
		}
		out[i] = reconcile.Finding{Code: r.Code, Severity: r.Severity, SIREN: r.SIREN, Year: r.Year,
			Axis: r.Axis, Action: r.Action, Indicator: r.Indicator, Expected: exp, Actual: act,
			Cells: r.Cells, Message: r.Message}
	}
	return out, nil
}

// EncodeFindings returns findings as stored JSON, keeping every Value's kind.
func EncodeFindings(fs []reconcile.Finding) ([]byte, error) {
	b, err := json.Marshal(findingRows(fs))
	if err != nil {
		return nil, fmt.Errorf("encode findings: %w", err)
	}
	return b, nil
}

// DecodeFindings reads findings written by EncodeFindings.
func DecodeFindings(b []byte) ([]reconcile.Finding, error) {
	var rows []findingRow
	if err := json.Unmarshal(b, &rows); err != nil {
		return nil, fmt.Errorf("decode stored findings: %w", err)
	}
	return findingsOf(rows)
}

// plainReport has Report's fields without its methods, so that reportRow
// controls the encoding even if Report gains a MarshalJSON one day.
type plainReport reconcile.Report

// reportRow is a reconcile.Report as stored: its own JSON form, with the
// findings kept with their kinds and the fields Report hides from JSON
// (row numbers, axis labels as written) kept beside it.
type reportRow struct {
	*plainReport
	Findings      []findingRow `json:"findings"` // shadows plainReport.Findings
	ActionRows    []int        `json:"action_rows,omitempty"`
	AxisLabels    []string     `json:"axis_labels,omitempty"`
	IndicatorRows []int        `json:"indicator_rows,omitempty"`
}

// EncodeReport returns r as stored JSON; nil gives nil.
func EncodeReport(r *reconcile.Report) ([]byte, error) {
	if r == nil {
		return nil, nil
	}
	row := reportRow{plainReport: (*plainReport)(r), Findings: findingRows(r.Findings)}
	for _, a := range r.Actions {
		row.ActionRows = append(row.ActionRows, a.Row)
		row.AxisLabels = append(row.AxisLabels, a.AxisLabel)
	}
	for _, ind := range r.Indicators {
		row.IndicatorRows = append(row.IndicatorRows, ind.Row)
	}
	b, err := json.Marshal(row)
	if err != nil {
		return nil, fmt.Errorf("encode report of %s: %w", r.File, err)
	}
	return b, nil
}

// DecodeReport reads a report written by EncodeReport; nil or empty gives nil.
func DecodeReport(b []byte) (*reconcile.Report, error) {
	if len(b) == 0 {
		return nil, nil
	}
	r := new(reconcile.Report)
	row := reportRow{plainReport: (*plainReport)(r)}
	if err := json.Unmarshal(b, &row); err != nil {
		return nil, fmt.Errorf("decode stored report: %w", err)
	}
	fs, err := findingsOf(row.Findings)
	if err != nil {
		return nil, err
	}
	r.Findings = fs
	for i := range r.Actions {
		if i < len(row.ActionRows) {
			r.Actions[i].Row = row.ActionRows[i]
		}
		if i < len(row.AxisLabels) {
			r.Actions[i].AxisLabel = row.AxisLabels[i]
		}
	}
	for i := range r.Indicators {
		if i < len(row.IndicatorRows) {
			r.Indicators[i].Row = row.IndicatorRows[i]
		}
	}
	return r, nil
}
