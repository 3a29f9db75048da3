package web

import (
	"testing"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// The list sorts names as French readers expect, ignoring the article:
// the Aube before the Indre-et-Loire, as the weekly report does.
func TestSortViewsIgnoresTheArticle(t *testing.T) {
	var vs []territoryView
	for _, name := range []string{"Département d'Indre-et-Loire", "Département de l'Aube", "Métropole de Lyon", "Département du Gard"} {
		vs = append(vs, territoryView{Name: name, row: reports.TerritoryRow{Territory: reconcile.Territory{Name: name}}})
	}
	sortViews(vs, listQuery{Sort: "nom"})
	got := []string{}
	for _, v := range vs {
		got = append(got, v.Name)
	}
	want := []string{"Département de l'Aube", "Département du Gard", "Département d'Indre-et-Loire", "Métropole de Lyon"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %q, want %q", got, want)
		}
	}
}
