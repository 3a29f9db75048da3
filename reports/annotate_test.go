package reports_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
	"github.com/xuri/excelize/v2"
)

// Workbooks saved by the clients territories use (testdata/make_workbooks.py).
var annotateFixtures = []string{"testdata/classeur-openpyxl.xlsx", "testdata/classeur-libreoffice.xlsx", "testdata/classeur-excelize.xlsx"}

func annotateFindings() []reconcile.Finding {
	mk := func(code reconcile.Code, msg string, cells ...string) reconcile.Finding {
		f := reconcile.NewFinding(code, msg)
		f.Cells = cells
		return f
	}
	return []reconcile.Finding{
		mk(reconcile.CofinancementInsuffisant, "La collectivité a dépensé 90 000,00 €, moins que la part de l'État (98 000,50 €).", "Actions!G7", "Actions!H7"),
		mk(reconcile.DepassementEngagementEtat, "L'État a dépensé plus que prévu pour ENF-01 ?", "Actions!G7"),
		mk(reconcile.ValeurManquante, "Renseignez la valeur réalisée de l'indicateur ENF-01-I1.", "Indicateurs!G5"),
		mk(reconcile.TotalIncoherent, "Le total de la synthèse ne correspond pas à la somme des lignes.", "'Synthèse'!C5"),
		mk(reconcile.NombreEnTexte, "Le montant « 12 345,67 € » est saisi comme du texte.", "Actions!$G$9"),
		mk(reconcile.ValeurManquante, "Cette feuille n'existe pas.", "Feuille disparue!A1"),
		mk(reconcile.TransmissionTardive, "Reçu après la date limite."),
	}
}

// annotatedCells are the cells annotateFindings names, with their fill;
// "" for a cell with only an information, which keeps its own fill.
var annotatedCells = map[string]string{
	"Actions!G7": "E06666", "Actions!H7": "E06666", "Actions!G9": "", "Indicateurs!G5": "F4A460", "Synthèse!C5": "F4A460",
}

// testService signs the annotated workbooks of the tests.
var testService = reports.Service{Name: "Délégation de test", Contact: "cls@example.test", Signature: "La délégation de test"}

// workbookState is everything Annotate must leave alone.
type workbookState struct {
	Sheets      []string
	Cells       map[string]string // "Sheet!A1" → value | formula
	Styles      map[string]int    // style IDs of cells not annotated
	Names       []excelize.DefinedName
	Validations map[string][]*excelize.DataValidation
	Protection  map[string]excelize.SheetProtectionOptions
}

func readState(t *testing.T, data []byte) workbookState {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("open workbook: %v", err)
	}
	defer f.Close()
	st := workbookState{Sheets: f.GetSheetList(), Cells: map[string]string{}, Styles: map[string]int{},
		Names: f.GetDefinedName(), Validations: map[string][]*excelize.DataValidation{},
		Protection: map[string]excelize.SheetProtectionOptions{}}
	for _, sh := range st.Sheets {
		for r := 1; r <= 12; r++ {
			for c := 1; c <= 12; c++ {
				ref, _ := excelize.CoordinatesToCellName(c, r)
				v, _ := f.GetCellValue(sh, ref)
				fm, _ := f.GetCellFormula(sh, ref)
				if v != "" || fm != "" {
					st.Cells[sh+"!"+ref] = v + " | " + fm
				}
				if fill := annotatedCells[sh+"!"+ref]; fill == "" {
					st.Styles[sh+"!"+ref], _ = f.GetCellStyle(sh, ref)
				}
			}
		}
		st.Validations[sh], _ = f.GetDataValidations(sh)
		st.Protection[sh], _ = f.GetSheetProtection(sh)
	}
	return st
}

