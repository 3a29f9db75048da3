package ingest_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/xuri/excelize/v2"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// sampleRegister reads the committed sample register once per test binary.
var sampleRegister = func() func(t testing.TB) *reconcile.Register {
	var reg *reconcile.Register
	return func(t testing.TB) *reconcile.Register {
		t.Helper()
		if reg == nil {
			data, err := os.ReadFile(filepath.Join("..", "samples", "registre.xlsx"))
			if err != nil {
				t.Fatal(err)
			}
			r, err := templates.ReadRegister(data, "registre.xlsx")
			if err != nil {
				t.Fatalf("read sample register: %v", err)
			}
			reg = r
		}
		cp := *reg
		return &cp
	}
}()

// newPipeline returns a pipeline over a fresh SQLite file holding the sample
// register, with a clock fixed before the 2025 deadline.
func newPipeline(t *testing.T) (*ingest.Pipeline, *sqlite.Store, *reconcile.Register) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "pactd.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	reg := sampleRegister(t)
	if _, err := st.SaveRegister(ctx, reg); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 20, 10, 0, 0, 0, reconcile.Paris)
	return &ingest.Pipeline{Store: st, Now: func() time.Time { return now }, Log: zerolog.Nop()}, st, reg
}

// ainSIREN is the Département de l'Ain, a three-axis contract.
const ainSIREN = "220100010"

// filledWorkbook generates the 2025 workbook of siren and fills it as a
// diligent territory would: everything spent as planned, every indicator
// at its target, each amount changed by adjust (nil: none).
func filledWorkbook(t *testing.T, reg *reconcile.Register, siren string, adjust func(code string, state, territory *float64)) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := templates.Generate(&buf, reg, siren, 2025); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c := reg.Contract(siren)
	fillRows(t, f, templates.SheetActions, templates.HeaderActionCode, func(row int, code string, col map[string]string) {
		a := c.Action(code)
		if a == nil {
			return
		}
		plan := a.Plans[2025]
		state, territory := plan.State.Euros(), plan.Territory.Euros()
		if adjust != nil {
			adjust(code, &state, &territory)
		}
		r := strconv.Itoa(row)
		must(t, f.SetCellValue(templates.SheetActions, col[templates.HeaderStateSpent]+r, state))
		must(t, f.SetCellValue(templates.SheetActions, col[templates.HeaderTerritorySpent]+r, territory))
		must(t, f.SetCellValue(templates.SheetActions, col[templates.HeaderOtherSpent]+r, 0))
		must(t, f.SetCellValue(templates.SheetActions, col[templates.HeaderStatus]+r, reconcile.StatusRealisee))
	})
	fillRows(t, f, templates.SheetIndicators, templates.HeaderIndicatorCode, func(row int, code string, col map[string]string) {
		r := strconv.Itoa(row)
		target, err := f.GetCellValue(templates.SheetIndicators, col[templates.HeaderTarget]+r, excelize.Options{RawCellValue: true})
		must(t, err)
		v, err := strconv.ParseFloat(target, 64)
		must(t, err)
		must(t, f.SetCellValue(templates.SheetIndicators, col[templates.HeaderActual]+r, v+1))
	})
	must(t, f.SetCellValue(templates.SheetIdentification, "B5", "Camille Martin"))
	out, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// fillRows calls fn for each data row of the table whose header row holds
