package sqlstore_test

import (
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/sqlstore"
	"github.com/pactd/pactd/reconcile"
)

func TestRebind(t *testing.T) {
	tests := []struct {
		d          sqlstore.Dialect
		query, out string
	}{
		{sqlstore.SQLite, "SELECT a FROM t WHERE b = ? AND c = ?", "SELECT a FROM t WHERE b = ? AND c = ?"},
		{sqlstore.Postgres, "SELECT a FROM t WHERE b = ? AND c = ?", "SELECT a FROM t WHERE b = $1 AND c = $2"},
		{sqlstore.Postgres, "SELECT 1", "SELECT 1"},
		{sqlstore.Postgres, "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"},
	}
	for _, tt := range tests {
		if got := tt.d.Rebind(tt.query); got != tt.out {
			t.Errorf("%s Rebind(%q) = %q, want %q", tt.d.Name, tt.query, got, tt.out)
		}
	}
}

func TestTimeSortsAsText(t *testing.T) {
	times := []time.Time{
		time.Date(999, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 3, 29, 0, 59, 59, 999999999, time.UTC),
		time.Date(2026, 3, 29, 3, 0, 0, 0, reconcile.Paris), // 01:00 UTC
		time.Date(2026, 3, 29, 1, 0, 0, 1, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
	}
	for i := 1; i < len(times); i++ {
		a, b := sqlstore.FormatTime(times[i-1]), sqlstore.FormatTime(times[i])
		if !(a < b) || len(a) != len(b) {
			t.Errorf("%q does not sort before %q at the same width", a, b)
		}
		back, err := sqlstore.ParseTime(b)
		if err != nil || !back.Equal(times[i]) || back.Location() != time.UTC {
			t.Errorf("ParseTime(%q) = %v, %v; want %v in UTC", b, back, err, times[i])
		}
	}
}

// FuzzFindingsRoundTrip checks that any finding value reads back with its
// kind and its exact amount, number or text.
func FuzzFindingsRoundTrip(f *testing.F) {
	f.Add("money", int64(9800050), 0.0, "", "Actions!G7", "")
	f.Add("number", int64(0), 92.5, "", "", "")
	f.Add("number", int64(0), 74.9, "", "", "%")
	f.Add("text", int64(0), 0.0, "31 mars 2026 « € »", "Synthèse!B2", "")
	f.Add("", int64(0), 0.0, "", "", "")
	f.Add("number", int64(0), math.Inf(-1), "", "", "")
	f.Fuzz(func(t *testing.T, kind string, cents int64, number float64, text, cell, unit string) {
		v := reconcile.Value{Kind: reconcile.ValueKind(kind), Money: reconcile.Amount(cents), Number: number, Text: text,
			Unit: unit}
		in := []reconcile.Finding{{Code: reconcile.SousExecution, Severity: reconcile.Alerte, Expected: v, Actual: v,
			Cells: []string{cell}, Message: text}}
		b, err := sqlstore.EncodeFindings(in)
		if err != nil {
			t.Fatal(err)
		}
		out, err := sqlstore.DecodeFindings(b)
		if err != nil {
			t.Fatalf("decode %s: %v", b, err)
		}
		got := out[0].Expected
		if string(got.Kind) != toValid(kind) || got.Money != v.Money || got.Text != toValid(v.Text) ||
			got.Unit != toValid(unit) ||
			!(got.Number == v.Number || math.IsNaN(got.Number) && math.IsNaN(v.Number)) {
			t.Errorf("value %#v read back as %#v (stored %s)", v, got, b)
		}
		if !reflect.DeepEqual(out[0].Cells, []string{toValid(cell)}) {
			t.Errorf("cells %q read back as %q", cell, out[0].Cells)
		}
	})
}

// toValid is what encoding/json makes of a string: invalid UTF-8 replaced.
func toValid(s string) string {
	b := []rune(s)
	return string(b)
}

// TestCodecValueUnit checks that a percentage keeps its unit through the
// store, and that rows stored before Unit existed read back with none.
func TestCodecValueUnit(t *testing.T) {
	in := []reconcile.Finding{{Code: reconcile.SousExecution, Severity: reconcile.Alerte,
		Expected: reconcile.PercentValue(80), Actual: reconcile.PercentValue(74.9), Message: "m"}}
	b, err := sqlstore.EncodeFindings(in)
	if err != nil {
		t.Fatal(err)
	}
	out, err := sqlstore.DecodeFindings(b)
	if err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	if out[0].Expected != in[0].Expected || out[0].Actual != in[0].Actual {
		t.Errorf("read back %v, %v; want %v, %v", out[0].Expected, out[0].Actual, in[0].Expected, in[0].Actual)
	}
	old := `[{"code":"SOUS_EXECUTION","severity":"alerte","expected":{"kind":"number","number":"80"},` +
		`"actual":{"kind":"number","number":"74.9"},"cells":null,"message":"m"}]`
	out, err = sqlstore.DecodeFindings([]byte(old))
	if err != nil {
		t.Fatalf("decode %s: %v", old, err)
	}
	if out[0].Expected != reconcile.NumberValue(80) || out[0].Actual != reconcile.NumberValue(74.9) {
		t.Errorf("old row read back %#v, %#v; want plain numbers", out[0].Expected, out[0].Actual)
	}
}
