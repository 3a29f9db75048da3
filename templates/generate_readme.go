package templates

import (
	"fmt"
	"strings"

	"github.com/pactd/pactd/reconcile"
)

// genReadmeWidth is the width of the single text column of Lisez-moi.
const genReadmeWidth = 80

// readme writes the Lisez-moi sheet: what the file is, how to fill it in,
// what not to change, and where and when to send it.
func (b *genBook) readme() {
	const sh = SheetReadme
	t := b.c.Territory
	y := b.year
	r := 0
	line := func(text string, style int) {
		r++
		if style == b.st.paragraph || style == b.st.bullet || style == b.st.notice {
			var n int
			text, n = genBreakLines(genFrenchSpaces.Replace(text), genReadmeLinePoints)
			b.do(b.f.SetRowHeight(sh, r, genLinesHeight(n)))
		}
		b.set(sh, genCell(1, r), text, style)
	}
	gap := func() { r++ }
	line(fmt.Sprintf("Contrat local des solidarités · Rapport annuel d'exécution %d", y), b.st.title)
	line(fmt.Sprintf("%s (SIREN %s)", t.Name, t.SIREN), b.st.section)
	gap()
	line("À quoi sert ce fichier", b.st.section)
	line(fmt.Sprintf("Ce classeur est le rapport annuel d'exécution %d du contrat local des solidarités signé par votre "+
		"collectivité avec l'État dans le cadre du Pacte national des solidarités. Il est pré-rempli avec les engagements "+
		"du contrat pour %d : %s, leurs montants prévus et leurs indicateurs. Il sert à rendre compte de ce qui a été "+
		"réellement dépensé et réalisé.", y, y, genPlural(len(b.actions), "l'action", "les %d actions")), b.st.paragraph)
	gap()
	line("Comment le remplir", b.st.section)
	for _, s := range []string{
		fmt.Sprintf("• Onglet « %s » : indiquez le nom du référent, son courriel, son téléphone et la date de transmission (jj/mm/aaaa).", SheetIdentification),
		fmt.Sprintf("• Onglet « %s » : pour chaque action, complétez les colonnes sur fond jaune : « %s », « %s », « %s », « %s » et, si besoin, « %s ».",
			SheetActions, HeaderStateSpent, HeaderTerritorySpent, HeaderOtherSpent, HeaderStatus, HeaderComment),
		fmt.Sprintf("• Les montants sont en euros, avec au plus deux décimales (par exemple 12 345,67). Indiquez les dépenses de l'année %d seulement.", y),
		"• Écrivez 0 quand il n'y a eu aucune dépense ou que rien n'a été réalisé. Ne laissez vide que ce que vous ne savez pas : l'accusé de réception signale chaque cellule vide comme valeur manquante (le rapport reste accepté), et une part de la collectivité laissée vide compte pour zéro dans le contrôle du cofinancement.",
		"• Cofinancement : " + b.cofinancingRule() + ". Les onglets Actions et Synthèse passent en rouge les cellules concernées avant l'envoi ; un cofinancement insuffisant fait rejeter le rapport.",
		fmt.Sprintf("• Choisissez le statut de chaque action dans la liste déroulante : %s.", genFrenchList(reconcile.ActionStatuses)),
		fmt.Sprintf("• Onglet « %s » : indiquez la valeur atteinte en %d pour chaque indicateur, dans l'unité indiquée. Pour un indicateur en %%, 57 et 57 %% se lisent de même ; pour les autres unités (personnes, ménages, €, jours…), écrivez le nombre seul, sans le signe %%.", SheetIndicators, y),
		fmt.Sprintf("• Onglet « %s » : il se calcule seul à partir des actions ; rien à y saisir.", SheetSynthese),
		fmt.Sprintf("• Onglet « %s » : toute précision utile, par exemple un retard, une difficulté ou un engagement qui vous semble inexact.", SheetComments),
	} {
		line(s, b.st.bullet)
	}
	gap()
	line("Ce qu'il ne faut pas modifier", b.st.section)
	for _, s := range []string{
		"• Les cellules sur fond gris reprennent le contrat : ne les modifiez pas. Si un engagement vous semble inexact, signalez-le dans l'onglet « Commentaires ».",
		"• Ne renommez pas et ne supprimez pas les onglets, et ne changez pas les intitulés des colonnes.",
		"• Les onglets sont protégés sans mot de passe, uniquement pour éviter les modifications involontaires.",
	} {
		line(s, b.st.bullet)
	}
	gap()
	line("Où et quand l'envoyer", b.st.section)
	send := fmt.Sprintf("Enregistrez le classeur au format Excel (.xlsx) et envoyez-le en pièce jointe, à l'adresse indiquée dans le "+
		"courrier d'envoi, au plus tard le %s.%s", reconcile.FormatDate(b.reg.Deadline(y)), genSenderSentence(t))
	if to := strings.TrimSpace(b.opts.SendTo); to != "" {
		send = fmt.Sprintf("Envoyez le classeur rempli, en pièce jointe, à l'adresse %s, au plus tard le %s. Gardez-le au format "+
			"Excel (.xlsx) et sans changer son nom (%s).%s", to, reconcile.FormatDate(b.reg.Deadline(y)), FileName(t, y), genSenderSentence(t))
	}
	line(send, b.st.paragraph)
	line("Vous recevrez en quelques minutes un accusé de réception qui indique si le rapport est accepté et, le cas échéant, "+
		"chaque point à corriger avec la cellule concernée. Vous pouvez renvoyer le fichier corrigé autant de fois que "+
		"nécessaire : la dernière version acceptée fait foi.", b.st.paragraph)
	gap()
	line(fmt.Sprintf("Modèle %s · empreinte des engagements %s", reconcile.TemplateVersion, reconcile.Fingerprint(b.c, y)), b.st.subtitle)
	b.do(b.f.SetColWidth(sh, "A", "A", genReadmeWidth))
	b.do(b.f.SetSheetDimension(sh, fmt.Sprintf("A1:A%d", r)))
	b.page(sh, false, 0)
}

// genSenderSentence says from which addresses the file may be sent, when the
// register lists them.
func genSenderSentence(t reconcile.Territory) string {
	var parts []string
	for _, s := range t.Senders {
		s = strings.TrimSpace(s)
		switch {
		case s == "":
		case strings.HasPrefix(s, "@"):
			parts = append(parts, "toute adresse en "+s)
		default:
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " Envoyez-le depuis une adresse autorisée pour votre collectivité : " + genFrenchList(parts) + "."
}

// genFrenchList joins items as "a, b et c".
func genFrenchList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " et " + items[len(items)-1]
}

// plural returns one when n is 1, else many formatted with n.
func genPlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return fmt.Sprintf(many, n)
}
