package reports

import (
	"fmt"
	"strings"

	"github.com/pactd/pactd/reconcile"
)

// The sentences of an acknowledgment, the same in its PDF and its mail.

// Salutation opens the letters.
const Salutation = "Madame, Monsieur,"

// Courtesy is the courtesy formula that closes the letters.
const Courtesy = "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations distinguées."

// report names the report and its year: "Votre rapport 2025".
func (a *Acknowledgment) report() string {
	if a.Year != 0 {
		return fmt.Sprintf("Votre rapport %d", a.Year)
	}
	return "Votre rapport"
}

// Banner says in one sentence what happened to the file.
func (a *Acknowledgment) Banner() string {
	n := a.counts()
	switch a.Outcome {
	case AckAcceptedLate:
		if a.Deadline.IsZero() {
			return a.report() + " est accepté, mais il est arrivé après la date limite."
		}
		return fmt.Sprintf("%s est accepté, mais il est arrivé après la date limite du %s.", a.report(), FormatDate(a.Deadline))
	case AckRejected:
		if n[0] == 0 {
			return a.report() + " est rejeté."
		}
		return fmt.Sprintf("%s est rejeté : %s à corriger avant de le renvoyer.", a.report(),
			plural(n[0], "anomalie bloquante est", "anomalies bloquantes sont"))
	case AckUnreadable:
		return "Votre fichier n'a pas pu être lu : il a été mis de côté sans être examiné."
	case AckSetAside:
		return "Votre fichier n'a pas été enregistré : il a été mis de côté pour être examiné par le service."
	}
	return a.report() + " est accepté."
}

// VerdictWord is the word of the banner's box: "ACCEPTÉ", "REJETÉ"...
func (a *Acknowledgment) VerdictWord() string {
	switch a.Outcome {
	case AckAcceptedLate:
		return "ACCEPTÉ HORS DÉLAI"
	case AckRejected:
		return "REJETÉ"
	case AckUnreadable:
		return "ILLISIBLE"
	case AckSetAside:
		return "MIS DE CÔTÉ"
	}
	return "ACCEPTÉ"
}

// detailSentence says what else there is to know, or "": the other
// findings of a recorded file, the reason a file was set aside.
func (a *Acknowledgment) detailSentence() string {
	if a.Outcome.SetAside() {
		if a.Reason == "" {
			return ""
		}
		return "Motif : " + a.Reason
	}
	n := a.counts()
	var parts []string
	if n[1] > 0 {
		parts = append(parts, plural(n[1], "alerte à vérifier", "alertes à vérifier"))
	}
	if n[2] > 0 {
		parts = append(parts, plural(n[2], "information", "informations"))
	}
	if len(parts) == 0 {
		if a.Outcome != AckRejected {
			return "Aucune anomalie n'a été relevée."
		}
		return ""
	}
	verb := "Il comporte "
	if a.Outcome == AckRejected {
		verb = "Il comporte aussi "
	}
	return verb + strings.Join(parts, " et ") + "."
}

// duplicateSentence explains a second reception of the same bytes, or "".
func (a *Acknowledgment) duplicateSentence() string {
	if !a.Duplicate {
		return ""
	}
	when := ""
	if !a.FirstReceivedAt.IsZero() {
		when = " le " + FormatDateTime(a.FirstReceivedAt)
	}
	return fmt.Sprintf("Ce fichier est identique à un fichier déjà reçu%s : il n'est pas compté une seconde fois, et le résultat ci-dessous est celui de ce premier envoi.", when)
}

// territoryLine names the territory and year, as far as they are known,
// and says where the SIREN was read.
func (a *Acknowledgment) territoryLine() string {
	from := ""
	if a.SIRENFromName {
		from = ", d'après le nom du fichier"
	}
	year := ""
	if a.Year != 0 {
		year = fmt.Sprintf(", exercice %d", a.Year)
	}
	switch {
	case a.TerritoryName != "":
		return fmt.Sprintf("%s (SIREN %s)%s%s", a.TerritoryName, a.SIREN, year, from)
	case a.SIREN != "":
		return fmt.Sprintf("SIREN %s, absent du registre%s%s", a.SIREN, year, from)
	case a.Outcome == AckUnreadable:
		return "non déterminé : le fichier n'a pas pu être lu et son nom ne porte pas de SIREN"
	}
	return "non déterminé"
}