func TestAnnotateExcelize(t *testing.T) {
	for _, path := range annotateFixtures {
		t.Run(path, func(t *testing.T) {
			orig, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			out, err := reports.Annotate(orig, annotateFindings(), testService)
			if err != nil {
				t.Fatalf("Annotate: %v", err)
			}
			before, after := readState(t, orig), readState(t, out)
			if len(after.Sheets) == 0 || after.Sheets[0] != "Constats" {
				t.Fatalf("sheets %q: the list of findings is not first", after.Sheets)
			}
			after.Sheets = after.Sheets[1:]
			for k := range after.Cells {
				if strings.HasPrefix(k, "Constats!") {
					delete(after.Cells, k)
				}
			}
			for k := range after.Styles {
				if strings.HasPrefix(k, "Constats!") {
					delete(after.Styles, k)
				}
			}
			delete(after.Validations, "Constats")
			delete(after.Protection, "Constats")
			for _, cmp := range []struct {
				what      string
				got, want any
			}{
				{"sheets", after.Sheets, before.Sheets}, {"values and formulas", after.Cells, before.Cells},
				{"styles of other cells", after.Styles, before.Styles}, {"defined names", after.Names, before.Names},
				{"validations", after.Validations, before.Validations}, {"protection", after.Protection, before.Protection},
			} {
				if !reflect.DeepEqual(cmp.got, cmp.want) {
					t.Errorf("%s changed:\n got  %v\n want %v", cmp.what, cmp.got, cmp.want)
				}
			}
			if !after.Protection["Actions"].SelectLockedCells && !after.Protection["Actions"].SelectUnlockedCells && len(before.Validations["Actions"]) == 0 {
				t.Error("the fixture lost its protection or validation before the test")
			}

			orig0, _ := excelize.OpenReader(bytes.NewReader(orig))
			defer orig0.Close()
			f, err := excelize.OpenReader(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			for ref, fill := range annotatedCells {
				if fill == "" {
					continue
				}
				sheet, cell, _ := strings.Cut(ref, "!")
				id, _ := f.GetCellStyle(sheet, cell)
				st, _ := f.GetStyle(id)
				// excelize resolves colours only in workbooks with a theme
				// (LibreOffice writes none); openpyxl checks them all below.
				if st.Fill.Type != "pattern" || st.Fill.Pattern != 1 || len(st.Fill.Color) > 1 ||
					len(st.Fill.Color) == 1 && st.Fill.Color[0] != "" && !strings.EqualFold(st.Fill.Color[0], fill) {
					t.Errorf("%s fill = %+v, want solid %s", ref, st.Fill, fill)
				}
				oid, _ := orig0.GetCellStyle(sheet, cell)
				ost, _ := orig0.GetStyle(oid)
				if !reflect.DeepEqual(st.CustomNumFmt, ost.CustomNumFmt) || st.NumFmt != ost.NumFmt || !reflect.DeepEqual(st.Protection, ost.Protection) {
					t.Errorf("%s format or protection changed: %v %d %+v, was %v %d %+v", ref, st.CustomNumFmt, st.NumFmt, st.Protection,
						ost.CustomNumFmt, ost.NumFmt, ost.Protection)
				}
			}
			// The info cell keeps its own fill.
			gid, _ := f.GetCellStyle("Actions", "G9")
			oid, _ := orig0.GetCellStyle("Actions", "G9")
			gst, _ := f.GetStyle(gid)
			ost, _ := orig0.GetStyle(oid)
			if !reflect.DeepEqual(gst.Fill, ost.Fill) {
				t.Errorf("G9 (an information) fill %+v, was %+v", gst.Fill, ost.Fill)
			}
			comments, authors := map[string]string{}, map[string]string{}
			for _, sh := range f.GetSheetList() {
				cs, _ := f.GetComments(sh)
				for _, c := range cs {
					text := c.Text
					for _, r := range c.Paragraph {
						text += r.Text
					}
					comments[sh+"!"+c.Cell], authors[sh+"!"+c.Cell] = text, c.Author
				}
			}
			// Numbers are the findings' in the list, sorted as the
			// acknowledgment: bloquant, then alertes, then infos.
			for ref, wants := range map[string][]string{
				"Actions!G7": {"Montant provisoire, à confirmer.", "À corriger : cofinancement insuffisant",
					"La collectivité a dépensé 90 000,00 €", "(n° 1 de la feuille « Constats »)",
					"À vérifier : dépense de l'État au-delà du prévu", "plus que prévu pour ENF-01 ?", "— Délégation de test"},
				"Actions!H7":     {"À corriger : cofinancement insuffisant", "— Délégation de test"},
				"Actions!G9":     {"Pour information : nombre saisi comme du texte", "« 12 345,67 € »"},
				"Indicateurs!G5": {"À vérifier : cellule vide", "ENF-01-I1"},
				"Synthèse!C5":    {"À vérifier : total incohérent"},
			} {
				for _, w := range wants {
					if !strings.Contains(comments[ref], w) {
						t.Errorf("comment of %s = %q, lacks %q", ref, comments[ref], w)
					}
				}
				for _, code := range []string{"COFINANCEMENT_INSUFFISANT", "VALEUR_MANQUANTE", "pactd"} {
					if strings.Contains(comments[ref], code) {
						t.Errorf("comment of %s shows %q: %q", ref, code, comments[ref])
					}
				}
				if ref != "Actions!G7" && authors[ref] != testService.Name {
					t.Errorf("comment of %s signed %q, want the service", ref, authors[ref])
				}
			}
			if len(comments) != len(annotatedCells) {
				t.Errorf("%d comments, want %d: %v", len(comments), len(annotatedCells), comments)
			}
		})
	}
}

func TestAnnotateOpenpyxl(t *testing.T) {
	py := tool(t, "python3", "python3-openpyxl")
	for _, path := range annotateFixtures {
		t.Run(path, func(t *testing.T) {
			orig, _ := os.ReadFile(path)
			out, err := reports.Annotate(orig, annotateFindings(), testService)
			if err != nil {
				t.Fatal(err)
			}
			p := writeTemp(t, "annote.xlsx", out)
			got := run(t, py, "-c", `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
orig = openpyxl.load_workbook(sys.argv[2])
a = wb["Actions"]
cell = lambda ws, ref: wb[ws][ref]
print(json.dumps({
  "sheets": wb.sheetnames,
  "names": sorted(d.name for d in wb.defined_names.definedName),
  "g7": a["G7"].value, "k7": a["K7"].value, "e10": a["E10"].value, "g9": a["G9"].value,
  "g7_format": a["G7"].number_format, "g7_format_orig": orig["Actions"]["G7"].number_format, "g7_fill": a["G7"].fill.fgColor.rgb, "h8_fill": a["H8"].fill.fill_type,
  "g7_locked": a["G7"].protection.locked, "protected": a.protection.sheet,
  "validations": [str(v.sqref) for v in a.data_validations.dataValidation],
  "comments": {ws.title + "!" + c.coordinate: c.comment.text for ws in wb for row in ws.iter_rows() for c in row if c.comment},
  "syn_c5": cell("Synthèse", "C5").value, "syn_fill": cell("Synthèse", "C5").fill.fgColor.rgb,
  "g9_fill": a["G9"].fill.fill_type, "g9_fill_orig": orig["Actions"]["G9"].fill.fill_type,
  "active": wb.active.title,
  "list": [[c.value for c in row] for row in wb.worksheets[0].iter_rows(min_row=11)],
  "links": {c.coordinate: c.hyperlink.location for row in wb.worksheets[0].iter_rows() for c in row if c.hyperlink},
}, ensure_ascii=False))`, p, path)
			var r struct {
				Sheets, Names, Validations []string
				G7, G9                     any
				K7, E10, G7Format          string `json:"-"`
				Comments                   map[string]string
				Protected                  bool
				G7Locked                   bool   `json:"g7_locked"`
				G7Fill                     string `json:"g7_fill"`
				SynFill                    string `json:"syn_fill"`
				SynC5                      string `json:"syn_c5"`
				H8Fill                     any    `json:"h8_fill"`
			}
			if err := json.Unmarshal([]byte(got), &r); err != nil {
				t.Fatalf("openpyxl output %q: %v", got, err)
			}
			var raw map[string]any
			json.Unmarshal([]byte(got), &raw)
			for _, c := range []struct {
				what      string
				got, want any
			}{
				{"sheets", strings.Join(r.Sheets, ","), "Constats,Lisez-moi,Identification,Actions,Indicateurs,Synthèse,Commentaires"},
				{"active sheet", raw["active"], "Constats"}, {"G9 fill", raw["g9_fill"], raw["g9_fill_orig"]},
				{"names", strings.Join(r.Names, ","), "pactd_actions,pactd_annee,pactd_empreinte,pactd_modele,pactd_siren"},
				{"G7", r.G7, 98000.5}, {"G9", r.G9, "12 345,67 €"}, {"K7", raw["k7"], "=attention"},
				{"E10", raw["e10"], "=SUM(E7:E9)"}, {"C5", r.SynC5, "=G7+G8+H7+H8"},
				{"G7 format", raw["g7_format"], raw["g7_format_orig"]}, {"G7 fill", r.G7Fill, "FFE06666"}, {"C5 fill", r.SynFill, "FFF4A460"},
				{"H8 fill", r.H8Fill, nil}, {"G7 locked", r.G7Locked, false}, {"protected", r.Protected, true},
				{"validations", strings.Join(r.Validations, ","), "J7:J9"}, {"comments", len(r.Comments), 5},
			} {
				if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
					t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
				}
			}
			if c := r.Comments["Actions!G7"]; !strings.Contains(c, "Montant provisoire") || !strings.Contains(c, "cofinancement insuffisant") ||
				!strings.Contains(c, "au-delà du prévu") {
				t.Errorf("openpyxl reads comment G7 as %q", c)
			}
			// The list of findings: one row per finding, each with its
			// link to its first cell.
			list, _ := raw["list"].([]any)
			links, _ := raw["links"].(map[string]any)
			if len(list) != len(annotateFindings()) {
				t.Fatalf("the list has %d rows, want %d: %v", len(list), len(annotateFindings()), list)
			}
			first, _ := list[0].([]any)
			if fmt.Sprint(first[:4]) != "[1 À corriger Cofinancement insuffisant Actions!G7, H7]" || first[5] != "COFINANCEMENT_INSUFFISANT" {
				t.Errorf("first row %v", first)
			}
			for i, row := range list {
				cells, _ := row.([]any)
				where := fmt.Sprint(cells[3])
				ref := fmt.Sprintf("D%d", 11+i)
				sheet, cell, ok := strings.Cut(strings.Split(where, ",")[0], "!")
				switch {
				case !ok || sheet == "Feuille disparue":
					if links[ref] != nil && sheet != "Feuille disparue" {
						t.Errorf("row %d (%s) links to %v", i+1, where, links[ref])
					}
				default:
					want := "'" + strings.Trim(sheet, "'") + "'!" + strings.ReplaceAll(cell, "$", "")
					if links[ref] != want {
						t.Errorf("row %d (%s): link %v, want %s", i+1, where, links[ref], want)
					}
				}
			}
		})
	}
}

