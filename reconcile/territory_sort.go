package reconcile

import (
	"sort"
	"strings"
)

// French readers look a territory up by its proper name: « Aube » comes
// before « Indre-et-Loire », whatever the article of « Département de
// l'Aube » or « Département d'Indre-et-Loire ». Lists of territories shown
// to people are sorted by SortKey.

// namePrefixes are the common-noun prefixes of territory names, longest
// first within each noun, as they are written.
var namePrefixes = []string{
	"Département de la ", "Département de l'", "Département des ", "Département du ", "Département de ",
	"Département d'",
	"Collectivité territoriale de ", "Collectivité européenne d'", "Collectivité européenne de ",
	"Collectivité de la ", "Collectivité de ", "Collectivité d'",
	"Métropole européenne de ", "Métropole de la ", "Métropole de l'", "Métropole du ", "Métropole de ",
	"Métropole d'", "Métropole ",
	"Eurométropole de ", "Ville de ",
}

// ProperName returns a territory name without its common-noun prefix and
// article: "Département de l'Aube" gives "Aube", "Métropole du Grand
// Nancy" "Grand Nancy", "Bordeaux Métropole" "Bordeaux Métropole" (its
// proper name comes first).
func ProperName(name string) string {
	n := strings.ReplaceAll(strings.TrimSpace(name), "’", "'")
	for _, p := range namePrefixes {
		if len(n) > len(p) && strings.EqualFold(n[:len(p)], p) {
			return n[len(p):]
		}
	}
	return n
}

// SortKey returns the key French readers sort a territory name by: its
// proper name, folded (case, accents and punctuation ignored), then the
// whole name so that two territories of one proper name keep an order
// ("Métropole de Lyon" and "Lyon" would sort together).
func SortKey(name string) string {
	return Fold(ProperName(name)) + "\x00" + Fold(name)
}

// ListName returns how a compact list names a territory: a département by
// its proper name ("Aube"), any other territory by its full name, since
// "Lyon" alone would not say it is the Métropole de Lyon.
func (t Territory) ListName() string {
	if t.Type == TypeDepartement {
		return ProperName(t.Name)
	}
	return t.Name
}

// SortTerritories orders territories as French readers expect (SortKey),
// then by SIREN.
func SortTerritories(ts []Territory) {
	sort.SliceStable(ts, func(i, j int) bool { return LessTerritory(ts[i], ts[j]) })
}

// LessTerritory reports whether a sorts before b in French reading order.
func LessTerritory(a, b Territory) bool {
	ka, kb := SortKey(a.Name), SortKey(b.Name)
	if ka != kb {
		return ka < kb
	}
	return a.SIREN < b.SIREN
}
