package templates_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "register", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func registerProblems(t *testing.T, data []byte, name string) []templates.Problem {
	t.Helper()
	reg, err := templates.ReadRegister(data, name)
	var re *templates.RegisterError
	if !errors.As(err, &re) {
		t.Fatalf("ReadRegister(%s) = %v, %v; want a *RegisterError", name, reg, err)
	}
	if reg != nil {
		t.Errorf("ReadRegister(%s) returned a register with its error", name)
	}
	return re.Problems
}

func cellsOf(ps []templates.Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Cell)
	}
	return out
}

// TestReadRegisterVariants reads a register written by hand the way people
// do (openpyxl), and the same file re-saved by LibreOffice: titles above
// the headers, shuffled and extra columns, labels and values in odd case and
// accents, numbered axis labels, SIRENs as numbers or with spaces, amounts
// as French text with no-break and narrow no-break spaces.
func TestReadRegisterVariants(t *testing.T) {
	for _, name := range []string{"valid.xlsx", "valid_libreoffice.xlsx"} {
		t.Run(name, func(t *testing.T) {
			data := readFixture(t, name)
			reg, err := templates.ReadRegister(data, name)
			if err != nil {
				t.Fatalf("ReadRegister: %v", err)
			}
			if !reg.Fictitious {
				t.Error("the fixture says its data are fictitious, the register is not marked so")
			}
			if reg.Source != name || len(reg.SHA256) != 64 || reg.Version != 0 {
				t.Errorf("source %q sha256 %q version %d", reg.Source, reg.SHA256, reg.Version)
			}
			var sirens []string
			for _, c := range reg.Contracts {
				sirens = append(sirens, c.Territory.SIREN)
			}
			if want := []string{"200076958", "220100010", "243300316"}; !reflect.DeepEqual(sirens, want) {
				t.Fatalf("contracts %q, want %q (sorted by SIREN)", sirens, want)
			}

			ain := reg.Contract("220100010")
			wantTerritory := reconcile.Territory{SIREN: "220100010", Name: "Département de l'Ain", Type: reconcile.TypeDepartement,
				Departements: []string{"01"}, AxisCount: 3, AnnualCeiling: 50000000,
				Senders: []string{"@ain.fr", "cls.referent@ain.fr"}, Recipients: []string{"solidarites@ain.fr"}}
			if !reflect.DeepEqual(ain.Territory, wantTerritory) {
				t.Errorf("Ain = %+v\nwant %+v", ain.Territory, wantTerritory)
			}
			bdx := reg.Contract("243300316").Territory
			if bdx.Name != "Bordeaux Métropole" || bdx.Type != reconcile.TypeMetropole || bdx.AxisCount != 4 ||
				bdx.AnnualCeiling != 120000000 || !reflect.DeepEqual(bdx.Recipients, []string{"dgs@bordeaux-metropole.fr", "pacte@bordeaux-metropole.fr"}) {
				t.Errorf("Bordeaux = %+v", bdx)
			}
			corse := reg.Contract("200076958").Territory
			if corse.Type != reconcile.TypeCollectivite || !reflect.DeepEqual(corse.Departements, []string{"2A", "2B"}) ||
				corse.AnnualCeiling != 30000050 || corse.Senders != nil {
				t.Errorf("Corse = %+v", corse)
			}

			base120, base300 := 120.0, 300.0
			wantActions := []reconcile.Action{
				{Code: "ENF-01", Axis: reconcile.AxisEnfance, Title: "Accueil des jeunes enfants", Nature: reconcile.NatureNouvelle,
					Plans: map[int]reconcile.Plan{2024: {State: 12000000, Territory: 12000000}, 2025: {State: 12000050, Territory: 12000050}},
					Indicators: []reconcile.Indicator{
						{Code: "ENF-01-I1", Label: "Enfants accueillis", Unit: "personnes", Baseline: &base120, Targets: map[int]float64{2024: 130, 2025: 140}},
						{Code: "ENF-01-I2", Label: "Taux d'occupation", Unit: "%", Targets: map[int]float64{2025: 85.5}},
					}},
				{Code: "ACD-01", Axis: reconcile.AxisAccesDroits, Title: "Premiers accès aux droits", Nature: reconcile.NatureRenforcee,
					Plans: map[int]reconcile.Plan{2025: {State: 4567891, Territory: 4567891}},
					Indicators: []reconcile.Indicator{
						{Code: "ACD-01-I1", Label: "Ménages accompagnés", Unit: "ménages", Baseline: &base300, Targets: map[int]float64{2025: 350}},
					}},
				{Code: "TRA-01", Axis: reconcile.AxisTransition, Title: "Précarité énergétique", Nature: reconcile.NatureRenforcee,
					Plans: map[int]reconcile.Plan{2025: {State: 2500000, Territory: 2500000}}},
			}
			if !reflect.DeepEqual(ain.Actions, wantActions) {
				t.Errorf("Ain actions =\n%+v\nwant\n%+v", ain.Actions, wantActions)
			}
			bdxActions := reg.Contract("243300316").Actions
			if len(bdxActions) != 2 || bdxActions[0].Axis != reconcile.AxisEmploi || bdxActions[1].Plans[2026].State != 1000000 ||
				len(bdxActions[0].Indicators) != 1 || *bdxActions[0].Indicators[0].Baseline != 0 {
				t.Errorf("Bordeaux actions = %+v", bdxActions)
			}
			if a := reg.Contract("200076958").Actions; len(a) != 1 || a[0].Axis != reconcile.AxisAccesDroits {
				t.Errorf("Corse actions = %+v", a)
			}

			want := map[int]time.Time{
				2024: time.Date(2025, time.March, 31, 0, 0, 0, 0, reconcile.Paris),
				2025: time.Date(2026, time.April, 15, 0, 0, 0, 0, reconcile.Paris),
			}
			if !reflect.DeepEqual(reg.Deadlines, want) {
				t.Errorf("deadlines = %v, want %v", reg.Deadlines, want)
			}
			if got := reconcile.FormatDate(reg.Deadline(2026)); got != "31 mars 2027" {
				t.Errorf("default deadline 2026 = %s, want 31 mars 2027", got)
			}
		})
	}
}