func TestAnnotateRefuses(t *testing.T) {
	good, err := os.ReadFile(annotateFixtures[0])
	if err != nil {
		t.Fatal(err)
	}
	noCell := []reconcile.Finding{reconcile.NewFinding(reconcile.TransmissionTardive, "Tardif.")}
	elsewhere := []reconcile.Finding{{Code: reconcile.ValeurManquante, Cells: []string{"Nulle part!A1", "pas une cellule"}}}
	for _, tc := range []struct {
		name     string
		data     []byte
		findings []reconcile.Finding
		nothing  bool
	}{
		{"no finding", good, nil, true},
		{"no cell", good, noCell, true},
		{"cells of missing sheets", good, elsewhere, true},
		{"not a workbook", []byte("PK\x03\x04 pas un classeur"), annotateFindings(), false},
		{"truncated", good[:len(good)/2], annotateFindings(), false},
		{"text", []byte("Code action;Axe\nENF-01;Enfance\n"), annotateFindings(), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := reports.Annotate(tc.data, tc.findings, testService)
			if err == nil || out != nil {
				t.Fatalf("Annotate = %d bytes, %v; want an error", len(out), err)
			}
			if got := errors.Is(err, reports.ErrNothingToAnnotate); got != tc.nothing {
				t.Errorf("errors.Is(%v, ErrNothingToAnnotate) = %v, want %v", err, got, tc.nothing)
			}
		})
	}
}

