package templates_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// generate returns the workbook of siren for year from reg.
func generate(t testing.TB, reg *reconcile.Register, siren string, year int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := templates.Generate(&buf, reg, siren, year); err != nil {
		t.Fatalf("Generate(%s, %d): %v", siren, year, err)
	}
	return buf.Bytes()
}

func openBytes(t testing.TB, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("open generated workbook: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func definedNames(f *excelize.File) map[string]string {
	m := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Scope == "" || dn.Scope == "Workbook" {
			m[dn.Name] = dn.RefersTo
		}
	}
	return m
}

func value(t testing.TB, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell)
	if err != nil {
		t.Fatalf("read %s!%s: %v", sheet, cell, err)
	}
	return v
}

func locked(t testing.TB, f *excelize.File, sheet, cell string) bool {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatalf("style of %s!%s: %v", sheet, cell, err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatalf("style %d: %v", id, err)
	}
	return st.Protection == nil || st.Protection.Locked
}

func TestGenerateWorkbookStructure(t *testing.T) {
	reg := testRegister()
	f := openBytes(t, generate(t, reg, "220100010", 2025))

	if got, want := f.GetSheetList(), templates.Sheets; !reflect.DeepEqual(got, want) {
		t.Errorf("sheets = %q, want %q", got, want)
	}
	c := reg.Contract("220100010")
	names := definedNames(f)
	wantNames := map[string]string{
		templates.NameTemplate:    `"CLS-RAE/1"`,
		templates.NameSIREN:       `"220100010"`,
		templates.NameYear:        "2025",
		templates.NameFingerprint: `"` + reconcile.Fingerprint(c, 2025) + `"`,
		templates.NameActions:     "Actions!$A$4:$K$7",
		templates.NameIndicators:  "Indicateurs!$A$4:$H$7",
	}
	for k, want := range wantNames {
		if got := names[k]; got != want {
			t.Errorf("defined name %s = %q, want %q", k, got, want)
		}
	}

	// Identification: labels in A, values in B; the first three locked.
	for i, label := range templates.IdentificationLabels {
		r := templates.GeneratedIdentificationRow + i
		if got := value(t, f, templates.SheetIdentification, fmt.Sprintf("A%d", r)); got != label {
			t.Errorf("Identification!A%d = %q, want %q", r, got, label)
		}
		if got, want := locked(t, f, templates.SheetIdentification, fmt.Sprintf("B%d", r)), i < 3; got != want {
			t.Errorf("Identification!B%d locked = %v, want %v", r, got, want)
		}
	}
	for cell, want := range map[string]string{"B4": "Département de l'Ain", "B5": "220100010", "B6": "2025"} {
		if got := value(t, f, templates.SheetIdentification, cell); got != want {
			t.Errorf("Identification!%s = %q, want %q", cell, got, want)
		}
	}

	// Actions: headers, the year's actions in contract order, totals.
	rows, err := f.GetRows(templates.SheetActions, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := rows[3]; !reflect.DeepEqual(got, templates.ActionHeaders) {
		t.Errorf("Actions headers = %q, want %q", got, templates.ActionHeaders)
	}
	wantRows := [][]string{
		{"ENF-01", reconcile.AxisEnfance.Label(), "Accueil des jeunes enfants en quartiers prioritaires de la politique de la ville", "Nouvelle", "120000", "120000"},
		{"ACD-01", reconcile.AxisAccesDroits.Label(), "Premiers accès aux droits en maisons France services", "Renforcée", "45678.91", "45678.91"},
		{"TRA-01", reconcile.AxisTransition.Label(), "Lutte contre la précarité énergétique des ménages modestes", "Nouvelle", "25000.5", "25000.5"},
	}
	for i, want := range wantRows {
		if got := rows[4+i][:6]; !reflect.DeepEqual(got, want) {
			t.Errorf("Actions row %d = %q, want %q", 5+i, got, want)
		}
		for c, name := range []string{"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K"} {
			if got, want := locked(t, f, templates.SheetActions, fmt.Sprintf("%s%d", name, 5+i)), c < 6; got != want {
				t.Errorf("Actions!%s%d locked = %v, want %v", name, 5+i, got, want)
			}
		}
	}
	if got := value(t, f, templates.SheetActions, "A8"); got != templates.TotalLabel {
		t.Errorf("Actions!A8 = %q, want %q", got, templates.TotalLabel)
	}
	for _, c := range []string{"E", "F", "G", "H", "I"} {
		got, err := f.GetCellFormula(templates.SheetActions, c+"8")
		if want := fmt.Sprintf("SUM(%s5:%s7)", c, c); err != nil || got != want {
			t.Errorf("Actions!%s8 formula = %q (%v), want %q", c, got, err, want)
		}
	}
	total, err := f.CalcCellValue(templates.SheetActions, "E8", excelize.Options{RawCellValue: true})
	if err != nil || total != "190679.41" {
		t.Errorf("Actions!E8 computes %q (%v), want 190679.41", total, err)
	}

	// Indicateurs: one row per indicator of the year's actions.
	ind, err := f.GetRows(templates.SheetIndicators, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := ind[3]; !reflect.DeepEqual(got, templates.IndicatorHeaders) {
		t.Errorf("Indicateurs headers = %q, want %q", got, templates.IndicatorHeaders)
	}
	wantInd := [][]string{
		{"ENF-01", "ENF-01-I1", "Enfants accueillis", "personnes", "120", "140"},
		{"ENF-01", "ENF-01-I2", "Taux d'occupation des places", "%", "", "85.5"},
		{"ACD-01", "ACD-01-I1", "Ménages accompagnés", "ménages", "300", "350"},
	}
	if len(ind) != 4+len(wantInd) {
		t.Fatalf("Indicateurs has %d rows, want %d", len(ind), 4+len(wantInd))
	}
	for i, want := range wantInd {
		got := append(ind[4+i], make([]string, 8)...)[:6]
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Indicateurs row %d = %q, want %q", 5+i, got, want)
		}
		if locked(t, f, templates.SheetIndicators, fmt.Sprintf("G%d", 5+i)) || locked(t, f, templates.SheetIndicators, fmt.Sprintf("H%d", 5+i)) {
			t.Errorf("Indicateurs!G%d:H%d locked, want unlocked", 5+i, 5+i)
		}
		if !locked(t, f, templates.SheetIndicators, fmt.Sprintf("F%d", 5+i)) {
			t.Errorf("Indicateurs!F%d unlocked, want locked", 5+i)
		}
	}

	// Synthèse: one row per axis of the contract, by formula.
	syn, err := f.GetRows(templates.SheetSynthese, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := syn[3]; !reflect.DeepEqual(got, templates.SyntheseHeaders) {
		t.Errorf("Synthèse headers = %q, want %q", got, templates.SyntheseHeaders)
	}
	for i, ax := range c.Territory.Axes() {
		r := 5 + i
		if got := value(t, f, templates.SheetSynthese, fmt.Sprintf("A%d", r)); got != ax.Label() {
			t.Errorf("Synthèse!A%d = %q, want %q", r, got, ax.Label())
		}
		if got := value(t, f, templates.SheetSynthese, fmt.Sprintf("G%d", r)); got != string(ax) {
			t.Errorf("Synthèse!G%d = %q, want %q", r, got, ax)
		}
	}
	if got, _ := f.CalcCellValue(templates.SheetSynthese, "B5", excelize.Options{RawCellValue: true}); got != "120000" {
		t.Errorf("Synthèse!B5 computes %q, want 120000", got)
	}
	if got, _ := f.CalcCellValue(templates.SheetSynthese, "B8", excelize.Options{RawCellValue: true}); got != "190679.41" {
		t.Errorf("Synthèse!B8 (total) computes %q, want 190679.41", got)
	}
	if vis, _ := f.GetColVisible(templates.SheetSynthese, "G"); vis {
		t.Errorf("Synthèse column G (axis ids) is visible, want hidden")
	}

	// Commentaires: the free-text area is unlocked.
	if locked(t, f, templates.SheetComments, templates.CommentsCell) {
		t.Errorf("Commentaires!%s locked, want unlocked", templates.CommentsCell)
	}
}

func TestGenerateProtectionAndPrint(t *testing.T) {
	f := openBytes(t, generate(t, testRegister(), "220100010", 2025))
	for _, sh := range templates.Sheets {
		p, err := f.GetSheetProtection(sh)
		if err != nil {
			t.Fatalf("protection of %s: %v", sh, err)
		}
		if !p.SelectLockedCells || !p.SelectUnlockedCells || p.FormatCells || p.InsertRows || p.DeleteRows || p.Password != "" {
			t.Errorf("%s protection = %+v, want select only, no password", sh, p)
		}
		hf, err := f.GetHeaderFooter(sh)
		if err != nil || !strings.Contains(hf.OddHeader, "Département de l'Ain") || !strings.Contains(hf.OddFooter, "&P") {
			t.Errorf("%s header/footer = %+v (%v), want territory name and page number", sh, hf, err)
		}
		dim, err := f.GetSheetDimension(sh)
		if err != nil || !strings.Contains(dim, ":") {
			t.Errorf("%s dimension = %q (%v), want a range", sh, dim, err)
		}
	}
	for _, sh := range []string{templates.SheetActions, templates.SheetIndicators} {
		pl, err := f.GetPageLayout(sh)
		if err != nil || pl.Orientation == nil || *pl.Orientation != "landscape" || pl.Size == nil || *pl.Size != 9 ||
			pl.FitToWidth == nil || *pl.FitToWidth != 1 {
			t.Errorf("%s page layout = %+v (%v), want A4 landscape fit to one page wide", sh, pl, err)
		}
		panes, err := f.GetPanes(sh)
		if err != nil || !panes.Freeze || panes.YSplit != 4 {
			t.Errorf("%s panes = %+v (%v), want frozen below row 4", sh, panes, err)
		}
	}
	var titles []string
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" {
			titles = append(titles, dn.Scope+"="+dn.RefersTo)
		}
	}
	slices.Sort(titles)
	if want := []string{"Actions=Actions!$4:$4", "Indicateurs=Indicateurs!$4:$4"}; !reflect.DeepEqual(titles, want) {
		t.Errorf("print titles = %q, want %q", titles, want)
	}
}