func TestReadRegisterOneBadCellRefusesAll(t *testing.T) {
	ps := registerProblems(t, readFixture(t, "one_bad_cell.xlsx"), "one_bad_cell.xlsx")
	if len(ps) != 1 {
		t.Fatalf("problems = %v, want exactly one", ps)
	}
	want := templates.Problem{Cell: "actions!H7",
		Message: "Montant État prévu illisible « quarante mille » : indiquez un montant en euros, par exemple 12 345,67."}
	if ps[0] != want {
		t.Errorf("problem = %+v, want %+v", ps[0], want)
	}
}

func TestReadRegisterListsEveryProblem(t *testing.T) {
	ps := registerProblems(t, readFixture(t, "many_problems.xlsx"), "many_problems.xlsx")
	want := []string{
		"territoires!A7", "territoires!C7", "territoires!E7", "territoires!F7", "territoires!G7", "territoires!H7",
		"territoires!A8", "territoires!D8", "territoires!F8", "territoires!G8", "territoires!H8",
		"actions!B12", "actions!B13", "actions!E14", "actions!D15", "actions!H16", "actions!G16", "actions!A17", "actions!F17",
		"INDICATEURS!B7", "INDICATEURS!H8",
		"calendrier!B5",
	}
	if got := cellsOf(ps); !reflect.DeepEqual(got, want) {
		t.Errorf("problem cells =\n%q\nwant\n%q\nproblems:\n%s", got, want, (&templates.RegisterError{Problems: ps}).Error())
	}
	// A few messages in full: what is wrong and what to do.
	wantMsgs := map[string]string{
		"territoires!A7": "SIREN « 220100011 » invalide : la clé de contrôle ne correspond pas (faute de frappe ?).",
		"territoires!A8": "Le SIREN 220100010 figure déjà ligne 4 : un territoire n'a qu'une ligne.",
		"territoires!C7": "Type « Région » inconnu : indiquez Département, Collectivité ou Métropole.",
		"territoires!E7": "Nombre d'axes « 5 » invalide : un contrat compte 3 axes, ou 4 avec l'axe emploi des métropoles.",
		"territoires!F7": "Plafond annuel négatif (-10,00\u00a0€) : un montant prévu est positif ou nul.",
		"territoires!H7": "« @ain.fr » n'est pas une adresse de messagerie : les destinataires sont des adresses complètes.",
		"territoires!G8": "Domaine « @ain » invalide : écrivez-le sous la forme @exemple.fr.",
		"actions!B12": "L'axe « Emploi » n'existe que dans les contrats à 4 axes, et le contrat de Département de l'Ain en compte 3 : " +
			"rattachez l'action à un autre axe ou corrigez le nombre d'axes du territoire.",
		"actions!E14":    "L'action ENF-01 du SIREN 220100010 figure déjà pour 2025 ligne 5 : une ligne par action et par année.",
		"actions!D15":    "SIREN 221300015 absent de la feuille « Territoires » : ajoutez le territoire ou corrigez le SIREN.",
		"actions!G16":    "Montant collectivité prévu négatif (-5,00\u00a0€) : un montant prévu est positif ou nul.",
		"actions!A17":    "Nature « Expérimentale » inconnue : indiquez Nouvelle ou Renforcée.",
		"actions!F17":    "Année 2031 hors de la période des contrats (2024 à 2027).",
		"INDICATEURS!B7": "L'action ENF-77 du SIREN 220100010 est absente de la feuille « Actions ».",
		"INDICATEURS!H8": "Cible de 120 % : un pourcentage ne dépasse pas 100.",
		"calendrier!B5":  "Date limite illisible « bientôt » : indiquez une date au format jj/mm/aaaa.",
	}
	for _, p := range ps {
		if want, ok := wantMsgs[p.Cell]; ok && p.Message != want {
			t.Errorf("%s: %q\nwant %q", p.Cell, p.Message, want)
		}
		if !strings.Contains(p.Cell, "!") || !strings.HasSuffix(p.Message, ".") {
			t.Errorf("problem %+v: want a cell reference and a full sentence", p)
		}
	}
	if got := ps[12].Message; !strings.Contains(got, "« Axe 9 - Culture pour tous » non reconnu") {
		t.Errorf("unknown axis message = %q", got)
	}
}

