package daemon

import (
	"fmt"
	"strings"
	"time"

	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/internal/schedule"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// reminderRecipients returns who is reminded for a territory: its
// registered recipients and its authorised sender addresses (not the
// "@domain" entries), each once.
func reminderRecipients(t reconcile.Territory) []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range [][]string{t.Recipients, t.Senders} {
		for _, a := range l {
			a = strings.TrimSpace(a)
			if i := strings.IndexByte(a, '@'); i <= 0 || i == len(a)-1 {
				continue
			}
			if k := strings.ToLower(a); !seen[k] {
				seen[k] = true
				out = append(out, a)
			}
		}
	}
	return out
}

// reminderDraft writes the reminder r in French. replyTo is the bare
// address workbooks are sent to (pactd's own).
func reminderDraft(r schedule.Reminder, from, replyTo string, to []string, now time.Time) mail.Draft {
	st := r.Status
	t := st.Territory
	deadline := reports.FormatDate(st.Deadline)
	file := fmt.Sprintf("CLS_%d_%s_%s.xlsx", st.Year, t.SIREN, t.ShortName())
	var subject, lead string
	switch {
	case r.Days > 1:
		subject = fmt.Sprintf("Rappel : rapport annuel %d du contrat local des solidarités attendu avant le %s", st.Year, deadline)
		lead = fmt.Sprintf("Le rapport annuel d'exécution %d du contrat local des solidarités de %s (SIREN %s) est attendu au plus tard le %s, dans %d jours.",
			st.Year, t.Name, t.SIREN, deadline, r.Days)
	case r.Days >= 0:
		subject = fmt.Sprintf("Rappel : rapport annuel %d du contrat local des solidarités attendu avant le %s", st.Year, deadline)
		lead = fmt.Sprintf("Le rapport annuel d'exécution %d du contrat local des solidarités de %s (SIREN %s) est attendu au plus tard le %s.",
			st.Year, t.Name, t.SIREN, deadline)
	default:
		subject = fmt.Sprintf("Rapport annuel %d du contrat local des solidarités : date limite du %s dépassée", st.Year, deadline)
		lead = fmt.Sprintf("La date limite du %s pour le rapport annuel d'exécution %d du contrat local des solidarités de %s (SIREN %s) est passée.",
			deadline, st.Year, t.Name, t.SIREN)
	}
	var b strings.Builder
	b.WriteString("Bonjour,\n\n")
	b.WriteString(lead + "\n\n")
	if st.Latest != nil {
		fmt.Fprintf(&b, "Le dernier classeur reçu, %s, le %s, a été rejeté : l'accusé de réception qui vous a été envoyé indique les corrections à apporter.\n\n",
			st.Latest.FileName, reports.FormatDate(st.Latest.ReceivedAt))
	} else {
		b.WriteString("Nous n'avons pas encore reçu de rapport pour cet exercice.\n\n")
	}
	dest := "à l'adresse qui vous a été indiquée"
	if replyTo != "" {
		dest = "à " + replyTo
	}
	fmt.Fprintf(&b, "Pour le transmettre, complétez le classeur pré-rempli qui vous a été adressé (%s) et envoyez-le en pièce jointe d'un courriel %s. Vous recevrez en retour un accusé de réception.\n\n", file, dest)
	b.WriteString("Si vous l'avez envoyé ces derniers jours, ne tenez pas compte de ce message.\n\n")
	b.WriteString("Ce message est envoyé automatiquement.\nPacte national des solidarités — Contrats locaux des solidarités\n")
	return mail.Draft{From: from, To: to, Subject: subject, Date: now, Key: r.Key(), AutoSubmitted: "auto-generated", Text: b.String()}
}