func TestGenerateValidations(t *testing.T) {
	f := openBytes(t, generate(t, testRegister(), "220100010", 2025))
	dvs, err := f.GetDataValidations(templates.SheetActions)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, dv := range dvs {
		got[dv.Sqref] = dv.Type + " " + dv.Operator + " " + html.UnescapeString(dv.Formula1)
		if dv.Error == nil || !strings.Contains(*dv.Error, "Saisissez") && !strings.Contains(*dv.Error, "Choisissez") {
			t.Errorf("validation %s has no French error message: %v", dv.Sqref, dv.Error)
		}
	}
	want := map[string]string{
		"J5:J7": `list  "Réalisée,En cours,Non démarrée,Abandonnée"`,
		"G5:I7": "decimal greaterThanOrEqual 0",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Actions validations = %q, want %q", got, want)
	}
	ind, err := f.GetDataValidations(templates.SheetIndicators)
	if err != nil || len(ind) != 1 || ind[0].Sqref != "G5:G7" || ind[0].Type != "decimal" {
		t.Errorf("Indicateurs validations = %+v (%v), want one decimal on G5:G7", ind, err)
	}
	id, err := f.GetDataValidations(templates.SheetIdentification)
	if err != nil || len(id) != 1 || id[0].Sqref != "B10" || id[0].Type != "date" {
		t.Errorf("Identification validations = %+v (%v), want one date on B10", id, err)
	}
}

