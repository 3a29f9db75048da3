package templates_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// withoutNames returns the Ain's 2025 template after edit, with every
// pactd defined name deleted, as exceljs saves it.
func withoutNames(t *testing.T, edit func(f *excelize.File)) []byte {
	t.Helper()
	f := openBytes(t, template(t, parseRegister(), ainSIREN, 2025))
	for _, n := range []string{templates.NameTemplate, templates.NameSIREN, templates.NameYear, templates.NameFingerprint,
		templates.NameActions, templates.NameIndicators} {
		if err := f.DeleteDefinedName(&excelize.DefinedName{Name: n}); err != nil {
			t.Fatalf("delete name %s: %v", n, err)
		}
	}
	if edit != nil {
		edit(f)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// set writes a cell of the file being edited, failing the test on error.
func set(t *testing.T, f *excelize.File, sheet, cell string, v any) {
	t.Helper()
	if err := f.SetCellValue(sheet, cell, v); err != nil {
		t.Fatal(err)
	}
}

// When a program drops the defined names, the identity is read from the
// Identification cells: a genuine template is read as one, a look-alike
// is MODELE_INCONNU on its fingerprint cell, and a file with no identity
// at all is MODELE_INCONNU without a cell.
func TestParseIdentityWithoutNames(t *testing.T) {
	id := templates.SheetIdentification
	fpCell := "B" + itoa(templates.GeneratedIdentityRow+1)
	modelCell := "B" + itoa(templates.GeneratedIdentityRow)
	for _, tc := range []struct {
		name  string
		edit  func(t *testing.T, f *excelize.File)
		want  []string
		model string
	}{
		{"genuine", nil, []string{}, reconcile.TemplateVersion},
		{"genuine, a commitment changed since", func(t *testing.T, f *excelize.File) {
			set(t, f, templates.SheetActions, "E5", 130000)
		}, []string{"ENGAGEMENT_MODIFIE@Actions!E5"}, reconcile.TemplateVersion},
		{"look-alike: fingerprint of other commitments", func(t *testing.T, f *excelize.File) {
			set(t, f, id, fpCell, "0123456789abcdef")
		}, []string{"MODELE_INCONNU@Identification!" + fpCell}, reconcile.TemplateVersion},
		{"look-alike: no fingerprint", func(t *testing.T, f *excelize.File) {
			set(t, f, id, fpCell, "")
		}, []string{"MODELE_INCONNU@Identification!" + fpCell}, reconcile.TemplateVersion},
		{"another model", func(t *testing.T, f *excelize.File) {
			set(t, f, id, modelCell, "CLS-RAE/9")
		}, []string{"MODELE_INCONNU@Identification!" + modelCell}, "CLS-RAE/9"},
		{"no identity at all", func(t *testing.T, f *excelize.File) {
			set(t, f, id, "A"+itoa(templates.GeneratedIdentityRow), "")
		}, []string{"MODELE_INCONNU"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := withoutNames(t, func(f *excelize.File) {
				if tc.edit != nil {
					tc.edit(t, f)
				}
			})
			rep := templates.Parse(data, "CLS_2025_220100010_ain.xlsx", parseRegister(), templates.DefaultLimits())
			// A template sent back untouched lacks its filled values only.
			var got []string
			for _, k := range findingKeys(rep.Findings) {
				if !slices.Contains([]string{"VALEUR_MANQUANTE"}, codeOf(k)) {
					got = append(got, k)
				}
			}
			if got == nil {
				got = []string{}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("findings = %v, want %v%s", got, tc.want, findingList(rep.Findings))
			}
			if rep.Template != tc.model {
				t.Errorf("template = %q, want %q", rep.Template, tc.model)
			}
			if len(tc.want) == 0 || codeOf(tc.want[0]) != "MODELE_INCONNU" {
				if rep.SIREN != ainSIREN || rep.Year != 2025 || len(rep.Actions) != 3 {
					t.Errorf("SIREN %s year %d, %d actions: identity not read from the cells", rep.SIREN, rep.Year, len(rep.Actions))
				}
			}
			// Without a register, the fingerprint recomputed from the
			// file's own pre-filled cells tells the genuine file.
			if tc.name == "genuine" {
				for _, f := range templates.Parse(data, "x.xlsx", nil, templates.DefaultLimits()).Findings {
					if f.Code == reconcile.ModeleInconnu {
						t.Errorf("without a register: %s", f.Message)
					}
				}
			}
			if tc.name == "genuine" && rep.Fingerprint != reconcile.Fingerprint(parseRegister().Contract(ainSIREN), 2025) {
				t.Errorf("fingerprint = %q, not the register's", rep.Fingerprint)
			}
		})
	}
}

// codeOf returns the code of a findingKeys entry.
func codeOf(key string) string {
	for i := range key {
		if key[i] == '@' {
			return key[:i]
		}
	}
	return key
}
