package reports

import (
	"fmt"
	"io"

	"github.com/pactd/pactd/reconcile"
)

// AcknowledgmentPDF renders the acknowledgment of one received file in
// French to w: the receipt (number, time in Paris, file name, SHA-256), the
// verdict in one sentence, every finding with its cell, and what to do
// next. The same ack always gives the same bytes.
func AcknowledgmentPDF(w io.Writer, ack *Acknowledgment) error {
	d := newDoc(docMeta{
		Title:      "Accusé de réception " + ack.Number,
		Subject:    fmt.Sprintf("Rapport annuel d'exécution du contrat local des solidarités — %s", ack.territoryLine()),
		HeaderR:    "Accusé de réception " + ack.Number,
		Date:       ack.ReceivedAt,
		Fictitious: ack.Fictitious,
	})
	d.AddPage()
	sub := "Rapport annuel d'exécution du contrat local des solidarités"
	if ack.Year != 0 {
		sub += fmt.Sprintf(" — exercice %d", ack.Year)
	}
	d.titleBlock("Accusé de réception "+ack.Number, sub)
	if ack.Fictitious {
		fictitiousBox(d)
	}

	verdictBox(d, ack)

	d.h1("Fichier reçu", 40)
	t := newTable(d, 8, column{"", 48, "L"}, column{"", contentW - 48, "L"})
	t.headed = true // a key-value table has no header row
	rows := [][2]string{{"Numéro d'accusé de réception", ack.Number}}
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
	if ack.RegisterVersion > 0 {
		rows = append(rows, [2]string{"Vérifié avec", fmt.Sprintf("le registre des engagements, version %d", ack.RegisterVersion)})
	}
	for _, r := range rows {
		t.row([]cell{{text: r[0], bold: true}, {text: r[1]}})
	}

	if len(ack.Findings) > 0 {
		n := ack.counts()
		d.h1("Anomalies relevées", 30)
		d.note(fmt.Sprintf("%d bloquante%s (à corriger pour que le rapport soit accepté), %d alerte%s (à vérifier), %d information%s (pour mémoire). Chaque anomalie cite la cellule de votre classeur en cause, sous la forme Feuille!Cellule.",
			n[0], pluralS(n[0]), n[1], pluralS(n[1]), n[2], pluralS(n[2])))
		d.Ln(1)
		findingsTable(d, ack.Findings, "Anomalies relevées")
	}

	d.h1("Que faire maintenant ?", 30)
	for i, s := range ack.NextSteps() {
		d.setFont("B", 9)
		d.ensure(9)
		y := d.GetY()
		d.SetXY(marginL, y)
		d.CellFormat(6, 4.6, fmt.Sprintf("%d.", i+1), "", 0, "L", false, 0, "")
		d.setFont("", 9)
		for j, l := range d.wrap(s, contentW-7) {
			d.SetXY(marginL+7, y+float64(j)*4.6)
			d.CellFormat(contentW-7, 4.6, l, "", 0, "L", false, 0, "")
		}
		d.SetY(d.GetY() + 4.6 + 1.2)
	}
	d.Ln(3)
	d.note("Ce document est établi automatiquement à la réception de votre fichier. Conservez-le : son numéro et l'empreinte SHA-256 identifient exactement le fichier reçu.")
	return d.output(w)
}

// verdictBox draws the verdict in a framed box: a heavy frame and a
// capitalised word say it in black and white.
func verdictBox(d *doc, ack *Acknowledgment) {
	word := "ACCEPTÉ"
	if ack.Verdict == reconcile.Rejected {
		word = "REJETÉ"
	}
	lines := []string{ack.VerdictSentence()}
	if s := ack.detailSentence(); s != "" {
		lines = append(lines, s)
	}
	if s := ack.duplicateSentence(); s != "" {
		lines = append(lines, s)
	}
	const textW = contentW - 40
	d.setFont("B", 11)
	head := d.wrap(lines[0], textW)
	d.setFont("", 9)
	var body []string
	for _, l := range lines[1:] {
		body = append(body, d.wrap(l, textW)...)
	}
	h := 7 + float64(len(head))*5.5 + float64(len(body))*4.4
	y := d.GetY() + 2
	d.drawColor(colText)
	d.SetLineWidth(0.8)
	if ack.Verdict == reconcile.Rejected {
		d.SetLineWidth(1.4)
	}
	d.Rect(marginL, y, contentW, h, "D")
	d.fillColor([3]int{235, 235, 240})
	d.Rect(marginL+0.7, y+0.7, 30, h-1.4, "F")
	d.setFont("B", 12)
	d.color(colText)
	d.SetXY(marginL+0.7, y)
	d.CellFormat(30, h, word, "", 0, "C", false, 0, "")
	d.setFont("B", 11)
	d.SetXY(marginL+35, y+3)
	for _, l := range head {
		d.SetX(marginL + 35)
		d.CellFormat(textW, 5.5, l, "", 2, "L", false, 0, "")
	}
	d.setFont("", 9)
	for _, l := range body {
		d.SetX(marginL + 35)
		d.CellFormat(textW, 4.4, l, "", 2, "L", false, 0, "")
	}
	d.SetY(y + h + 2)
}
