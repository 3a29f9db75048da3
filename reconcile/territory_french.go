package reconcile

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Grammatical gender of the common nouns territory names start with.
var (
	feminineNouns  = map[string]bool{"collectivité": true, "métropole": true, "ville": true, "communauté": true, "région": true, "eurométropole": true, "commune": true, "assemblée": true}
	masculineNouns = map[string]bool{"département": true, "conseil": true, "territoire": true, "établissement": true}
)

// OfTerritory returns "de" followed by a territory name, contracted as
// French requires: "Département de l'Ain" gives "du Département de l'Ain",
// "Métropole de Lyon" "de la Métropole de Lyon", "Eurométropole de
// Strasbourg" "de l'Eurométropole de Strasbourg", "Bordeaux Métropole" "de
// Bordeaux Métropole", "Orléans Métropole" "d'Orléans Métropole"; a name
// with its article ("le ...", "les ...") gives "du ...", "des ...".
func OfTerritory(name string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		return "de ce territoire"
	}
	lower := strings.ToLower(name)
	switch {
	case strings.HasPrefix(lower, "le "):
		return "du " + name[len("le "):]
	case strings.HasPrefix(lower, "les "):
		return "des " + name[len("les "):]
	case strings.HasPrefix(lower, "la "):
		return "de la " + name[len("la "):]
	case strings.HasPrefix(lower, "l'"), strings.HasPrefix(lower, "l’"):
		return "de " + strings.ToLower(name[:1]) + name[1:]
	}
	first := strings.ToLower(strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' })[0])
	switch {
	case masculineNouns[first] && startsWithVowel(first):
		return "de l'" + name
	case masculineNouns[first]:
		return "du " + name
	case feminineNouns[first] && startsWithVowel(first):
		return "de l'" + name
	case feminineNouns[first]:
		return "de la " + name
	case startsWithVowel(first):
		return "d'" + name // a proper name: "d'Orléans Métropole"
	}
	return "de " + name
}

// startsWithVowel reports whether a French word elides the article before
// it (aspirated h aside, it is treated as a consonant).
func startsWithVowel(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return strings.ContainsRune("aeiouyàâäéèêëîïôöùûü", unicode.ToLower(r))
}