// A bad SIREN in Territoires is reported once, not again on every action
// and indicator row of that territory; a SIREN missing from Territoires is
// reported on its first row of each sheet, with the count of the others.
func TestReadRegisterSIRENFollowOns(t *testing.T) {
	const bad, absent = "220100011", "221300015"
	ter := [][]any{{"SIREN", "Nom", "Type", "Départements", "Axes", "Plafond annuel État (€)"},
		{"220100010", "Département de l'Ain", "Département", "01", 3, 1000000},
		{bad, "Département de l'Aisne", "Département", "02", 3, 1000000}}
	act := [][]any{{"SIREN", "Code action", "Axe", "Intitulé", "Nature", "Année", "État prévu (€)", "Collectivité prévu (€)"},
		{"220100010", "ENF-01", "Enfance", "Accueil", "Nouvelle", 2025, 1000, 1000}}
	ind := [][]any{{"SIREN", "Code action", "Code indicateur", "Indicateur", "Unité", "Référence", "Année", "Cible"},
		{"220100010", "ENF-01", "ENF-01-I1", "Enfants accueillis", "personnes", 10, 2025, 12}}
	for _, s := range []string{bad, absent, "221 300 015"} {
		for y := 2024; y <= 2026; y++ {
			act = append(act, []any{s, "ENF-01", "Enfance", "Accueil", "Nouvelle", y, 1000, 1000})
		}
		ind = append(ind, []any{s, "ENF-01", "ENF-01-I1", "Enfants accueillis", "personnes", 10, 2025, 12})
	}
	ps := registerProblems(t, buildWorkbook(t, map[string][][]any{"Territoires": ter, "Actions": act, "Indicateurs": ind},
		"Territoires", "Actions", "Indicateurs"), "registre.xlsx")
	want := []templates.Problem{
		{Cell: "Territoires!A3", Message: "SIREN « 220100011 » invalide : la clé de contrôle ne correspond pas (faute de frappe ?)."},
		{Cell: "Actions!A6", Message: "SIREN 221300015 absent de la feuille « Territoires » (cette ligne et 5 autres lignes de ce SIREN) : " +
			"ajoutez le territoire ou corrigez le SIREN."},
		{Cell: "Indicateurs!A4", Message: "SIREN 221300015 absent de la feuille « Territoires » (cette ligne et 1 autre ligne de ce SIREN) : " +
			"ajoutez le territoire ou corrigez le SIREN."},
	}
	if !reflect.DeepEqual(ps, want) {
		t.Errorf("problems =\n%s\nwant\n%s", (&templates.RegisterError{Problems: ps}).Error(), (&templates.RegisterError{Problems: want}).Error())
	}
}

