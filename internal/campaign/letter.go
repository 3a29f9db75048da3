package campaign

import (
	"fmt"
	"strings"
	"time"

	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/reconcile"
)

// Letter is what the covering letter needs besides the item.
type Letter struct {
	// From is the From header: the intake address, with a display name.
	From string
	// ReturnTo is the bare address filled workbooks are sent back to.
	ReturnTo string
	// Service, Contact and Signature come from [service].
	Service, Contact, Signature string
	Deadline                    time.Time
	Date                        time.Time
}

// Subject returns the subject of the item's message.
func Subject(it Item) string {
	name := it.Contract.Territory.Name
	switch it.Reason {
	case reconcile.SendChanged:
		return fmt.Sprintf("Nouveau classeur du rapport annuel %d — contrat local des solidarités — %s", it.Year, name)
	case reconcile.SendResent:
		return fmt.Sprintf("Rapport annuel %d du contrat local des solidarités — %s (nouvel envoi)", it.Year, name)
	}
	return fmt.Sprintf("Rapport annuel %d du contrat local des solidarités — %s : classeur à compléter", it.Year, name)
}

// Draft returns the message of it: the French letter, the workbook
// attached, from l.From, keyed by it.Key (so its Message-ID is
// mail.MessageIDFor(it.Key, from address)).
func Draft(it Item, workbook []byte, l Letter) mail.Draft {
	t := it.Contract.Territory
	deadline := reconcile.FormatDate(l.Deadline)
	var b strings.Builder
	b.WriteString("Bonjour,\n\n")
	fmt.Fprintf(&b, "Vous trouverez ci-joint le classeur pré-rempli %s du rapport annuel d'exécution %d du contrat local des solidarités %s (SIREN %s). Il reprend les engagements de votre contrat pour %d.\n\n",
		it.FileName, it.Year, reconcile.OfTerritory(t.Name), t.SIREN, it.Year)
	switch it.Reason {
	case reconcile.SendChanged:
		fmt.Fprintf(&b, "Ce classeur remplace celui qui vous a été envoyé le %s. %s Utilisez désormais ce nouveau classeur. Si vous renvoyez tout de même l'ancien, il sera lu et contrôlé par rapport aux engagements qu'il contient, et l'accusé de réception vous rappellera que ce classeur-ci existe.\n\n",
			reconcile.FormatDate(it.Previous.CreatedAt), it.Note)
	case reconcile.SendResent:
		b.WriteString(it.Note + "\n\n")
	}
	b.WriteString("Ce qu'il faut remplir :\n")
	b.WriteString("- l'onglet Identification : le référent, son courriel, son téléphone et la date de transmission ;\n")
	b.WriteString("- l'onglet Actions : pour chaque action, les montants réalisés par l'État et par la collectivité, les autres financements, le statut et, si besoin, un commentaire ;\n")
	b.WriteString("- l'onglet Indicateurs : la valeur réalisée de chaque indicateur ;\n")
	b.WriteString("- l'onglet Commentaires, si vous souhaitez ajouter des précisions.\n")
	b.WriteString("Les cellules grisées reprennent les engagements du contrat : ne les modifiez pas. L'onglet Lisez-moi détaille chaque colonne.\n\n")
	fmt.Fprintf(&b, "Date limite de transmission : le %s.\n\n", deadline)
	back := "envoyez-le en pièce jointe à l'adresse d'où vient ce message"
	if l.ReturnTo != "" {
		back = "envoyez-le en pièce jointe à " + l.ReturnTo
	}
	fmt.Fprintf(&b, "Pour le transmettre, répondez à ce message en joignant le classeur rempli, ou %s. Vous recevrez en quelques minutes un accusé de réception qui indique s'il est accepté et, s'il y a lieu, les cellules à corriger. Vous pouvez le renvoyer autant de fois que nécessaire : la dernière version acceptée fait foi.\n\n", back)
	if l.Contact != "" {
		fmt.Fprintf(&b, "Pour toute question : %s.\n\n", l.Contact)
	}
	if l.Signature != "" {
		b.WriteString(l.Signature + "\n")
	}
	if l.Service != "" && l.Service != l.Signature {
		b.WriteString(l.Service + "\n")
	}
	return mail.Draft{
		From: l.From, To: it.To, Subject: Subject(it), Date: l.Date, Key: it.Key,
		AutoSubmitted: "auto-generated", Text: b.String(),
		Attachments: []mail.Attachment{{Name: it.FileName, ContentType: xlsxType, Data: workbook}},
	}
}

// xlsxType is the media type of a workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
