package reports

import (
	"fmt"
	"strings"

	"github.com/pactd/pactd/reconcile"
)

// weeklyActOn lists whom to act on, in order: territories whose files were
// rejected, files set aside, then the territories with nothing received,
// compactly, with their contacts and the reminders already sent. Each
// territory appears once in the report's lists: the ones here are not
// repeated in the table of territories that sent a file.
func weeklyActOn(d *doc, wk *Weekly) {
	d.h1("À traiter", 30)
	var rejected, nothing []TerritoryRow
	for _, r := range wk.Territories {
		switch r.State {
		case reconcile.StateRejected:
			rejected = append(rejected, r)
		case reconcile.StateNotReceived:
			nothing = append(nothing, r)
		}
	}
	if len(rejected) == 0 && len(wk.SetAside) == 0 && len(nothing) == 0 {
		d.paragraph("Rien à traiter : tous les territoires attendus ont un rapport accepté.")
		return
	}
	if len(rejected) > 0 {
		d.h2(fmt.Sprintf("Rejetés, en attente d'un fichier corrigé (%d)", len(rejected)), 20)
		d.note("Chaque territoire a reçu un accusé de réception citant les cellules à corriger ; le détail figure dans la partie 4.")
		d.Ln(1)
		t := newTable(d, 7.2, column{"Territoire", 42, "L"}, column{"Dernier envoi", 20, "L"},
			column{"À corriger", 62, "L"}, column{"Contact et relances", 50, "L"})
		t.continued = "Rejetés, en attente d'un fichier corrigé"
		for _, r := range rejected {
			last := "—"
			if l := r.Status.Latest; l != nil {
				last = FormatShortDate(l.ReceivedAt)
				if l.ReceivedAt.After(wk.Deadline) {
					last += " (hors délai)"
				}
			}
			fix := plural(r.Counts[0], "anomalie bloquante", "anomalies bloquantes")
			if s := codeSummary(r.Findings, reconcile.Bloquant); s != "" {
				fix += " : " + s
			}
			if r.Status.Submissions > 1 {
				fix += fmt.Sprintf(" ; %d fichiers reçus, tous rejetés", r.Status.Submissions)
			}
			t.row([]cell{{text: territoryRef(r.Territory), bold: true}, {text: last}, {text: fix},
				{text: contactText(r.Contacts, r.Reminders)}})
		}
	}
	if len(wk.SetAside) > 0 {
		d.h2(fmt.Sprintf("Fichiers mis de côté, à examiner (%d)", len(wk.SetAside)), 20)
		d.note("Ces fichiers n'ont pas été enregistrés : illisibles, envoyés par une adresse non autorisée ou rattachés à aucun territoire. Le territoire est celui que le classeur indique ou, s'il n'a pas pu être lu, celui du nom du fichier.")
		d.Ln(1)
		t := newTable(d, 7.2, column{"Reçu le", 20, "L"}, column{"Fichier", 38, "L"},
			column{"Territoire et contact", 46, "L"}, column{"Motif", 70, "L"})
		t.continued = "Fichiers mis de côté"
		for _, q := range wk.SetAside {
			who := "non déterminé"
			if q.Territory != nil {
				who = territoryRef(*q.Territory)
				if q.FromName {
					who += " (d'après le nom du fichier)"
				}
				if len(q.Contacts) > 0 {
					who += "\n" + q.Contacts[0]
				}
			}
			from := reconcile.Capitalize(q.Entry.Origin.Label())
			t.row(texts(FormatShortDateTime(q.Entry.ReceivedAt), dash(q.Entry.FileName)+"\n"+from, who,
				SetAsideReason(q.Entry.Reason, q.Entry.Findings)))
		}
	}
	if len(nothing) > 0 {
		title := fmt.Sprintf("Rapports manquants : rien reçu après la date limite (%d)", len(nothing))
		if !wk.Overdue {
			title = fmt.Sprintf("Rien reçu à ce jour, date limite du %s à venir (%d)", FormatDate(wk.Deadline), len(nothing))
		}
		d.h2(title, 20)
		d.note("Territoires classés par nom, département entre parenthèses ; sous chaque nom, l'adresse à contacter (destinataires des accusés de réception au registre) et les relances faites par pactd, J-15 signifiant quinze jours avant la date limite ; « en file » : relance pas encore acceptée par le serveur d'envoi.")
		if wk.Overdue {
			d.setFont("", smallSize)
			d.color(colMuted)
			d.SetX(marginL)
			d.CellFormat(contentW, 3, "réf. "+string(reconcile.RapportManquant)+" (une ligne par territoire dans la feuille « Constats » de l'annexe)", "", 1, "L", false, 0, "")
			d.color(colText)
		}
		d.Ln(1)
		compactList(d, nothing)
	}
}