func TestRegisterErrorFormat(t *testing.T) {
	e := &templates.RegisterError{Problems: []templates.Problem{
		{Cell: "Actions!F12", Message: "Montant manquant."},
		{Cell: "Indicateurs", Message: "Feuille introuvable."},
		{Message: "Fichier illisible."},
	}}
	want := "Actions!F12: Montant manquant.\nIndicateurs: Feuille introuvable.\nFichier illisible."
	if got := e.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestReadRegisterMissingSheetAndColumn(t *testing.T) {
	ps := registerProblems(t, readFixture(t, "missing_parts.xlsx"), "missing_parts.xlsx")
	want := []templates.Problem{
		{Cell: "actions!A3", Message: "Colonne « Nature » introuvable dans la ligne d'en-tête (ligne 3)."},
		{Cell: "Indicateurs", Message: "Feuille « Indicateurs » introuvable dans le classeur (feuilles présentes : territoires, actions)."},
	}
	// Sheets are looked up in SPEC order: Territoires, Actions, Indicateurs.
	if !reflect.DeepEqual(ps, want) {
		t.Errorf("problems =\n%+v\nwant\n%+v", ps, want)
	}
}

func TestReadRegisterRefusesUnreadableFiles(t *testing.T) {
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	zeros := make([]byte, 1<<20)
	for range 70 {
		w.Write(zeros)
	}
	zw.Create("xl/workbook.xml")
	zw.Close()

	var macro bytes.Buffer
	zw = zip.NewWriter(&macro)
	zw.Create("xl/workbook.xml")
	zw.Create("xl/vbaProject.bin")
	zw.Close()

	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"text", []byte("SIREN;Nom\n220100010;Ain\n"), "n'est pas un classeur Excel (.xlsx)"},
		{"ole", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), "mot de passe ou au format Excel 97-2003"},
		{"too big", make([]byte, templates.RegisterMaxFileSize+1), "au-delà de la limite de 20 Mio"},
		{"zip bomb", bomb.Bytes(), "au-delà de la limite de 64 Mio"},
		{"macros", macro.Bytes(), "contient des macros"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := registerProblems(t, tt.data, tt.name)
			if len(ps) != 1 || ps[0].Cell != "" || !strings.Contains(ps[0].Message, tt.want) {
				t.Errorf("problems = %+v, want one about the file containing %q", ps, tt.want)
			}
		})
	}
}

