package templates_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

func corpusFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "corpus", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "parse", name))
	if err != nil {
		t.Fatalf("%v (rewrite the fixtures with: go test ./templates/ -run Clients -update-parse)", err)
	}
	return b
}

// Every kind of file pactd refuses gives one FICHIER_ILLISIBLE that says
// what to do, and nothing else.
func TestParseRefusesUnreadable(t *testing.T) {
	clean := fixture(t, "lo_clean.xlsx")
	for _, tc := range []struct {
		name string
		data []byte
		lim  templates.Limits
		want string
	}{
		{"legacy.xls", corpusFile(t, "any_sheets.xls"), templates.Limits{}, "ancien format .xls : enregistrez-le au format .xlsx sans mot de passe"},
		{"encrypted.xlsx", corpusFile(t, "pass_protected.xlsx"), templates.Limits{}, "protégé par mot de passe"},
		{"encrypted.xlsb", corpusFile(t, "pass_protected.xlsb"), templates.Limits{}, "protégé par mot de passe"},
		{"binary.xlsb", corpusFile(t, "any_sheets.xlsb"), templates.Limits{}, "classeur binaire Excel (.xlsb)"},
		{"calc.ods", corpusFile(t, "any_sheets.ods"), templates.Limits{}, "format OpenDocument (.ods)"},
		{"encrypted.ods", corpusFile(t, "pass_protected.ods"), templates.Limits{}, "format OpenDocument (.ods)"},
		{"macros.xlsm", corpusFile(t, "vba.xlsm"), templates.Limits{}, "contient des macros (.xlsm)"},
		{"macros2.xlsm", corpusFile(t, "issue221.xlsm"), templates.Limits{}, "contient des macros (.xlsm)"},
		{"export.csv", []byte("Code action;État réalisé (€)\nENF-01;98000,50\n"), templates.Limits{}, "n'est pas un classeur Excel (.xlsx)"},
		{"scan.pdf", []byte("%PDF-1.4\n%âãÏÓ\n"), templates.Limits{}, "est un PDF"},
		{"empty.xlsx", nil, templates.Limits{}, "est vide"},
		{"truncated.xlsx", clean[:len(clean)*6/10], templates.Limits{}, "endommagé"},
		{"big.xlsx", clean, templates.Limits{MaxFileSize: 10 << 10}, "au-delà des 10\u00a0Ko acceptés"},
		{"expanded.xlsx", clean, templates.Limits{MaxUncompressed: 20 << 10}, "dépasse les limites de taille"},
		{"parts.xlsx", clean, templates.Limits{MaxEntries: 5}, "dépasse les limites de taille"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := templates.Parse(tc.data, tc.name, parseRegister(), tc.lim)
			f := onlyFinding(t, rep, reconcile.FichierIllisible)
			if len(rep.Findings) != 1 {
				t.Errorf("want only FICHIER_ILLISIBLE, got:%s", findingList(rep.Findings))
			}
			if f.Severity != reconcile.Bloquant || reconcile.VerdictOf(rep.Findings) != reconcile.Rejected {
				t.Errorf("severity %s, verdict %s", f.Severity, reconcile.VerdictOf(rep.Findings))
			}
			if !strings.Contains(f.Message, tc.want) || !strings.Contains(f.Message, tc.name) {
				t.Errorf("message %q lacks %q or the file name", f.Message, tc.want)
			}
		})
	}
}

