package mail

import (
	"context"
	"fmt"
	"time"
)

// EnqueueDraft composes d and enqueues it with key d.Key, envelope sender
// the address of d.From and envelope recipients d.To and d.Cc. It returns
// the stored message (without Raw) and whether it was new; a draft whose
// key is already in the outbox is not composed again.
func (o *Outbox) EnqueueDraft(ctx context.Context, kind string, d Draft) (*Message, bool, error) {
	if d.Key == "" {
		return nil, false, fmt.Errorf("enqueue %s message: no key", kind)
	}
	raw, id, err := Compose(d)
	if err != nil {
		return nil, false, err
	}
	var rcpts []string
	for _, l := range [][]string{d.To, d.Cc} {
		for _, r := range l {
			if a := bareAddress(r); a != "" {
				rcpts = append(rcpts, a)
			}
		}
	}
	m := &Message{Key: d.Key, Kind: kind, From: bareAddress(d.From), To: rcpts, MessageID: id,
		Subject: d.Subject, Raw: raw}
	created, err := o.Enqueue(ctx, m)
	if err != nil {
		return nil, false, err
	}
	m.Raw = nil
	return m, created, nil
}

// WeeklyReport is the weekly report mail to the central team.
type WeeklyReport struct {
	From string
	To   []string
	// Week names the report ("semaine 48 de 2026") in the subject and
	// makes the outbox key, so a run caught up or retried sends it once.
	Week string
	// Key, when set, replaces the outbox key "weekly:" + Week, for a report
	// sent by hand that must not be taken for the scheduled one.
	Key      string
	Date     time.Time
	Text     string // French body; a default one when empty
	PDFName  string
	PDF      []byte
	XLSXName string
	XLSX     []byte
}

// EnqueueWeekly composes the weekly report mail (PDF and XLSX attached,
// Auto-Submitted: auto-generated) and enqueues it with key
// "weekly:" + w.Week. The scheduled job then calls Flush and Status to
// know whether the server accepted it.
func (o *Outbox) EnqueueWeekly(ctx context.Context, w WeeklyReport) (*Message, bool, error) {
	text := w.Text
	if text == "" {
		text = "Bonjour,\n\nVous trouverez ci-joints le rapport hebdomadaire de suivi des contrats locaux " +
			"des solidarités (" + w.Week + ") au format PDF, et son annexe au format Excel, qui reprend les mêmes " +
			"données sous forme de tableaux filtrables.\n\nCe message est envoyé automatiquement.\n" +
			"Pacte national des solidarités — Contrats locaux des solidarités\n"
	}
	key := w.Key
	if key == "" {
		key = "weekly:" + w.Week
	}
	d := Draft{
		From: w.From, To: w.To, Subject: "Rapport hebdomadaire des contrats locaux des solidarités — " + w.Week,
		Date: w.Date, Key: key, AutoSubmitted: "auto-generated", Text: text,
		Attachments: []Attachment{
			{Name: w.PDFName, ContentType: "application/pdf", Data: w.PDF},
			{Name: w.XLSXName, ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Data: w.XLSX},
		},
	}
	return o.EnqueueDraft(ctx, "weekly", d)
}
