package web_test

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// rowNames returns the territories of the list page, in order.
func rowNames(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<th scope="row" data-label="Territoire"><a href="[^"]*">([^<]*)</a>`).FindAllStringSubmatch(body, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

func TestTerritoryListFiltersSearchAndSort(t *testing.T) {
	f := newFixture(t, nil)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", []string{"Aisne", "Allier", hostile}}, // by state: rejected, missing, accepted
		{"&tri=nom", []string{"Aisne", "Allier", hostile}},
		{"&tri=nom&ordre=desc", []string{hostile, "Allier", "Aisne"}},
		{"&tri=siren&ordre=desc", []string{"Allier", "Aisne", hostile}},
		{"&etat=rejete", []string{"Aisne"}},
		{"&etat=rien-recu", []string{"Allier"}},
		{"&etat=accepte", []string{hostile}},
		{"&retard=oui&tri=nom", []string{"Aisne", "Allier"}},
		{"&retard=non", []string{hostile}},
		{"&q=allier", []string{"Allier"}},
		{"&q=AISNE", []string{"Aisne"}},
		{"&q=220 300", []string{"Allier"}},
		{"&q=2202", []string{"Aisne"}},
		{"&type=metropole", nil},
		{"&region=Bretagne", nil},
		{"&region=Auvergne-Rh%C3%B4ne-Alpes&etat=rejete", []string{"Aisne"}},
	} {
		code, _, body := f.get(t, "/territoires?annee=2025"+strings.ReplaceAll(tc.query, " ", "+"))
		if code != 200 {
			t.Fatalf("%s: got %d", tc.query, code)
		}
		if got := rowNames(body); strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s: got %q, want %q", tc.query, got, tc.want)
		}
	}
	_, _, body := f.get(t, "/territoires?annee=2025&tri=nom&etat=rejete")
	mustContain(t, body,
		`<label for="q">Nom ou SIREN</label>`, `<label for="etat">État</label>`, `<label for="region">Région</label>`,
		`<label for="type">Type</label>`, `<label for="retard">Retard</label>`, `<label for="tri">Trier par</label>`,
		`<option value="rejete" selected>Rejeté, à corriger</option>`,
		// The sorted column says so, and its link reverses the order
		// keeping the filters.
		`<th scope="col" aria-sort="ascending"><a href="/territoires?annee=2025&amp;etat=rejete&amp;ordre=desc&amp;tri=nom">Territoire ▲</a></th>`,
		`<a href="/territoires.xlsx?annee=2025&amp;etat=rejete&amp;tri=nom" download>Exporter cette liste (Excel)</a>`,
		`<strong>1</strong> territoire(s) sur 3.`,
	)
	mustNotContain(t, body, "<script")
}

func TestTerritoryExportMatchesTheFilter(t *testing.T) {
	f := newFixture(t, nil)
	code, hdr, body := f.get(t, "/territoires.xlsx?annee=2025&retard=oui&tri=nom&ordre=desc")
	if code != 200 || !strings.Contains(hdr.Get("Content-Type"), "spreadsheetml") ||
		hdr.Get("Content-Disposition") != `attachment; filename="territoires-2025.xlsx"` {
		t.Fatalf("got %d %s %s", code, hdr.Get("Content-Type"), hdr.Get("Content-Disposition"))
	}
	x, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows("Territoires")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Territoire", "SIREN", "Région", "Type", "Départements", "État", "En retard", "Fichiers enregistrés",
			"Fichiers mis de côté", "Dernier dépôt", "Taux d'exécution", "Constats bloquants", "Alertes"},
		{"Allier", "220300015", "Auvergne-Rhône-Alpes", "Département", "01", "Manquant", "oui", "0", "0", "", "", "0", "0"},
		{"Aisne", "220200017", "Auvergne-Rhône-Alpes", "Département", "01", "Rejeté, à corriger", "oui", "1", "0", "13/04/2026 10:00", "", "1", "0"},
	}
	if len(rows) != len(want) {
		t.Fatalf("export has %d rows, want %d: %q", len(rows), len(want), rows)
	}
	for i := range want {
		for len(rows[i]) < len(want[i]) {
			rows[i] = append(rows[i], "")
		}
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d: got %q, want %q", i+1, rows[i], want[i])
		}
	}
	// The date is a date for Excel (a serial number), shown the French way.
	if raw, _ := x.GetCellValue("Territoires", "J3", excelize.Options{RawCellValue: true}); !regexp.MustCompile(`^46\d{3}\.4166`).MatchString(raw) {
		t.Errorf("last deposit stored as %q, want the serial of 13/04/2026 10:00", raw)
	}
	// The page lists the same territories in the same order.
	_, _, page := f.get(t, "/territoires?annee=2025&retard=oui&tri=nom&ordre=desc")
	if got := rowNames(page); strings.Join(got, "|") != "Allier|Aisne" {
		t.Errorf("page lists %q, export Allier, Aisne", got)
	}
}

// A territory's person lists and exports its own territory only.
func TestTerritoryListAndExportKeepToTheTerritory(t *testing.T) {
	s := newSite(t)
	c, _ := s.prov.LoginHTTP(t, s.URL, alphaUser)
	resp, err := c.Get(s.URL + "/territoires?annee=2025")
	if err != nil {
		t.Fatal(err)
	}
	page := readBody(t, resp)
	if got := rowNames(page); resp.StatusCode != 200 || strings.Join(got, "|") != alpha.Name {
		t.Errorf("alpha's list: %d %q", resp.StatusCode, got)
	}
	resp, err = c.Get(s.URL + "/territoires.xlsx?annee=2025")
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(strings.NewReader(readBody(t, resp)))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows("Territoires")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[1][0] != alpha.Name {
		t.Errorf("alpha's export: %q, want its own row only", rows)
	}
}