// Addressee returns the lines of the letter's addressee: the referent the
// workbook names, the territory, the sender's address.
func (a *Acknowledgment) Addressee() []string {
	var out []string
	if a.Referent != "" {
		out = append(out, "À l'attention de "+a.Referent)
	} else {
		out = append(out, "À l'attention du référent du rapport")
	}
	switch {
	case a.TerritoryName != "":
		out = append(out, a.TerritoryName)
	case a.SIREN != "":
		out = append(out, "SIREN "+a.SIREN)
	}
	if a.Sender != "" {
		out = append(out, a.Sender)
	}
	return out
}

// Subject returns the subject of the reply: pactd's own, naming the
// receipt, the territory and the year, never the sender's words.
func (a *Acknowledgment) Subject() string {
	who := ""
	if a.TerritoryName != "" {
		who = " — " + a.TerritoryName
	}
	year := ""
	if a.Year != 0 {
		year = fmt.Sprintf(" — rapport %d", a.Year)
	}
	switch a.Outcome {
	case AckUnreadable, AckSetAside:
		return "Envoi mis de côté " + a.Number + who + year
	case AckRejected:
		return "Accusé de réception " + a.Number + who + year + " : rejeté"
	case AckAcceptedLate:
		return "Accusé de réception " + a.Number + who + year + " : accepté hors délai"
	}
	return "Accusé de réception " + a.Number + who + year + " : accepté"
}

// Opening is the first paragraph of the letter: what was received, when.
func (a *Acknowledgment) Opening() string {
	when := ""
	if !a.ReceivedAt.IsZero() {
		when = " le " + FormatDateTime(a.ReceivedAt)
	}
	what := "le rapport annuel d'exécution de votre contrat local des solidarités"
	if a.Year != 0 {
		what = fmt.Sprintf("le rapport annuel d'exécution %d de votre contrat local des solidarités", a.Year)
	}
	if a.Outcome.SetAside() {
		return fmt.Sprintf("Nous avons reçu%s le fichier «\u00a0%s\u00a0», transmis comme %s.", when, a.FileName, what)
	}
	return fmt.Sprintf("Nous accusons réception%s du fichier «\u00a0%s\u00a0», %s.", when, a.FileName, what)
}

// where is where corrected workbooks go.
func (a *Acknowledgment) where() string {
	if a.ReplyAddress != "" {
		return fmt.Sprintf("à la même adresse (%s)", a.ReplyAddress)
	}
	return "à la même adresse"
}

