package reconcile

import (
	"unicode"
	"unicode/utf8"
)

// Label names the kind of origin in French: "courriel", "dossier
// surveillé", "commande pactd ingest".
func (k OriginKind) Label() string {
	switch k {
	case OriginEmail:
		return "courriel"
	case OriginFolder:
		return "dossier surveillé"
	case OriginCommand:
		return "commande pactd ingest"
	case OriginSite:
		return "site"
	}
	return string(k)
}

// Label says in French where a file came from: "courriel de x@y.fr",
// "dossier surveillé", "commande pactd ingest (pour x@y.fr)", "site
// (dépôt de x@y.fr)".
func (o Origin) Label() string {
	switch {
	case o.Kind == OriginSite && o.Person != "":
		return "site (dépôt de " + o.Person + ")"
	case o.Sender == "" || o.Kind == OriginFolder:
		return o.Kind.Label()
	case o.Kind == OriginEmail:
		return "courriel de " + o.Sender
	}
	return o.Kind.Label() + " (pour " + o.Sender + ")"
}

// Capitalize returns s with its first letter in upper case, for a label
// that starts a table cell or a sentence.
func Capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
