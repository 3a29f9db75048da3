package reports

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/pactd/pactd/reconcile"
)

// textWidth is the line length of plain-text mail bodies.
const textWidth = 76

// AcknowledgmentText returns the French plain-text body of the reply to a
// sender, an administrative letter as the PDF is: salutation, what
// happened in one sentence, the receipt, every finding with its cell (the
// code in brackets for the service), the rules some findings call for,
// what to do next, whom to contact, the courtesy formula and the service's
// signature. Lines are wrapped at 76 characters, never inside an amount.
func AcknowledgmentText(ack *Acknowledgment) string {
	var b strings.Builder
	para := func(s string) {
		b.WriteString(wrapText(s, textWidth, ""))
		b.WriteString("\n\n")
	}
	if ack.Fictitious {
		para("[EXEMPLE — " + fictitiousNote + "]")
	}
	b.WriteString(Salutation + "\n\n")
	para(ack.Opening())
	para(ack.Banner())
	if d := ack.detailSentence(); d != "" {
		para(d)
	}
	if d := ack.duplicateSentence(); d != "" {
		para(d)
	}
	number := "Accusé de réception"
	if ack.Outcome.SetAside() {
		number = "Référence"
	}
	fmt.Fprintf(&b, "%s : %s\n", number, ack.Number)
	if !ack.ReceivedAt.IsZero() {
		fmt.Fprintf(&b, "Reçu le : %s (heure de Paris)\n", FormatDateTime(ack.ReceivedAt))
	}
	if ack.Sender != "" {
		fmt.Fprintf(&b, "Expéditeur : %s\n", ack.Sender)
	}
	b.WriteString(wrapText("Territoire : "+ack.territoryLine(), textWidth, "  ") + "\n")
	b.WriteString(wrapText("Fichier : "+ack.FileName, textWidth, "  ") + "\n")
	fmt.Fprintf(&b, "Empreinte SHA-256 :\n  %s\n\n", ack.SHA256)

	if len(ack.Findings) > 0 {
		n := ack.counts()
		fmt.Fprintf(&b, "Anomalies relevées (%d bloquante%s, %d alerte%s, %d information%s) :\n\n",
			n[0], pluralS(n[0]), n[1], pluralS(n[1]), n[2], pluralS(n[2]))
		for i, f := range ack.Findings {
			head := fmt.Sprintf("%d. %s — %s", i+1, severityAction(f), reconcile.Capitalize(CodeLabel(f.Code)))
			if len(f.Cells) > 0 {
				head += ", cellule" + pluralS(len(f.Cells)) + " " + strings.Join(f.Cells, ", ")
			}
			b.WriteString(wrapText(head, textWidth, "   ") + "\n")
			b.WriteString(wrapText(f.Message, textWidth, "   ", "   ") + "\n")
			if v := findingValues(f); v != "" {
				b.WriteString(wrapText(v, textWidth, "   ", "   ") + "\n")
			}
			b.WriteString("   (réf. " + string(f.Code) + ")\n\n")
		}
	}
	for _, g := range ack.Guidance() {
		b.WriteString(g.Title + "\n\n")
		para(g.Rule)
		for i, w := range g.Ways {
			b.WriteString(wrapText(fmt.Sprintf("%d. %s", i+1, w), textWidth, "   ") + "\n")
		}
		b.WriteString("\n")
	}
	b.WriteString("Que faire maintenant ?\n\n")
	for _, s := range ack.NextSteps() {
		b.WriteString(wrapText("- "+s, textWidth, "  ") + "\n")
	}
	b.WriteString("\n")
	attach := "Le détail figure dans l'accusé de réception joint (PDF)."
	switch {
	case ack.Outcome.SetAside():
		attach = "L'avis joint (PDF) reprend ces informations."
	case ack.Annotated:
		attach = "Le détail figure dans l'accusé de réception joint (PDF). Votre classeur vous est aussi renvoyé annoté (" +
			AnnotatedFileName(ack.FileName) + ") : les cellules en cause y sont surlignées et commentées, et sa première feuille, « Constats », les liste avec un lien vers chacune."
	}
	para(attach)
	if s := ack.ContactSentence(); s != "" {
		para(s)
	}
	para(Courtesy)
	b.WriteString(wrapText(ack.Service.Signature, textWidth, "") + "\n\n")
	b.WriteString(wrapText("Ce message est envoyé automatiquement à la réception de votre fichier.", textWidth, "") + "\n")
	return strings.Map(func(r rune) rune { // a file name may carry control characters
		if r < 0x20 && r != '\n' || r == 0x7F {
			return ' '
		}
		return r
	}, b.String())
}

// severityAction says what a severity asks of the officer: "À corriger",
// "À vérifier", "Pour information".
func severityAction(f reconcile.Finding) string {
	switch f.Severity {
	case reconcile.Bloquant:
		return "À corriger"
	case reconcile.Alerte:
		return "À vérifier"
	}
	return "Pour information"
}

// wrapText wraps s at width runes, breaking at spaces only (a no-break
// space never breaks). Continuation lines start with indent; a first
// indent, when given, starts the first line.
func wrapText(s string, width int, indent string, first ...string) string {
	var lines []string
	line := ""
	if len(first) > 0 {
		line = first[0]
	}
	start := line
	breakable := func(r rune) bool { return r == ' ' || r == '\n' || r == '\t' || r == '\r' }
	for _, w := range strings.FieldsFunc(s, breakable) {
		switch {
		case line == start:
			line += w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = indent + w
		}
	}
	lines = append(lines, line)
	return strings.Join(lines, "\n")
}