// A workbook that is not the template, or the template of an unknown
// territory or of a year outside the contract, is rejected with its code.
func TestParseIdentityFindings(t *testing.T) {
	clean := fixture(t, "lo_clean.xlsx")
	lyonOnly := parseRegister()
	lyonOnly.Contracts = slices.DeleteFunc(lyonOnly.Contracts, func(c reconcile.Contract) bool { return c.Territory.SIREN == ainSIREN })
	no2024 := parseRegister()
	for i := range no2024.Contract(ainSIREN).Actions {
		delete(no2024.Contract(ainSIREN).Actions[i].Plans, 2024)
	}
	for _, tc := range []struct {
		name string
		data []byte
		reg  *reconcile.Register
		code reconcile.Code
		cell string
		want string
	}{
		{"other workbook", corpusFile(t, "any_sheets.xlsx"), parseRegister(), reconcile.ModeleInconnu, "",
			"n'est pas le modèle de compte rendu CLS-RAE/1"},
		{"other version", withNames(t, clean, map[string]string{templates.NameTemplate: `"CLS-RAE/9"`}), parseRegister(),
			reconcile.ModeleInconnu, "", "suit le modèle «\u00a0CLS-RAE/9\u00a0»"},
		{"unknown territory", clean, lyonOnly, reconcile.TerritoireInconnu, "",
			"Le SIREN 220100010 indiqué dans le classeur ne correspond à aucun territoire"},
		{"invalid SIREN", withNames(t, clean, map[string]string{templates.NameSIREN: `"220100011"`}), nil,
			reconcile.TerritoireInconnu, "", "n'est pas un numéro SIREN valide"},
		{"year not in contract", filled(t, "lo_2024"), no2024, reconcile.AnneeHorsContrat, "",
			"ne prévoit aucune action en 2024"},
		{"year out of period", withNames(t, clean, map[string]string{templates.NameYear: "2023"}), nil,
			reconcile.AnneeHorsContrat, "", "l'année 2023, hors de la période"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := templates.Parse(tc.data, "CLS_2025_220100010_ain.xlsx", tc.reg, templates.Limits{})
			f := onlyFinding(t, rep, tc.code)
			if f.Severity != reconcile.Bloquant {
				t.Errorf("severity = %s", f.Severity)
			}
			if !strings.Contains(f.Message, tc.want) {
				t.Errorf("message %q lacks %q", f.Message, tc.want)
			}
		})
	}
}

// Without the pactd_siren and pactd_annee names (a tool that copies the
// workbook may drop them), SIREN and year come from Identification.
func TestParseIdentityFromIdentification(t *testing.T) {
	data := withNames(t, fixture(t, "lo_clean.xlsx"), map[string]string{templates.NameYear: "", templates.NameSIREN: ""})
	rep := templates.Parse(data, "ain.xlsx", parseRegister(), templates.Limits{})
	if rep.SIREN != ainSIREN || rep.Year != 2025 || len(rep.Findings) != 0 {
		t.Errorf("SIREN %q, year %d, findings:%s", rep.SIREN, rep.Year, findingList(rep.Findings))
	}
	if got := rep.Identification.Cells["year"]; got != "Identification!B6" {
		t.Errorf("year cell = %s", got)
	}
}

// pactd_siren and pactd_annee may point to cells instead of holding
// constants; the cells are then read.
func TestParseIdentityNamesPointingToCells(t *testing.T) {
	data := withNames(t, fixture(t, "lo_clean.xlsx"), map[string]string{
		templates.NameSIREN: "Identification!$B$5", templates.NameYear: "'Identification'!$B$6"})
	rep := templates.Parse(data, "ain.xlsx", parseRegister(), templates.Limits{})
	if rep.SIREN != ainSIREN || rep.Year != 2025 || len(rep.Findings) != 0 {
		t.Errorf("SIREN %q, year %d, findings:%s", rep.SIREN, rep.Year, findingList(rep.Findings))
	}
	if got := rep.Identification.Cells["siren"]; got != "Identification!B5" {
		t.Errorf("SIREN cell = %s", got)
	}
}