// NextSteps returns what the sender should do now, one French sentence per
// step.
func (a *Acknowledgment) NextSteps() []string {
	deadline := ""
	switch {
	case a.Deadline.IsZero() || a.Year == 0:
	case a.ReceivedAt.After(a.Deadline):
		deadline = fmt.Sprintf("La date limite de transmission pour l'exercice %d, le %s, est passée : le rapport que vous renverrez sera compté comme transmis hors délai.", a.Year, FormatDate(a.Deadline))
	default:
		deadline = fmt.Sprintf("La date limite de transmission pour l'exercice %d est le %s.", a.Year, FormatDate(a.Deadline))
	}
	var steps []string
	switch a.Outcome {
	case AckUnreadable:
		steps = append(steps,
			"Enregistrez le classeur au format Excel (.xlsx), sans mot de passe : dans Excel, Fichier, Enregistrer sous, type « Classeur Excel (*.xlsx) » ; dans LibreOffice, Fichier, Enregistrer sous, type « Excel 2007-365 (.xlsx) ».",
			"Renvoyez-le en pièce jointe "+a.where()+", depuis une adresse autorisée pour votre territoire ; vous recevrez un accusé de réception.",
			"Rien n'a été enregistré pour ce fichier : il ne compte pas comme votre rapport.")
	case AckSetAside:
		steps = append(steps,
			"Rien n'a été enregistré pour ce fichier : il ne compte pas comme votre rapport tant que le service ne l'a pas examiné.",
			"Pour que votre rapport soit enregistré sans attendre, renvoyez le classeur pré-rempli de l'exercice, complété, en pièce jointe "+a.where()+", depuis une adresse autorisée pour votre territoire.",
			"Pour faire autoriser une autre adresse, ou si le motif vous paraît erroné, contactez le service.")
	case AckRejected:
		fix := "Corrigez dans votre classeur chacune des cellules citées ci-dessus."
		switch {
		case !HasCellFindings(a.Findings):
			fix = "Corrigez les anomalies décrites ci-dessus."
		case a.Annotated:
			fix = "Corrigez dans votre classeur chacune des cellules citées ci-dessus : le classeur annoté joint les signale en couleur, avec un commentaire, et sa première feuille « Constats » les liste avec un lien vers chacune."
		}
		steps = append(steps, fix,
			"Renvoyez le classeur corrigé, en pièce jointe, "+a.where()+" ; vous recevrez un nouvel accusé de réception.",
			"Seule la version acceptée la plus récente est prise en compte : ce fichier rejeté ne compte pas.")
	default:
		counts := "Aucune action n'est nécessaire : ce rapport compte dès à présent."
		if a.Outcome == AckAcceptedLate {
			counts = "Ce rapport compte dès à présent ; il est signalé au service comme transmis hors délai."
		}
		steps = append(steps, counts)
		if a.counts()[1] > 0 {
			check := "Vérifiez les points signalés ci-dessus ; si une valeur est erronée, corrigez le classeur et renvoyez-le " + a.where() + "."
			if a.Annotated {
				check = "Vérifiez les points signalés ci-dessus, que le classeur annoté joint montre en couleur ; si une valeur est erronée, corrigez le classeur et renvoyez-le " + a.where() + "."
			}
			steps = append(steps, check)
		}
		steps = append(steps, "Seule la version acceptée la plus récente est prise en compte : un nouvel envoi accepté remplacera celui-ci.")
	}
	if deadline != "" && (a.Outcome == AckRejected || a.Outcome.SetAside()) {
		steps = append(steps, deadline)
	}
	return steps
}

// Guidance is an explanation of a rule a finding applies, with the ways
// out, shown once whatever the number of findings.
type Guidance struct {
	Title string
	Rule  string
	Ways  []string
}

// Guidance returns the explanations the findings call for.
func (a *Acknowledgment) Guidance() []Guidance {
	var out []Guidance
	if hasCode(a.Findings, reconcile.CofinancementInsuffisant) {
		contact := "contactez le service"
		if a.Service.Contact != "" {
			contact = "contactez le service (" + a.Service.Contact + ")"
		}
		out = append(out, Guidance{
			Title: "Cofinancement : la règle et les deux façons d'en sortir",
			Rule: "Chaque action du contrat est financée à parts égales par l'État et la collectivité : pour chaque action, et pour chaque axe au total, " +
				"la dépense de la collectivité (colonne « Collectivité réalisé (€) ») doit être au moins égale à celle de l'État (colonne « État réalisé (€) ») ; " +
				"les autres financeurs ne comptent pas dans la part de la collectivité.",
			Ways: []string{
				"Si un montant est mal saisi : corrigez-le dans les cellules citées et renvoyez le classeur.",
				"Si les montants sont exacts : expliquez l'écart dans la colonne « Commentaire » de l'action, renvoyez le classeur et " + contact +
					" pour convenir de la suite ; tant que l'écart demeure, le rapport ne peut pas être accepté.",
			},
		})
	}
	return out
}

// ContactSentence says whom to contact, or "" when no contact is known.
func (a *Acknowledgment) ContactSentence() string {
	if a.Service.Contact == "" {
		return ""
	}
	return "Pour toute question sur ce rapport : " + a.Service.Contact + "."
}

// findingValues writes a finding's expected and actual values, or "".
func findingValues(f reconcile.Finding) string {
	var parts []string
	if !f.Expected.IsZero() {
		parts = append(parts, "attendu : "+f.Expected.String())
	}
	if !f.Actual.IsZero() {
		parts = append(parts, "constaté : "+f.Actual.String())
	}
	if len(parts) == 0 {
		return ""
	}
	s := strings.Join(parts, " ; ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}
