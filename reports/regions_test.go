package reports_test

import (
	"fmt"
	"testing"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

func TestRegionOfEveryDepartement(t *testing.T) {
	var codes []string
	for i := 1; i <= 95; i++ {
		if i != 20 {
			codes = append(codes, fmt.Sprintf("%02d", i))
		}
	}
	codes = append(codes, "2A", "2B", "971", "972", "973", "974", "976")
	if len(codes) != 101 {
		t.Fatalf("test lists %d départements, want 101", len(codes))
	}
	regions := map[string]int{}
	for _, c := range codes {
		r, ok := reports.RegionOf(c)
		if !ok {
			t.Errorf("RegionOf(%q) unknown", c)
		}
		regions[r]++
	}
	if len(regions) != 18 {
		t.Errorf("101 départements fall in %d regions, want 18: %v", len(regions), regions)
	}
	for _, tc := range []struct{ code, want string }{
		{"01", reports.RegionARA}, {"1", reports.RegionARA}, {"69M", reports.RegionARA}, {"2a", reports.RegionCOR},
		{"75", reports.RegionIDF}, {"59", reports.RegionHDF}, {"974", reports.RegionREU}, {"976", reports.RegionMAY},
		{"29", reports.RegionBRE}, {"13", reports.RegionPAC}, {"987", reports.RegionCOM}, {"975", reports.RegionCOM},
	} {
		if got, _ := reports.RegionOf(tc.code); got != tc.want {
			t.Errorf("RegionOf(%q) = %q, want %q", tc.code, got, tc.want)
		}
	}
	if _, ok := reports.RegionOf("99"); ok {
		t.Error("RegionOf(99) is known")
	}
}

func TestTerritoryRegionOfEveryTerritory(t *testing.T) {
	for _, terr := range territories(t) {
		if r := reports.TerritoryRegion(terr); r == reports.RegionUnknown {
			t.Errorf("%s (%v): no region", terr.Name, terr.Departements)
		}
	}
	paris := reconcile.Territory{Name: "Métropole du Grand Paris", Departements: []string{"75", "92", "93", "94"}}
	if got := reports.TerritoryRegion(paris); got != reports.RegionIDF {
		t.Errorf("Grand Paris in %q", got)
	}
	if got := reports.TerritoryRegion(reconcile.Territory{}); got != reports.RegionUnknown {
		t.Errorf("no département gives %q", got)
	}
}
