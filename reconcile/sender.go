package reconcile

import (
	"fmt"
	"net/mail"
	"strings"
)

// CheckSender returns an EXPEDITEUR_NON_AUTORISE finding when from is not
// authorised to send reports for t (Territory.SenderAuthorised), nil when it
// is. from may carry a display name ("Jean <jean@ain.fr>"); an empty or
// unparsable address is not authorised. A nil t gives nil: an unknown
// territory is the parser's TERRITOIRE_INCONNU. The finding names the
// address and the territory in French; the caller sets Year when it knows it.
func CheckSender(t *Territory, from string) *Finding {
	if t == nil || t.SenderAuthorised(from) {
		return nil
	}
	addr := strings.TrimSpace(from)
	if a, err := mail.ParseAddress(addr); err == nil {
		addr = a.Address
	}
	who := "L'expéditeur (adresse absente)"
	if addr != "" {
		who = "L'adresse " + addr
	}
	f := NewFinding(ExpediteurNonAutorise, fmt.Sprintf(
		"%s n'est pas autorisée à transmettre le compte rendu de %s : envoyez le fichier depuis une adresse déclarée pour ce territoire, ou demandez à la délégation d'ajouter cette adresse aux expéditeurs autorisés.",
		who, territoryName(*t)))
	f.SIREN = t.SIREN
	f.Actual = TextValue(addr)
	return &f
}
