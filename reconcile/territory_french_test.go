package reconcile_test

import (
	"testing"

	"github.com/pactd/pactd/reconcile"
)

func TestOfTerritory(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Département de l'Ain", "du Département de l'Ain"},
		{"Département de l'Aisne", "du Département de l'Aisne"},
		{"Métropole de Lyon", "de la Métropole de Lyon"},
		{"Bordeaux Métropole", "de Bordeaux Métropole"},
		{"Collectivité de Corse", "de la Collectivité de Corse"},
		{"Ville de Paris", "de la Ville de Paris"},
		{"Eurométropole de Strasbourg", "de l'Eurométropole de Strasbourg"},
		{"Orléans Métropole", "d'Orléans Métropole"},
		{"Grenoble-Alpes Métropole", "de Grenoble-Alpes Métropole"},
		{"le Grand Nancy", "du Grand Nancy"},
		{"les Hauts-de-Seine", "des Hauts-de-Seine"},
		{"la Réunion", "de la Réunion"},
		{"l'Ain", "de l'Ain"},
	} {
		if got := reconcile.OfTerritory(c.in); got != c.want {
			t.Errorf("OfTerritory(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