// keyHeader, with the column letter of each header.
func fillRows(t *testing.T, f *excelize.File, sheet, keyHeader string, fn func(row int, key string, col map[string]string)) {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	must(t, err)
	col := map[string]string{}
	keyCol, header := -1, -1
	for i, cells := range rows {
		for j, v := range cells {
			if v == keyHeader {
				header, keyCol = i, j
			}
		}
		if header >= 0 {
			for j, v := range rows[header] {
				name, _ := excelize.ColumnNumberToName(j + 1)
				col[v] = name
			}
			break
		}
	}
	if header < 0 {
		t.Fatalf("no header %q in %s", keyHeader, sheet)
	}
	for i := header + 1; i < len(rows); i++ {
		if keyCol >= len(rows[i]) || rows[i][keyCol] == "" || rows[i][0] == templates.TotalLabel {
			continue
		}
		fn(i+1, rows[i][keyCol], col)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestPipelineRecordsAcceptedSubmission(t *testing.T) {
	p, st, reg := newPipeline(t)
	ctx := context.Background()
	data := filledWorkbook(t, reg, ainSIREN, nil)
	out, err := p.Process(ctx, ingest.Incoming{Name: "CLS_2025_220100010_ain.xlsx", Content: data,
		Origin: reconcile.Origin{Kind: reconcile.OriginFolder, Key: "dossier:a"}})
	if err != nil {
		t.Fatal(err)
	}
	if out.Quarantined {
		t.Fatalf("quarantined: %s", out.Reason)
	}
	if got, want := out.Submission.Verdict, reconcile.Accepted; got != want {
		t.Fatalf("verdict %s, want %s; findings %+v", got, want, out.Submission.Findings)
	}
	subs, err := st.Submissions(ctx, reconcile.SubmissionFilter{SIREN: ainSIREN})
	must(t, err)
	if len(subs) != 1 || subs[0].Year != 2025 || subs[0].RegisterVersion != reg.Version {
		t.Fatalf("stored %+v", subs)
	}
	content, err := st.SubmissionContent(ctx, subs[0].ID)
	must(t, err)
	if !bytes.Equal(content, data) {
		t.Fatal("stored bytes differ from the received file")
	}
}

// TestResubmission is issue 3's story: a rejected v1, an accepted v2, the
// same v2 sent again: one accepted submission counts, three receipts.
func TestResubmission(t *testing.T) {
	p, st, reg := newPipeline(t)
	ctx := context.Background()
	v1 := filledWorkbook(t, reg, ainSIREN, func(code string, state, territory *float64) {
		*territory = *state / 2 // the territory did not co-finance its half
	})
	v2 := filledWorkbook(t, reg, ainSIREN, nil)
	sends := []struct {
		key  string
		data []byte
		want reconcile.Verdict
		dup  bool
	}{
		{"dossier:v1", v1, reconcile.Rejected, false},
		{"dossier:v2", v2, reconcile.Accepted, false},
		{"dossier:v2-again", v2, reconcile.Accepted, true},
	}
	for i, s := range sends {
		out, err := p.Process(ctx, ingest.Incoming{Name: "CLS_2025_220100010_ain.xlsx", Content: s.data,
			Origin: reconcile.Origin{Kind: reconcile.OriginFolder, Key: s.key}})
		must(t, err)
		if out.Submission.Verdict != s.want || out.Receipt.Duplicate != s.dup {
			t.Fatalf("send %d: verdict %s duplicate %v, want %s %v", i+1, out.Submission.Verdict, out.Receipt.Duplicate, s.want, s.dup)
		}
	}
	subs, err := st.Submissions(ctx, reconcile.SubmissionFilter{SIREN: ainSIREN})
	must(t, err)
	receipts, err := st.Receipts(ctx, 0)
	must(t, err)
	if got, want := len(receipts), 3; got != want {
		t.Fatalf("%d receipts, want %d", got, want)
	}
	statuses := reconcile.Statuses(reg, subs, receipts, 2025, p.Now())
	var ain *reconcile.ReportingStatus
	for i := range statuses {
		if statuses[i].Territory.SIREN == ainSIREN {
			ain = &statuses[i]
		}
	}
	if ain == nil {
		t.Fatal("no status for the Ain")
	}
	if ain.Receipts != 3 || ain.Submissions != 2 || ain.Accepted != 1 || ain.Rejected != 1 || ain.Counted == nil {
		t.Fatalf("status %+v", ain)
	}
	if ain.Counted.SHA256 != subs[1].SHA256 {
		t.Fatal("the counted submission is not v2")
	}
}

func TestPipelineReplayedKeyCountsOnce(t *testing.T) {
	p, st, reg := newPipeline(t)
	ctx := context.Background()
	in := ingest.Incoming{Name: "a.xlsx", Content: filledWorkbook(t, reg, ainSIREN, nil),
		Origin: reconcile.Origin{Kind: reconcile.OriginEmail, Sender: "rapports@ain.fr", Key: "imap:x/INBOX/1/7/2"}}
	first, err := p.Process(ctx, in)
	must(t, err)
	again, err := p.Process(ctx, in)
	must(t, err)
	if first.Receipt.ID != again.Receipt.ID {
		t.Fatalf("replay made receipt %d after %d", again.Receipt.ID, first.Receipt.ID)
	}
	receipts, err := st.Receipts(ctx, 0)
	must(t, err)
	if len(receipts) != 1 {
		t.Fatalf("%d receipts after a replay, want 1", len(receipts))
	}
}

func TestPipelineQuarantines(t *testing.T) {
	p, st, reg := newPipeline(t)
	ctx := context.Background()
	good := filledWorkbook(t, reg, ainSIREN, nil)
	cases := []struct {
		name   string
		in     ingest.Incoming
		reason string
	}{
		{"spoofed sender", ingest.Incoming{Name: "a.xlsx", Content: good,
			Origin: reconcile.Origin{Kind: reconcile.OriginEmail, Sender: "escroc@exemple.com", Key: "k1"}},
			"L'adresse escroc@exemple.com n'est pas autorisée à transmettre le rapport du Département de l'Ain."},
		{"not a workbook", ingest.Incoming{Name: "b.xlsx", Content: []byte("PK\x03\x04 broken"),
			Origin: reconcile.Origin{Kind: reconcile.OriginFolder, Key: "k2"}}, "ne peut pas être rattaché"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := p.Process(ctx, c.in)
			must(t, err)
			if !out.Quarantined || !bytes.Contains([]byte(out.Reason), []byte(c.reason)) {
				t.Fatalf("outcome %+v, want quarantine saying %q", out, c.reason)
			}
		})
	}
	entries, err := st.QuarantineEntries(ctx, time.Time{})
	must(t, err)
	if len(entries) != 2 {
		t.Fatalf("%d quarantine entries, want 2", len(entries))
	}
	subs, err := st.Submissions(ctx, reconcile.SubmissionFilter{})
	must(t, err)
	if len(subs) != 0 {
		t.Fatalf("quarantined files became %d submissions", len(subs))
	}
}

func TestPipelineDryRunStoresNothing(t *testing.T) {
	p, st, reg := newPipeline(t)
	p.DryRun = true
	ctx := context.Background()
	out, err := p.Process(ctx, ingest.Incoming{Name: "a.xlsx", Content: filledWorkbook(t, reg, ainSIREN, nil),
		Origin: reconcile.Origin{Kind: reconcile.OriginCommand}})
	must(t, err)
	if out.Submission == nil || out.Submission.Verdict != reconcile.Accepted {
		t.Fatalf("dry run outcome %+v", out)
	}
	receipts, err := st.Receipts(ctx, 0)
	must(t, err)
	if len(receipts) != 0 {
		t.Fatalf("dry run stored %d receipts", len(receipts))
	}
}

func TestPipelineWithoutRegisterKeepsTheFile(t *testing.T) {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "pactd.db"))
	must(t, err)
	defer st.Close()
	p := &ingest.Pipeline{Store: st, Log: zerolog.Nop()}
	_, err = p.Process(context.Background(), ingest.Incoming{Name: "a.xlsx", Content: []byte("x")})
	if !errors.Is(err, ingest.ErrNoRegister) {
		t.Fatalf("got %v, want ErrNoRegister", err)
	}
}