// withNames returns data re-saved by excelize with defined names replaced
// ("" deletes the name): what a tool that copies a workbook may do.
func withNames(t testing.TB, data []byte, names map[string]string) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for n, v := range names {
		if err := f.DeleteDefinedName(&excelize.DefinedName{Name: n}); err != nil {
			t.Fatalf("delete name %s: %v", n, err)
		}
		if v == "" {
			continue
		}
		if err := f.SetDefinedName(&excelize.DefinedName{Name: n, RefersTo: v}); err != nil {
			t.Fatalf("set name %s: %v", n, err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Each cell-level code comes from a workbook LibreOffice filled, on the
// exact cell, with its severity, context and values.
func TestParseCellFindings(t *testing.T) {
	rep := templates.Parse(filled(t, "lo_codes"), "CLS_2025_220100010_ain.xlsx", parseRegister(), templates.Limits{})
	want := []string{
		"ENGAGEMENT_MODIFIE@Actions!C6", "ENGAGEMENT_MODIFIE@Actions!E5", "ENGAGEMENT_MODIFIE@Indicateurs!F5",
		"ERREUR_FORMULE@Actions!G6", "MONTANT_NEGATIF@Actions!G7", "MONTANT_NEGATIF@Indicateurs!G6",
		"NOMBRE_EN_TEXTE@Actions!I6", "STATUT_INCONNU@Actions!J6", "VALEUR_MANQUANTE@Actions!J7", "VALEUR_NON_NUMERIQUE@Actions!H5",
	}
	if got := findingKeys(rep.Findings); !slices.Equal(got, want) {
		t.Fatalf("findings = %v\nwant %v%s", got, want, findingList(rep.Findings))
	}
	byCell := map[string]reconcile.Finding{}
	for _, f := range rep.Findings {
		byCell[f.Cells[0]] = f
		if f.Severity != f.Code.Severity() || f.SIREN != ainSIREN || f.Year != 2025 || f.Action == "" || f.Axis == "" {
			t.Errorf("%s@%s context: %+v", f.Code, f.Cells[0], f)
		}
	}
	for _, tc := range []struct {
		cell, message     string
		expected, actual  string // JSON of the values
		action, indicator string
	}{
		{"Actions!E5", "La cellule Actions!E5 (État prévu de l'action ENF-01) contient 130\u00a0000,00\u00a0€ alors que le contrat prévoit 120\u00a0000,00\u00a0€ : rétablissez la valeur pré-remplie ; pour faire modifier un engagement, adressez-vous à la délégation.",
			"120000", "130000", "ENF-01", ""},
		{"Actions!C6", "La cellule Actions!C6 (Intitulé de l'action ACD-01) contient «\u00a0Maisons France services\u00a0» alors que le contrat indique «\u00a0Premiers accès aux droits en maisons France services\u00a0» : rétablissez la valeur pré-remplie ; pour faire modifier un engagement, adressez-vous à la délégation.",
			`"Premiers accès aux droits en maisons France services"`, `"Maisons France services"`, "ACD-01", ""},
		{"Actions!H5", "La cellule Actions!H5 (Collectivité réalisé de l'action ENF-01) contient «\u00a0environ 5000\u00a0», qui n'est pas un montant : saisissez un nombre, par exemple 5\u00a0000,00.",
			"null", `"environ 5000"`, "ENF-01", ""},
		{"Actions!G6", "La cellule Actions!G6 (État réalisé de l'action ACD-01) affiche l'erreur #DIV/0! (division par zéro) : corrigez la formule ou remplacez-la par la valeur.",
			"null", `"#DIV/0!"`, "ACD-01", ""},
		{"Actions!G7", "La cellule Actions!G7 (État réalisé de l'action TRA-01) contient un montant négatif (-1\u00a0500,00\u00a0€) : saisissez le montant dépensé, positif ou nul ; expliquez une correction d'une année précédente dans la feuille Commentaires.",
			"null", "-1500", "TRA-01", ""},
		{"Actions!J7", "La cellule Actions!J7 (Statut de l'action TRA-01) est vide : choisissez le statut de l'action dans la liste (Réalisée, En cours, Non démarrée, Abandonnée).",
			"null", "null", "TRA-01", ""},
		{"Actions!J6", "La cellule Actions!J6 (Statut de l'action ACD-01) contient «\u00a0Terminée\u00a0», qui n'est pas un statut prévu : choisissez le statut de l'action dans la liste (Réalisée, En cours, Non démarrée, Abandonnée).",
			"null", `"Terminée"`, "ACD-01", ""},
		{"Actions!I6", "La cellule Actions!I6 (Autres financeurs de l'action ACD-01) contient le texte «\u00a01\u202f234,56\u00a0€\u00a0», lu comme le montant 1\u00a0234,56\u00a0€ : rien à corriger ; la prochaine fois, saisissez-le comme un nombre.",
			"null", "\"1\u202f234,56\u00a0€\"", "ACD-01", ""},
		{"Indicateurs!F5", "La cellule Indicateurs!F5 (Cible de l'indicateur ENF-01-I1) contient 150 alors que le contrat indique 140 : rétablissez la valeur pré-remplie ; pour faire modifier un engagement, adressez-vous à la délégation.",
			"140", "150", "ENF-01", "ENF-01-I1"},
		{"Indicateurs!G6", "La cellule Indicateurs!G6 (Réalisé de l'indicateur ENF-01-I2) contient une valeur négative (-3) : saisissez la valeur atteinte, positive ou nulle.",
			"null", "-3", "ENF-01", "ENF-01-I2"},
	} {
		f := byCell[tc.cell]
		if f.Message != tc.message {
			t.Errorf("%s message:\n got %q\nwant %q", tc.cell, f.Message, tc.message)
		}
		if got := string(f.Expected.JSON()) + " " + string(f.Actual.JSON()); got != tc.expected+" "+tc.actual {
			t.Errorf("%s expected/actual = %s, want %s %s", tc.cell, got, tc.expected, tc.actual)
		}
		if f.Action != tc.action || f.Indicator != tc.indicator {
			t.Errorf("%s action/indicator = %s/%s", tc.cell, f.Action, f.Indicator)
		}
	}
	for code, want := range map[string]string{"ENF-01": reconcile.StatusRealisee, "ACD-01": "Terminée"} {
		if got := reportedAction(t, rep, code).Status; got != want {
			t.Errorf("%s status read as %q, want %q", code, got, want)
		}
	}
	if got := amountText(reportedAction(t, rep, "ACD-01").OtherSpent); got != amountText(euros("1234.56")) {
		t.Errorf("text number read as %s", got)
	}
	if got := amountText(reportedAction(t, rep, "TRA-01").StateSpent); got != amountText(euros("-1500")) {
		t.Errorf("negative amount read as %s, want it kept", got)
	}
	if reconcile.VerdictOf(rep.Findings) != reconcile.Rejected {
		t.Error("verdict is not rejected")
	}
}

// The sender check on a real workbook: the territory comes from the
// parsed SIREN.
func TestParseSenderCheck(t *testing.T) {
	reg := parseRegister()
	rep := templates.Parse(fixture(t, "lo_clean.xlsx"), "CLS_2025_220100010_ain.xlsx", reg, templates.Limits{})
	terr := &reg.Contract(rep.SIREN).Territory
	if f := reconcile.CheckSender(terr, "Claire Martin <claire.martin@ain.fr>"); f != nil {
		t.Errorf("authorised domain refused: %s", f.Message)
	}
	f := reconcile.CheckSender(terr, "inconnu@exemple.fr")
	if f == nil || f.Code != reconcile.ExpediteurNonAutorise || !strings.Contains(f.Message, "inconnu@exemple.fr") ||
		!strings.Contains(f.Message, "Département de l'Ain") {
		t.Fatalf("CheckSender = %+v", f)
	}
	if reconcile.VerdictOf(append(rep.Findings, *f)) != reconcile.Rejected {
		t.Error("an unauthorised sender does not reject the file")
	}
}