// readmeText returns the text of the Lisez-moi sheet, one line a row (the
// line breaks and no-break spaces the generator puts in a paragraph become
// spaces).
func readmeText(t testing.TB, data []byte) *strings.Builder {
	t.Helper()
	rows, err := openBytes(t, data).GetRows(templates.SheetReadme)
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, r := range rows {
		text.WriteString(strings.NewReplacer("\n", " ", "\u00a0", " ").Replace(strings.Join(r, " ")) + "\n")
	}
	return &text
}

func TestGenerateReadme(t *testing.T) {
	text := readmeText(t, generate(t, testRegister(), "220100010", 2025))
	for _, want := range []string{
		"Département de l'Ain", "220100010", "au plus tard le 15 avril 2026", "à l'adresse indiquée dans le courrier d'envoi",
		// Empty versus 0 as the findings say it: VALEUR_MANQUANTE for a blank,
		// a blank territory share counting as zero for co-financing.
		"Écrivez 0 quand il n'y a eu aucune dépense", "signale chaque cellule vide comme valeur manquante",
		"compte pour zéro dans le contrôle du cofinancement",
		"la collectivité doit dépenser au moins autant que l'État (à 1,00 € ou 0,5 % près)", "à moins de 80 % de ce qui était prévu",
		"Pour un indicateur en %, 57 et 57 % se lisent de même", "écrivez le nombre seul, sans le signe %", "liste déroulante : Réalisée, En cours, Non démarrée et Abandonnée",
		"Ne renommez pas", "toute adresse en @ain.fr et cls.referent@ain.fr", "CLS-RAE/1",
	} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("Lisez-moi lacks %q:\n%s", want, text.String())
		}
	}
	if strings.Contains(text.String(), "fictiv") {
		t.Errorf("Lisez-moi of a template mentions fictitious data:\n%s", text.String())
	}
}

