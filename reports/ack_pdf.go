package reports

import (
	"fmt"
	"io"
)

// AcknowledgmentPDF renders the acknowledgment of one received file in
// French to w, as an administrative letter: the sending service and the
// addressee, what happened in one sentence, the receipt (number, time in
// Paris, file name, SHA-256), every finding of a recorded file with its
// cell, the rules some findings call for, what to do next, whom to
// contact, the courtesy formula and the signature. The same ack always
// gives the same bytes.
func AcknowledgmentPDF(w io.Writer, ack *Acknowledgment) error {
	kind := "Accusé de réception"
	if ack.Outcome.SetAside() {
		kind = "Avis de mise de côté"
	}
	d := newDoc(docMeta{
		Title:      kind + " " + ack.Number,
		Subject:    fmt.Sprintf("Rapport annuel d'exécution du contrat local des solidarités — %s", ack.territoryLine()),
		HeaderR:    kind + " " + ack.Number,
		Date:       ack.ReceivedAt,
		Fictitious: ack.Fictitious,
	})
	d.AddPage()
	letterhead(d, ack)
	sub := "Objet : rapport annuel d'exécution du contrat local des solidarités"
	if ack.Year != 0 {
		sub += fmt.Sprintf(", exercice %d", ack.Year)
	}
	d.titleBlock(kind+" "+ack.Number, sub)
	if ack.Fictitious {
		fictitiousBox(d)
	}
	verdictBox(d, ack)

	d.paragraph(Salutation)
	d.Ln(1)
	d.paragraph(ack.Opening())

	d.h1("Fichier reçu", 40)
	t := newTable(d, 8, column{"", 48, "L"}, column{"", contentW - 48, "L"})
	t.headed = true // a key-value table has no header row
	rows := [][2]string{{"Numéro", ack.Number}}
	if !ack.ReceivedAt.IsZero() {
		rows = append(rows, [2]string{"Reçu le", FormatDateTime(ack.ReceivedAt) + " (heure de Paris)"})
	}
	if ack.Sender != "" {
		rows = append(rows, [2]string{"Expéditeur", ack.Sender})
	}
	rows = append(rows, [2]string{"Territoire", ack.territoryLine()}, [2]string{"Fichier", ack.FileName})
	if ack.Size > 0 {
		rows = append(rows, [2]string{"Taille", plural(int(ack.Size), "octet", "octets")})
	}
	rows = append(rows, [2]string{"Empreinte SHA-256", ack.SHA256})
	if ack.RegisterVersion > 0 && !ack.Outcome.SetAside() {
		rows = append(rows, [2]string{"Vérifié avec", fmt.Sprintf("le registre des engagements, version %d", ack.RegisterVersion)})
	}
	if ack.Annotated {
		rows = append(rows, [2]string{"Classeur annoté joint", AnnotatedFileName(ack.FileName)})
	}
	for _, r := range rows {
		t.row([]cell{{text: r[0], bold: true}, {text: r[1]}})
	}

	if len(ack.Findings) > 0 {
		n := ack.counts()
		d.h1("Anomalies relevées", 30)
		d.note(fmt.Sprintf("%d bloquante%s (à corriger pour que le rapport soit accepté), %d alerte%s (à vérifier), %d information%s (pour mémoire). Chaque anomalie cite la cellule de votre classeur en cause, sous la forme Feuille!Cellule ; la référence en petits caractères sert au service.",
			n[0], pluralS(n[0]), n[1], pluralS(n[1]), n[2], pluralS(n[2])))
		d.Ln(1)
		findingsTable(d, ack.Findings, "Anomalies relevées")
	}
	for _, g := range ack.Guidance() {
		d.h2(g.Title, 30)
		d.paragraph(g.Rule)
		d.Ln(1)
		numbered(d, g.Ways)
	}

	d.h1("Que faire maintenant ?", 30)
	numbered(d, ack.NextSteps())
	d.Ln(2)
	if s := ack.ContactSentence(); s != "" {
		d.paragraph(s)
		d.Ln(1)
	}
	d.paragraph(Courtesy)
	d.Ln(2)
	d.ensure(12)
	d.paragraphFont(ack.Service.Signature, "B", 9, 4.6, colText)
	d.Ln(4)
	d.note("Ce document est établi automatiquement à la réception de votre fichier. Conservez-le : son numéro et l'empreinte SHA-256 identifient exactement le fichier reçu.")
	return d.output(w)
}

