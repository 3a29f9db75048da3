package reports

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// textWidth is the line length of plain-text mail bodies.
const textWidth = 76

// AcknowledgmentText returns the French plain-text body of the reply to a
// sender: the verdict, the receipt, every finding with its cell and what to
// do next. Lines are wrapped at 76 characters, never inside an amount.
func AcknowledgmentText(ack *Acknowledgment) string {
	var b strings.Builder
	para := func(s string) {
		b.WriteString(wrapText(s, textWidth, ""))
		b.WriteString("\n\n")
	}
	if ack.Fictitious {
		para("[EXEMPLE — " + fictitiousNote + "]")
	}
	b.WriteString("Bonjour,\n\n")
	para("Nous avons bien reçu votre rapport annuel d'exécution du contrat local des solidarités.")
	v := ack.VerdictSentence()
	if d := ack.detailSentence(); d != "" {
		v += " " + d
	}
	para(v)
	if d := ack.duplicateSentence(); d != "" {
		para(d)
	}
	fmt.Fprintf(&b, "Accusé de réception : %s\n", ack.Number)
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
			head := fmt.Sprintf("%d. [%s] %s", i+1, severityLabel(f.Severity), f.Code)
			if len(f.Cells) > 0 {
				head += " — cellule" + pluralS(len(f.Cells)) + " " + strings.Join(f.Cells, ", ")
			}
			b.WriteString(wrapText(head, textWidth, "   ") + "\n")
			b.WriteString(wrapText(f.Message, textWidth, "   ", "   ") + "\n")
			if v := findingValues(f); v != "" {
				b.WriteString(wrapText(v, textWidth, "   ", "   ") + "\n")
			}
			b.WriteString("\n")
		}
	}
	b.WriteString("Que faire maintenant ?\n\n")
	for _, s := range ack.NextSteps() {
		b.WriteString(wrapText("- "+s, textWidth, "  ") + "\n")
	}
	b.WriteString("\n")
	attach := "Le détail figure dans l'accusé de réception joint (PDF)."
	if ack.Annotated {
		attach = "Le détail figure dans l'accusé de réception joint (PDF) ; votre classeur vous est aussi renvoyé, les cellules en cause surlignées et commentées."
	}
	para(attach)
	para("Ce message est envoyé automatiquement à la réception de votre fichier.")
	b.WriteString("Pacte national des solidarités — Contrats locaux des solidarités\n")
	return strings.Map(func(r rune) rune { // a file name may carry control characters
		if r < 0x20 && r != '\n' || r == 0x7F {
			return ' '
		}
		return r
	}, b.String())
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