// With an intake address, Lisez-moi says where to send the file; without
// one, GenerateWith writes the same bytes as Generate.
func TestGenerateReadmeSendTo(t *testing.T) {
	var buf bytes.Buffer
	opts := templates.GenerateOptions{SendTo: "remontees-cls@ain.gouv.fr"}
	if err := templates.GenerateWith(&buf, testRegister(), "220100010", 2025, opts); err != nil {
		t.Fatal(err)
	}
	text := readmeText(t, buf.Bytes()).String()
	for _, want := range []string{
		"Envoyez le classeur rempli, en pièce jointe, à l'adresse remontees-cls@ain.gouv.fr, au plus tard le 15 avril 2026.",
		"Gardez-le au format Excel (.xlsx) et sans changer son nom (CLS_2025_220100010_ain.xlsx).",
		"toute adresse en @ain.fr et cls.referent@ain.fr",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("Lisez-moi lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "courrier d'envoi") {
		t.Errorf("Lisez-moi still points to the covering letter:\n%s", text)
	}

	buf.Reset()
	if err := templates.GenerateWith(&buf, testRegister(), "220100010", 2025, templates.GenerateOptions{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), generate(t, testRegister(), "220100010", 2025)) {
		t.Error("GenerateWith without options differs from Generate")
	}

	dir := t.TempDir()
	paths, err := templates.GenerateAllWith(context.Background(), dir, testRegister(), 2025, []string{"220100010"}, opts, nil)
	if err != nil || len(paths) != 1 {
		t.Fatalf("GenerateAllWith: %v, %v", paths, err)
	}
	data, err := os.ReadFile(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	if got := readmeText(t, data).String(); !strings.Contains(got, "à l'adresse remontees-cls@ain.gouv.fr") {
		t.Errorf("GenerateAllWith ignores SendTo:\n%s", got)
	}
}

func TestGenerateMetropoleHasFourAxes(t *testing.T) {
	f := openBytes(t, generate(t, testRegister(), "200046977", 2025))
	var axes []string
	for r := 5; r <= 8; r++ {
		axes = append(axes, value(t, f, templates.SheetSynthese, fmt.Sprintf("G%d", r)))
	}
	if want := []string{"ENFANCE", "EMPLOI", "ACCES_DROITS", "TRANSITION"}; !reflect.DeepEqual(axes, want) {
		t.Errorf("Synthèse axes = %q, want %q", axes, want)
	}
	if got := value(t, f, templates.SheetSynthese, "A9"); got != templates.TotalLabel {
		t.Errorf("Synthèse!A9 = %q, want %q", got, templates.TotalLabel)
	}
	// No indicators: the defined name covers the header row only.
	if got := definedNames(f)[templates.NameIndicators]; got != "Indicateurs!$A$4:$H$4" {
		t.Errorf("pactd_indicateurs = %q, want the header row", got)
	}
}

func TestGenerateDeterministic(t *testing.T) {
	a := generate(t, testRegister(), "220100010", 2025)
	b := generate(t, testRegister(), "220100010", 2025)
	if !bytes.Equal(a, b) {
		t.Errorf("two generations differ (%d and %d bytes)", len(a), len(b))
	}
}

func TestGenerateErrors(t *testing.T) {
	reg := testRegister()
	tests := []struct {
		siren string
		year  int
		want  error
	}{
		{"130025265", 2025, templates.ErrNoContract},
		{"220100010", 2023, templates.ErrYearNotCovered},
		{"200046977", 2024, templates.ErrYearNotCovered},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		err := templates.Generate(&buf, reg, tt.siren, tt.year)
		if !errors.Is(err, tt.want) {
			t.Errorf("Generate(%s, %d) = %v, want %v", tt.siren, tt.year, err, tt.want)
		}
		if buf.Len() != 0 {
			t.Errorf("Generate(%s, %d) wrote %d bytes on error", tt.siren, tt.year, buf.Len())
		}
	}
}

func TestFileName(t *testing.T) {
	tests := []struct {
		t    reconcile.Territory
		want string
	}{
		{reconcile.Territory{SIREN: "220100010", Name: "Département de l'Ain"}, "CLS_2025_220100010_ain.xlsx"},
		{reconcile.Territory{SIREN: "200046977", Name: "Métropole de Lyon"}, "CLS_2025_200046977_lyon.xlsx"},
		{reconcile.Territory{SIREN: "222100018", Name: "Département de la Côte-d'Or"}, "CLS_2025_222100018_cote-d-or.xlsx"},
	}
	for _, tt := range tests {
		if got := templates.FileName(tt.t, 2025); got != tt.want {
			t.Errorf("FileName(%q) = %q, want %q", tt.t.Name, got, tt.want)
		}
	}
}

func TestGenerateAll(t *testing.T) {
	reg := testRegister()
	dir := filepath.Join(t.TempDir(), "out")
	var calls []string
	paths, err := templates.GenerateAll(context.Background(), dir, reg, 2025, nil, func(done, total int, file string) {
		calls = append(calls, fmt.Sprintf("%d/%d %s", done, total, file))
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"1/2 CLS_2025_200046977_lyon.xlsx", "2/2 CLS_2025_220100010_ain.xlsx"}
	if !reflect.DeepEqual(calls, want) {
		t.Errorf("progress = %q, want %q", calls, want)
	}
	entries, _ := os.ReadDir(dir)
	var files []string
	for _, e := range entries {
		files = append(files, e.Name())
	}
	if wantFiles := []string{"CLS_2025_200046977_lyon.xlsx", "CLS_2025_220100010_ain.xlsx"}; !reflect.DeepEqual(files, wantFiles) {
		t.Errorf("directory holds %q, want %q (no temporary file left)", files, wantFiles)
	}
	if len(paths) != 2 || filepath.Dir(paths[0]) != dir {
		t.Errorf("paths = %q", paths)
	}
	data, err := os.ReadFile(paths[1])
	if err != nil || !bytes.Equal(data, generate(t, reg, "220100010", 2025)) {
		t.Errorf("%s differs from Generate's output (%v)", paths[1], err)
	}

	// Only the contracts covering the year; an explicit list is honoured.
	paths, err = templates.GenerateAll(context.Background(), dir, reg, 2024, nil, nil)
	if err != nil || len(paths) != 1 || filepath.Base(paths[0]) != "CLS_2024_220100010_ain.xlsx" {
		t.Errorf("GenerateAll(2024) = %q, %v, want the Ain only", paths, err)
	}
	_, err = templates.GenerateAll(context.Background(), dir, reg, 2025, []string{"130025265"}, nil)
	if !errors.Is(err, templates.ErrNoContract) {
		t.Errorf("GenerateAll(unknown SIREN) = %v, want ErrNoContract", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := templates.GenerateAll(ctx, dir, reg, 2025, nil, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("GenerateAll(cancelled) = %v, want context.Canceled", err)
	}
}

func BenchmarkGenerate(b *testing.B) {
	reg := testRegister()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := templates.Generate(&buf, reg, "220100010", 2025); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/file")
}

// Every element of docProps/core.xml carries its namespace prefix, as
// Excel writes it: exceljs refuses a file whose core properties hold an
// unprefixed element (excelize's SetDocProps writes <lastModifiedBy>).
func TestGeneratedCorePropertiesArePrefixed(t *testing.T) {
	core := string(unzipParts(t, generate(t, testRegister(), "220100010", 2025))["docProps/core.xml"])
	tags := regexp.MustCompile(`<(/?)([A-Za-z][\w.:-]*)`).FindAllStringSubmatch(core, -1)
	if len(tags) < 10 {
		t.Fatalf("core.xml has %d tags:\n%s", len(tags), core)
	}
	for _, m := range tags {
		if !strings.Contains(m[2], ":") {
			t.Errorf("element %s without a namespace prefix in core.xml:\n%s", m[2], core)
		}
	}
	for _, want := range []string{"<cp:lastModifiedBy>pactd</cp:lastModifiedBy>", "<dc:creator>pactd</dc:creator>",
		`<dcterms:modified xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:modified>`,
		"<dc:title>Rapport annuel d&#39;exécution 2025 du contrat local des solidarités</dc:title>"} {
		if !strings.Contains(core, want) {
			t.Errorf("core.xml lacks %s:\n%s", want, core)
		}
	}
}

// The live checks mark a co-financing shortfall and an execution rate
// under the threshold in red, with the tolerances of the options.
func TestGeneratedLiveChecks(t *testing.T) {
	var buf bytes.Buffer
	tol := reconcile.Tolerances{Absolute: 500, Relative: 0.01, UnderExecution: 0.75}
	if err := templates.GenerateWith(&buf, testRegister(), "220100010", 2025, templates.GenerateOptions{Tolerances: tol}); err != nil {
		t.Fatal(err)
	}
	f := openBytes(t, buf.Bytes())
	for _, tc := range []struct{ sheet, ref, formula string }{
		{templates.SheetActions, "H5:H7", "AND(ISNUMBER($G5),$G5>0,N($H5)<$G5-MAX(5,0.01*$G5))"},
		{templates.SheetSynthese, "E5:E8", "AND($D5>0,$E5<$D5-MAX(5,0.01*$D5))"},
		{templates.SheetSynthese, "F5:F8", "AND(ISNUMBER($F5),$D5+$E5>0,$F5<0.75)"},
	} {
		cfs, err := f.GetConditionalFormats(tc.sheet)
		if err != nil {
			t.Fatal(err)
		}
		opts, ok := cfs[tc.ref]
		if !ok || len(opts) != 1 || opts[0].Type != "formula" || strings.TrimPrefix(opts[0].Criteria, "=") != tc.formula {
			t.Errorf("%s!%s conditional formats = %+v, want the formula %s", tc.sheet, tc.ref, cfs, tc.formula)
		}
	}
}