// contactText writes a territory's first contact and its reminders, on
// two lines.
func contactText(contacts []string, reminders []Reminder) string {
	c := "aucune adresse au registre"
	if len(contacts) > 0 {
		c = contacts[0]
		if len(contacts) > 1 {
			c += fmt.Sprintf(" (+%d)", len(contacts)-1)
		}
	}
	return c + "\n" + remindersText(reminders)
}

// remindersText says which reminders were queued, by their day relative
// to the deadline: "relancé J-15, J-3 et J+1", with "(en file)" when they
// all still wait in the outbox, "(J+1 en file)" when some do, or "jamais
// relancé".
func remindersText(rs []Reminder) string {
	if len(rs) == 0 {
		return "jamais relancé"
	}
	var kinds, waiting []string
	for _, r := range rs {
		kinds = append(kinds, r.Kind)
		if !r.Sent {
			waiting = append(waiting, r.Kind)
		}
	}
	s := "relancé " + joinAnd(kinds)
	switch {
	case len(waiting) == len(rs):
		s += " (en file)"
	case len(waiting) > 0:
		s += " (" + joinAnd(waiting) + " en file)"
	}
	return s
}

// joinAnd joins words the French way: "a", "a et b", "a, b et c".
func joinAnd(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " et " + items[len(items)-1]
}

// compactList draws territories three to a line: the name and départements
// in bold, then the contact and the reminders in small print.
func compactList(d *doc, rows []TerritoryRow) {
	const cols, lineH = 3, 3.2
	w := contentW / cols
	for i := 0; i < len(rows); i += cols {
		end := min(i+cols, len(rows))
		h := 0.0
		for _, r := range rows[i:end] {
			d.setFont("B", 7.5)
			n := len(d.wrap(territoryRef(r.Territory), w-2))
			d.setFont("", 6.5)
			n += len(d.wrap(contactLine(r), w-2))
			h = max(h, float64(n)*lineH+1.6)
		}
		d.ensure(h)
		y := d.GetY()
		for k, r := range rows[i:end] {
			x := marginL + float64(k)*w
			yy := y + 0.6
			d.setFont("B", 7.5)
			d.color(colText)
			for _, l := range d.wrap(territoryRef(r.Territory), w-2) {
				d.SetXY(x, yy)
				d.CellFormat(w-2, lineH, l, "", 0, "L", false, 0, "")
				yy += lineH
			}
			d.setFont("", 6.5)
			d.color(colMuted)
			for _, l := range d.wrap(contactLine(r), w-2) {
				d.SetXY(x, yy)
				d.CellFormat(w-2, lineH, l, "", 0, "L", false, 0, "")
				yy += lineH
			}
		}
		d.drawColor([3]int{215, 215, 215})
		d.SetLineWidth(0.1)
		d.Line(marginL, y+h, marginL+contentW, y+h)
		d.SetY(y + h)
	}
	d.color(colText)
}

// contactLine is what compactList writes under a territory's name.
func contactLine(r TerritoryRow) string {
	c := "aucune adresse au registre"
	if len(r.Contacts) > 0 {
		c = r.Contacts[0]
	}
	return c + " · " + remindersText(r.Reminders)
}