func FuzzAnnotate(f *testing.F) {
	for _, p := range annotateFixtures {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, "Actions!G7")
	}
	f.Add([]byte("PK\x03\x04"), "'Synthèse'!C5:D9")
	f.Fuzz(func(t *testing.T, data []byte, ref string) {
		fs := []reconcile.Finding{{Code: reconcile.ValeurManquante, Severity: reconcile.Alerte, Cells: []string{ref}, Message: "m"}}
		out, err := reports.Annotate(data, fs, reports.Service{})
		if (err == nil) == (out == nil) {
			t.Fatalf("Annotate = %d bytes and error %v", len(out), err)
		}
	})
}

// knownPart is every part an annotated workbook may have: it is rebuilt
// from these alone.
var knownPart = regexp.MustCompile(`^(\[Content_Types\]\.xml|_rels/\.rels|docProps/core\.xml|xl/workbook\.xml|` +
	`xl/_rels/workbook\.xml\.rels|xl/styles\.xml|xl/sharedStrings\.xml|xl/theme/theme1\.xml|xl/worksheets/sheet\d+\.xml|` +
	`xl/worksheets/_rels/sheet\d+\.xml\.rels|xl/comments\d+\.xml|xl/drawings/vmlDrawing\d+\.vml)$`)

func TestAnnotateRebuildsFromKnownParts(t *testing.T) {
	for _, path := range annotateFixtures {
		orig := mustRead(t, path)
		out, err := reports.Annotate(orig, annotateFindings(), testService)
		if err != nil {
			t.Fatal(err)
		}
		before, after := zipParts(t, orig), zipParts(t, out)
		for name := range after {
			if !knownPart.MatchString(name) {
				t.Errorf("%s: part %s is not one pactd knows", path, name)
			}
		}
		// The shared strings and the theme come back as they were.
		for _, name := range []string{"xl/sharedStrings.xml", "xl/theme/theme1.xml"} {
			if b, ok := before[name]; ok && !bytes.Equal(after[name], b) {
				t.Errorf("%s: %s changed", path, name)
			}
		}
		if bytes.Contains(after["docProps/core.xml"], []byte("Camille")) || !bytes.Contains(after["docProps/core.xml"], []byte(testService.Name)) {
			t.Errorf("%s: core properties are the sender's: %s", path, after["docProps/core.xml"])
		}
		again, err := reports.Annotate(orig, annotateFindings(), testService)
		if err != nil || !bytes.Equal(again, out) {
			t.Errorf("%s: two annotations of the same workbook differ", path)
		}
	}
}

func zipParts(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		out[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return out
}
