package reconcile_test

import (
	"slices"
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
)

func TestSortTerritoriesIgnoresTheArticle(t *testing.T) {
	var ts []reconcile.Territory
	for _, n := range []string{"Département d'Indre-et-Loire", "Département de l'Aube", "Métropole de Lyon",
		"Bordeaux Métropole", "Département de La Réunion", "Département des Ardennes", "Eurométropole de Strasbourg",
		"Collectivité européenne d'Alsace", "Département de l'Ain", "Département du Rhône"} {
		ts = append(ts, reconcile.Territory{Name: n})
	}
	reconcile.SortTerritories(ts)
	var got []string
	for _, x := range ts {
		got = append(got, reconcile.ProperName(x.Name))
	}
	want := []string{"Ain", "Alsace", "Ardennes", "Aube", "Bordeaux Métropole", "Indre-et-Loire", "Lyon", "Réunion",
		"Rhône", "Strasbourg"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if got := (reconcile.Territory{Name: "Département de l'Aube", Type: reconcile.TypeDepartement}).ListName(); got != "Aube" {
		t.Errorf("ListName = %q", got)
	}
	if got := (reconcile.Territory{Name: "Métropole de Lyon", Type: reconcile.TypeCollectivite}).ListName(); got != "Métropole de Lyon" {
		t.Errorf("ListName = %q", got)
	}
}

func TestQuarantineClaims(t *testing.T) {
	april := time.Date(2026, time.April, 1, 16, 0, 0, 0, reconcile.Paris)
	for _, tc := range []struct {
		q        reconcile.QuarantineEntry
		siren    string
		year     int
		fromName bool
	}{
		{reconcile.QuarantineEntry{FileName: "CLS_2025_221000052_aube.xls", ReceivedAt: april}, "221000052", 2025, true},
		{reconcile.QuarantineEntry{FileName: "CLS_2024_221000052.xlsx", ReceivedAt: april}, "221000052", 2024, true},
		// The workbook's own SIREN wins over the name.
		{reconcile.QuarantineEntry{FileName: "CLS_2025_221000052.xlsx", SIREN: "220100010", ReceivedAt: april}, "220100010", 2025, false},
		// 123456789 fails the Luhn check; 2031 is no contract year.
		{reconcile.QuarantineEntry{FileName: "rapport 123456789 2031.xlsx", ReceivedAt: april}, "", 2025, false},
		// Ten digits are not a SIREN.
		{reconcile.QuarantineEntry{FileName: "2210000520.xlsx", ReceivedAt: time.Date(2025, time.March, 1, 0, 0, 0, 0, reconcile.Paris)}, "", 2024, false},
		{reconcile.QuarantineEntry{FileName: "x.xlsx", ReceivedAt: april,
			Findings: []reconcile.Finding{{SIREN: "221100019", Year: 2026}}}, "221100019", 2026, false},
	} {
		if got := tc.q.ClaimedSIREN(); got != tc.siren {
			t.Errorf("%s: SIREN %q, want %q", tc.q.FileName, got, tc.siren)
		}
		if got := tc.q.ClaimedYear(); got != tc.year {
			t.Errorf("%s: year %d, want %d", tc.q.FileName, got, tc.year)
		}
		if got := tc.q.SIRENFromName(); got != tc.fromName {
			t.Errorf("%s: from name %v, want %v", tc.q.FileName, got, tc.fromName)
		}
	}
}