// numbered writes a numbered list.
func numbered(d *doc, items []string) {
	for i, s := range items {
		d.setFont("", 9)
		lines := d.wrap(s, contentW-7)
		d.ensure(float64(len(lines)) * 4.6)
		y := d.GetY()
		d.setFont("B", 9)
		d.SetXY(marginL, y)
		d.CellFormat(6, 4.6, fmt.Sprintf("%d.", i+1), "", 0, "L", false, 0, "")
		d.setFont("", 9)
		for j, l := range lines {
			d.SetXY(marginL+7, y+float64(j)*4.6)
			d.CellFormat(contentW-7, 4.6, l, "", 0, "L", false, 0, "")
		}
		d.SetY(y + float64(len(lines))*4.6 + 1.2)
	}
}

// letterhead writes the sending service at the top left and the addressee
// at the right, as a French administrative letter does, above the title.
func letterhead(d *doc, ack *Acknowledgment) {
	top := 14.0
	d.setFont("B", 8.5)
	d.color(colText)
	y := top
	for _, l := range d.wrap(ack.Service.Name, 78) {
		d.SetXY(pageW-marginR-78, y)
		d.CellFormat(78, 4, l, "", 0, "R", false, 0, "")
		y += 4
	}
	d.setFont("", 8)
	d.color(colMuted)
	if ack.Service.Contact != "" {
		for _, l := range d.wrap(ack.Service.Contact, 78) {
			d.SetXY(pageW-marginR-78, y)
			d.CellFormat(78, 3.8, l, "", 0, "R", false, 0, "")
			y += 3.8
		}
	}
	y += 3
	d.color(colText)
	d.setFont("", 8.5)
	for _, l := range ack.Addressee() {
		for _, w := range d.wrap(l, 78) {
			d.SetXY(pageW-marginR-78, y)
			d.CellFormat(78, 4, w, "", 0, "R", false, 0, "")
			y += 4
		}
	}
	d.letterheadBottom = y
}

// verdictBox draws what happened in a framed box: a heavy frame and a
// capitalised word say it in black and white, one sentence beside them.
func verdictBox(d *doc, ack *Acknowledgment) {
	lines := []string{ack.Banner()}
	if s := ack.detailSentence(); s != "" {
		lines = append(lines, s)
	}
	if s := ack.duplicateSentence(); s != "" {
		lines = append(lines, s)
	}
	const wordW = 34.0
	const textW = contentW - wordW - 6
	d.setFont("B", 11)
	head := d.wrap(lines[0], textW)
	d.setFont("", 9)
	var body []string
	for _, l := range lines[1:] {
		body = append(body, d.wrap(l, textW)...)
	}
	d.setFont("B", 11)
	words := d.wrap(ack.VerdictWord(), wordW-4)
	h := max(7+float64(len(head))*5.5+float64(len(body))*4.4, 8+float64(len(words))*5.5)
	y := d.GetY() + 2
	d.drawColor(colText)
	d.SetLineWidth(0.8)
	if ack.Outcome != AckAccepted {
		d.SetLineWidth(1.4)
	}
	d.Rect(marginL, y, contentW, h, "D")
	d.fillColor([3]int{235, 235, 240})
	d.Rect(marginL+0.7, y+0.7, wordW, h-1.4, "F")
	d.setFont("B", 11)
	d.color(colText)
	wy := y + (h-float64(len(words))*5.5)/2
	for i, l := range words {
		d.SetXY(marginL+0.7, wy+float64(i)*5.5)
		d.CellFormat(wordW, 5.5, l, "", 0, "C", false, 0, "")
	}
	d.SetXY(marginL+wordW+5, y+3)
	for _, l := range head {
		d.SetX(marginL + wordW + 5)
		d.CellFormat(textW, 5.5, l, "", 2, "L", false, 0, "")
	}
	d.setFont("", 9)
	for _, l := range body {
		d.SetX(marginL + wordW + 5)
		d.CellFormat(textW, 4.4, l, "", 2, "L", false, 0, "")
	}
	d.SetY(y + h + 4)
}