// TestReadRegisterGeneratesTemplates closes the loop: every contract of a
// register read from a file gives a workbook.
func TestReadRegisterGeneratesTemplates(t *testing.T) {
	reg, err := templates.ReadRegister(readFixture(t, "valid.xlsx"), "valid.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	f := openBytes(t, generate(t, reg, "220100010", 2025))
	if got := value(t, f, templates.SheetActions, "B7"); got != reconcile.AxisTransition.Label() {
		t.Errorf("Actions!B7 = %q, want the official label of TRANSITION", got)
	}
	if got := value(t, f, templates.SheetActions, "E6"); got != "45678.91" {
		t.Errorf("Actions!E6 = %q, want 45678.91", got)
	}
}

// buildWorkbook writes sheets of rows (row 1 first) into an .xlsx.
func buildWorkbook(t *testing.T, sheets map[string][][]any, order ...string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, name := range order {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for r, row := range sheets[name] {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadRegisterHeaderProblems(t *testing.T) {
	var deep [][]any
	for range 20 {
		deep = append(deep, []any{"texte d'introduction"})
	}
	deep = append(deep, []any{"SIREN", "Code action", "Code indicateur", "Indicateur", "Unité", "Référence", "Année", "Cible"})
	data := buildWorkbook(t, map[string][][]any{
		"Territoires": {{"Registre 2024"}, {"Données fictives"}},
		"Actions": {{"SIREN", "Code action", "Axe", "Intitulé", "Nature", "Année", "État prévu (€)", "Collectivité prévu (€)", "Axe"},
			{"220100010", "ENF-01", "Enfance", "Accueil", "Nouvelle", 2025, 1, 1, "Enfance"}},
		"Indicateurs": deep,
	}, "Territoires", "Actions", "Indicateurs")
	ps := registerProblems(t, data, "headers.xlsx")
	want := []templates.Problem{
		{Cell: "Territoires", Message: "Ligne d'en-tête introuvable dans les 20 premières lignes : la feuille doit avoir les colonnes " +
			"« SIREN », « Nom », « Type », « Départements », « Axes » et « Plafond annuel État (€) »."},
		{Cell: "Actions!I1", Message: "La colonne « Axe » figure deux fois dans l'en-tête (déjà en colonne C) : supprimez ou renommez l'une des deux."},
		{Cell: "Indicateurs", Message: "Ligne d'en-tête introuvable dans les 20 premières lignes : la feuille doit avoir les colonnes " +
			"« SIREN », « Code action », « Code indicateur », « Indicateur », « Unité », « Année » et « Cible »."},
	}
	if !reflect.DeepEqual(ps, want) {
		t.Errorf("problems =\n%s\nwant\n%s", (&templates.RegisterError{Problems: ps}).Error(), (&templates.RegisterError{Problems: want}).Error())
	}
}

func TestReadRegisterCalendarAndAddresses(t *testing.T) {
	ter := []any{"SIREN", "Nom", "Type", "Départements", "Axes", "Plafond annuel État (€)", "Expéditeurs autorisés", "Destinataires"}
	data := buildWorkbook(t, map[string][][]any{
		"Territoires": {ter,
			{"220100010", "Département de l'Ain", "Département", "01", 3, 1000, "Jean Dupont <Jean.Dupont@Ain.fr>;@AIN.FR", "a@ain.fr, b@ain.fr"},
			{"220200026", "Département de l'Aisne", "Département", "02", 3, 1000, "jean@", "ok@aisne.fr"}},
		"Actions":     {{"SIREN", "Code action", "Axe", "Intitulé", "Nature", "Année", "État prévu (€)", "Collectivité prévu (€)"}},
		"Indicateurs": {{"SIREN", "Code action", "Code indicateur", "Indicateur", "Unité", "Référence", "Année", "Cible"}},
		"Calendrier":  {{"Année", "Date limite"}, {2025, "2025-12-31"}, {2026, "2027-03-31"}, {2026, "31/03/2027"}, {2027, ""}},
	}, "Territoires", "Actions", "Indicateurs", "Calendrier")
	ps := registerProblems(t, data, "calendar.xlsx")
	want := []string{"Territoires!G3", "Calendrier!B2", "Calendrier!A4", "Calendrier!B5"}
	if got := cellsOf(ps); !reflect.DeepEqual(got, want) {
		t.Errorf("problem cells = %q, want %q\n%s", got, want, (&templates.RegisterError{Problems: ps}).Error())
	}
	if len(ps) == 4 && ps[1].Message != "La date limite du rapport 2025 (31/12/2025) doit suivre la fin de l'année 2025." {
		t.Errorf("deadline message = %q", ps[1].Message)
	}
}

func TestReadRegisterFictitiousNotice(t *testing.T) {
	for _, c := range []struct {
		name  string
		above [][]any
		want  bool
	}{
		{"no notice", nil, false},
		{"notice above the table", [][]any{{"DONNÉES FICTIVES — exemple"}}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			ter := append(append([][]any{}, c.above...),
				[]any{"SIREN", "Nom", "Type", "Départements", "Axes", "Plafond annuel État (€)"},
				[]any{"220100010", "Département de l'Ain", "Département", "01", 3, 1000000})
			data := buildWorkbook(t, map[string][][]any{
				"Territoires": ter,
				"Actions": {{"SIREN", "Code action", "Axe", "Intitulé", "Nature", "Année", "État prévu (€)", "Collectivité prévu (€)"},
					{"220100010", "ENF-01", "Enfance", "Accueil", "Nouvelle", 2025, 1000, 1000}},
				"Indicateurs": {{"SIREN", "Code action", "Code indicateur", "Indicateur", "Unité", "Référence", "Année", "Cible"}},
			}, "Territoires", "Actions", "Indicateurs")
			reg, err := templates.ReadRegister(data, "registre.xlsx")
			if err != nil {
				t.Fatal(err)
			}
			if reg.Fictitious != c.want {
				t.Errorf("Fictitious = %v, want %v", reg.Fictitious, c.want)
			}
		})
	}
}

// A percentage typed in the register (« 85,5 % », which Excel and
// LibreOffice store as 0.855 in a percentage format) is read as shown: as
// 85.5 for an indicator measured in %, refused for one counted in people
// and for an amount.
func TestReadRegisterPercentCells(t *testing.T) {
	edit := func(t *testing.T, cells map[string]float64) []byte {
		t.Helper()
		f, err := excelize.OpenReader(bytes.NewReader(readFixture(t, "valid.xlsx")))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		pct, err := f.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
		if err != nil {
			t.Fatal(err)
		}
		for ref, v := range cells {
			sheet, cell, _ := strings.Cut(ref, "!")
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellStyle(sheet, cell, cell, pct); err != nil {
				t.Fatal(err)
			}
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	reg, err := templates.ReadRegister(edit(t, map[string]float64{"INDICATEURS!H4": 0.855}), "pct.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	var target float64
	for _, a := range reg.Contract("220100010").Actions {
		for _, ind := range a.Indicators {
			if ind.Code == "ENF-01-I2" {
				target = ind.Targets[2025]
			}
		}
	}
	if target != 85.5 {
		t.Errorf("target of ENF-01-I2 = %v, want 85.5", target)
	}
	ps := registerProblems(t, edit(t, map[string]float64{"INDICATEURS!H3": 0.14, "actions!H5": 0.5}), "pct.xlsx")
	want := []templates.Problem{
		{Cell: "actions!H5", Message: "Montant État prévu « 50 % » : un pourcentage n'est pas un montant ; indiquez un montant en euros, par exemple 12 345,67."},
		{Cell: "INDICATEURS!H3", Message: "Cible « 14 % » : un pourcentage, alors que l'unité de l'indicateur est « personnes » ; indiquez la valeur dans cette unité, sans %."},
	}
	if !reflect.DeepEqual(ps, want) {
		t.Errorf("problems =\n%v\nwant\n%v", ps, want)
	}
}
