package templates

import (
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/pactd/pactd/reconcile"
)

// Errors of Generate, for errors.Is.
var (
	// ErrNoContract means the register has no contract for the SIREN.
	ErrNoContract = errors.New("no contract for this SIREN in the register")
	// ErrYearNotCovered means the contract plans no action in the year.
	ErrYearNotCovered = errors.New("contract plans no action in this year")
)

// FileName returns the file name of the reporting workbook of t for year:
// CLS_<année>_<SIREN>_<short-name>.xlsx (SPEC §4).
func FileName(t reconcile.Territory, year int) string {
	return fmt.Sprintf("CLS_%d_%s_%s.xlsx", year, t.SIREN, t.ShortName())
}

// GenerateOptions are the settings of a generated workbook that do not come
// from the register. The zero value is valid.
type GenerateOptions struct {
	// SendTo is the address the filled workbook is to be sent to, written
	// in Lisez-moi. Empty, Lisez-moi points to the covering letter instead.
	SendTo string
	// Tolerances are shown with the co-financing rule and drive the live
	// checks of Actions and Synthèse; the zero value means
	// reconcile.DefaultTolerances.
	Tolerances reconcile.Tolerances
}

// Generate writes to w the pre-filled reporting workbook (template
// CLS-RAE/1, SPEC §4) of the territory with that SIREN for year. It returns
// an error wrapping ErrNoContract when the register has no such territory
// and ErrYearNotCovered when its contract plans nothing that year. The
// output is deterministic: the same register, SIREN and year give the same
// bytes.
func Generate(w io.Writer, reg *reconcile.Register, siren string, year int) error {
	return GenerateWith(w, reg, siren, year, GenerateOptions{})
}

// GenerateWith is Generate with options; GenerateWith with the zero
// GenerateOptions writes the same bytes as Generate.
func GenerateWith(w io.Writer, reg *reconcile.Register, siren string, year int, opts GenerateOptions) error {
	c := reg.Contract(siren)
	if c == nil {
		return fmt.Errorf("generate workbook for SIREN %s: %w", siren, ErrNoContract)
	}
	if !c.Covers(year) {
		return fmt.Errorf("generate workbook for SIREN %s year %d: %w", siren, year, ErrYearNotCovered)
	}
	f := excelize.NewFile()
	defer f.Close()
	b := &genBook{f: f, reg: reg, c: c, year: year, actions: c.ActionsFor(year), opts: opts}
	b.st, b.err = newGenStyles(f)
	b.build()
	if b.err != nil {
		return fmt.Errorf("generate workbook for SIREN %s year %d: %w", siren, year, b.err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write workbook for SIREN %s year %d: %w", siren, year, err)
	}
	return nil
}

// genBook builds one workbook. Its methods stop doing anything after the
// first error, which build returns in err.
type genBook struct {
	f       *excelize.File
	reg     *reconcile.Register
	c       *reconcile.Contract
	year    int
	actions []reconcile.Action
	opts    GenerateOptions
	st      genStyles
	err     error
}

// build writes every sheet, the defined names and the workbook settings.
func (b *genBook) build() {
	if b.err != nil {
		return
	}
	b.do(b.f.SetSheetName("Sheet1", Sheets[0]))
	for _, name := range Sheets[1:] {
		if b.err == nil {
			_, b.err = b.f.NewSheet(name)
		}
	}
	b.readme()
	b.identification()
	actionsEnd := b.actionsSheet()
	indicatorsEnd := b.indicatorsSheet()
	b.synthese(actionsEnd)
	b.comments()
	t := b.c.Territory
	for _, dn := range []excelize.DefinedName{
		{Name: NameTemplate, RefersTo: genQuote(reconcile.TemplateVersion)},
		{Name: NameSIREN, RefersTo: genQuote(t.SIREN)},
		{Name: NameYear, RefersTo: strconv.Itoa(b.year)},
		{Name: NameFingerprint, RefersTo: genQuote(reconcile.Fingerprint(b.c, b.year))},
		{Name: NameActions, RefersTo: fmt.Sprintf("%s!$A$%d:$K$%d", SheetActions, GeneratedActionsHeaderRow, actionsEnd)},
		{Name: NameIndicators, RefersTo: fmt.Sprintf("%s!$A$%d:$H$%d", SheetIndicators, GeneratedIndicatorsHeaderRow, indicatorsEnd)},
	} {
		b.do(b.f.SetDefinedName(&dn))
	}
	full := true
	b.do(b.f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}))
	setCoreProps(b.f, genCoreProps{
		Title:       fmt.Sprintf("Rapport annuel d'exécution %d du contrat local des solidarités", b.year),
		Subject:     fmt.Sprintf("%s (SIREN %s)", t.Name, t.SIREN),
		Creator:     "pactd",
		Description: "Modèle " + reconcile.TemplateVersion,
		Language:    "fr-FR",
		Date:        "2024-01-01T00:00:00Z",
	})
	b.f.SetActiveSheet(0)
}

// do records the first error.
func (b *genBook) do(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

// set writes a value and a style into one cell.
func (b *genBook) set(sheet, cell string, v any, style int) {
	if b.err != nil {
		return
	}
	if v != nil {
		b.do(b.f.SetCellValue(sheet, cell, v))
	}
	b.do(b.f.SetCellStyle(sheet, cell, cell, style))
}

// formula writes a formula and a style into one cell.
func (b *genBook) formula(sheet, cell, formula string, style int) {
	if b.err != nil {
		return
	}
	b.do(b.f.SetCellFormula(sheet, cell, formula))
	b.do(b.f.SetCellStyle(sheet, cell, cell, style))
}

// cell returns the A1 reference of column col (1-based) and row.
func genCell(col, row int) string {
	name, err := excelize.ColumnNumberToName(col)
	if err != nil {
		// Unreachable: columns are constants of this package.
		panic(err)
	}
	return name + strconv.Itoa(row)
}

// col returns the letters of column col (1-based).
func genCol(c int) string {
	name, err := excelize.ColumnNumberToName(c)
	if err != nil {
		panic(err)
	}
	return name
}

// quoteFormula returns s as a string constant of a formula.
func genQuote(s string) string {
	out := []byte{'"'}
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			out = append(out, '"')
		}
		out = append(out, s[i])
	}
	return string(append(out, '"'))
}

// euros converts cents to the number a spreadsheet shows in euros.
func genEuros(a reconcile.Amount) float64 { return float64(a.Cents()) / 100 }