// TestPipelineVerdictDoesNotDependOnSender sends the same bytes first from
// an unauthorised address (pactd ingest --from), then from an authorised
// one: the first is quarantined, the second accepted, and the stored
// submission carries no sender finding.
func TestPipelineVerdictDoesNotDependOnSender(t *testing.T) {
	p, st, reg := newPipeline(t)
	ctx := context.Background()
	data := filledWorkbook(t, reg, ainSIREN, nil)
	authorised := reg.Contract(ainSIREN).Territory.Senders[0]
	if authorised[0] == '@' {
		authorised = "referent" + authorised
	}
	first, err := p.Process(ctx, ingest.Incoming{Name: "a.xlsx", Content: data,
		Origin: reconcile.Origin{Kind: reconcile.OriginCommand, Sender: "pirate@exemple.com"}})
	must(t, err)
	if !first.Quarantined {
		t.Fatalf("an unauthorised --from was not quarantined: %+v", first)
	}
	second, err := p.Process(ctx, ingest.Incoming{Name: "a.xlsx", Content: data,
		Origin: reconcile.Origin{Kind: reconcile.OriginCommand, Sender: authorised}})
	must(t, err)
	if second.Quarantined || second.Submission.Verdict != reconcile.Accepted || second.Receipt.Duplicate {
		t.Fatalf("the authorised sender's file: %+v", second)
	}
	for _, f := range second.Submission.Findings {
		if f.Code == reconcile.ExpediteurNonAutorise {
			t.Fatalf("the stored submission carries %s", f.Code)
		}
	}
	subs, err := st.Submissions(ctx, reconcile.SubmissionFilter{})
	must(t, err)
	if len(subs) != 1 {
		t.Fatalf("%d submissions, want 1", len(subs))
	}
}

// failingHistory is the real store whose listing of submissions fails, as
// a database that goes away mid-intake would.
type failingHistory struct{ reconcile.Store }

func (failingHistory) Submissions(context.Context, reconcile.SubmissionFilter) ([]reconcile.Submission, error) {
	return nil, errors.New("database is locked")
}

// TestPipelineHistoryErrorDecidesNothing: when the territory's earlier
// reports cannot be read, no verdict is made (the multi-year rule would
// silently not run): Process fails, nothing is stored, the source retries.
func TestPipelineHistoryErrorDecidesNothing(t *testing.T) {
	p, st, reg := newPipeline(t)
	p.Store = failingHistory{st}
	_, err := p.Process(context.Background(), ingest.Incoming{Name: "a.xlsx", Content: filledWorkbook(t, reg, ainSIREN, nil),
		Origin: reconcile.Origin{Kind: reconcile.OriginFolder, Key: "k"}})
	if err == nil {
		t.Fatal("Process succeeded without the territory's history")
	}
	receipts, err := st.Receipts(context.Background(), 0)
	must(t, err)
	if len(receipts) != 0 {
		t.Fatalf("%d receipts stored after a failure", len(receipts))
	}
}
