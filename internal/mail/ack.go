package mail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	netmail "net/mail"
	"path/filepath"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// Registers gives the register versions acknowledgments are written
// against; reconcile.Store has it.
type Registers interface {
	LatestRegister(ctx context.Context) (*reconcile.Register, error)
	RegisterVersion(ctx context.Context, version int64) (*reconcile.Register, error)
}

// Acknowledger implements ingest.Acknowledger: it writes the reply to a
// received file and enqueues it in the outbox with key "ack:" + the origin
// key, so that acknowledging the same reception again enqueues nothing.
//
// Who gets a reply:
//   - a submission (accepted or rejected): the sender and the territory's
//     registered recipients (Destinataires), with the acknowledgment PDF and,
//     when findings name cells, the sender's workbook annotated;
//   - a quarantined file or message: the sender alone, and only when the
//     sender is authorised for at least one territory of the register. A
//     From address is easy to forge: replying to unknown or unauthorised
//     senders would send pactd's mail to whoever the forger named
//     (backscatter) and tell a stranger which addresses are authorised.
//     Those messages are listed in the weekly report instead;
//   - nothing for the watched folder and the command line (no sender).
type Acknowledger struct {
	Outbox    *Outbox
	Registers Registers
	// From is PACTD_MAIL_FROM, e.g. "Pacte des solidarités <depot@example.test>".
	From string
	// Now is the clock of the Date header; default time.Now.
	Now func() time.Time
	// Fictitious marks acknowledgments of sample data as such.
	Fictitious bool
	// Service is who signs the letters and whom to contact; its empty
	// fields take reports.DefaultService's, the contact the From address.
	Service reports.Service
	Log     zerolog.Logger
}

var _ ingest.Acknowledger = (*Acknowledger)(nil)

// NewAcknowledger returns an Acknowledger enqueuing in o, reading registers
// from regs, sending from from.
func NewAcknowledger(o *Outbox, regs Registers, from string, log zerolog.Logger) *Acknowledger {
	return &Acknowledger{Outbox: o, Registers: regs, From: from, Log: log}
}

// Acknowledge implements ingest.Acknowledger.
func (a *Acknowledger) Acknowledge(ctx context.Context, in ingest.Incoming, out ingest.Outcome) error {
	sender := bareAddress(in.Origin.Sender)
	if sender == "" {
		return nil
	}
	key := "ack:" + in.Origin.Key
	if in.Origin.Key == "" {
		key = "ack:receipt:" + out.Receipt.Number
	}
	if m, err := a.Outbox.store.MailByKey(ctx, key); err == nil && m != nil {
		return nil // already enqueued: a replay after a crash
	} else if err != nil && !errors.Is(err, reconcile.ErrNotFound) {
		return fmt.Errorf("look up acknowledgment %q: %w", key, err)
	}
	reg, err := a.register(ctx, out)
	if err != nil {
		return err
	}
	var d Draft
	kind := "ack"
	if out.Quarantined || out.Submission == nil {
		if reg == nil || !knownSender(reg, sender) {
			a.Log.Info().Str("origin_key", in.Origin.Key).Msg("no reply to a quarantined message from an unknown sender")
			return nil
		}
		if d, err = a.quarantineDraft(in, out, reg, sender); err != nil {
			return err
		}
		kind = "reply"
	} else {
		d, err = a.submissionDraft(in, out, reg, sender)
		if err != nil {
			return err
		}
	}
	d.Key = key
	if _, _, err := a.Outbox.EnqueueDraft(ctx, kind, d); err != nil {
		return err
	}
	return nil
}

// register returns the register the submission was checked against, else
// the latest, else nil.
func (a *Acknowledger) register(ctx context.Context, out ingest.Outcome) (*reconcile.Register, error) {
	if out.Submission != nil && out.Submission.RegisterVersion != 0 {
		reg, err := a.Registers.RegisterVersion(ctx, out.Submission.RegisterVersion)
		if err == nil {
			return reg, nil
		}
		if !errors.Is(err, reconcile.ErrNotFound) {
			return nil, fmt.Errorf("load register version %d: %w", out.Submission.RegisterVersion, err)
		}
	}
	reg, err := a.Registers.LatestRegister(ctx)
	if errors.Is(err, reconcile.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load register: %w", err)
	}
	return reg, nil
}

func (a *Acknowledger) now() time.Time {
	if a.Now != nil {
		return a.Now()
	}
	return time.Now()
}

// service returns the Service the letters name.
func (a *Acknowledger) service() reports.Service {
	return a.Service.WithDefaults(bareAddress(a.From))
}

// replyDraft returns the headers of a reply to in: pactd's own subject,
// never the sender's words, threaded by In-Reply-To and References.
func (a *Acknowledger) replyDraft(in ingest.Incoming, subject string) Draft {
	id := strings.Trim(strings.TrimSpace(in.MessageID), "<>")
	return Draft{
		From: a.From, Subject: subject, Date: a.now(), InReplyTo: id,
		References: ReplyReferences(id, trimIDs(in.References)), AutoSubmitted: "auto-replied",
	}
}

// submissionDraft writes the acknowledgment of a recorded submission.
func (a *Acknowledger) submissionDraft(in ingest.Incoming, out ingest.Outcome, reg *reconcile.Register, sender string) (Draft, error) {
	sub := out.Submission
	ack := reports.NewAcknowledgment(out.Receipt, sub, reg)
	ack.Sender = sender
	ack.ReplyAddress = bareAddress(a.From)
	ack.Fictitious = a.Fictitious || reports.SampleRegister(reg)
	ack.Service = a.service()
	if in.Name != "" {
		// The file this sender just sent: for a duplicate, the stored
		// submission holds the name of the earlier file with these bytes.
		ack.FileName = in.Name
	}
	var annotated []byte
	if ack.Annotated {
		data, err := reports.Annotate(in.Content, sub.Findings, ack.Service)
		if err != nil {
			if !errors.Is(err, reports.ErrNothingToAnnotate) {
				a.Log.Warn().Err(err).Str("origin_key", in.Origin.Key).Msg("annotate workbook")
			}
			ack.Annotated = false
		} else {
			annotated = data
		}
	}
	var pdf bytes.Buffer
	if err := reports.AcknowledgmentPDF(&pdf, ack); err != nil {
		return Draft{}, fmt.Errorf("write acknowledgment PDF %s: %w", out.Receipt.Number, err)
	}
	d := a.replyDraft(in, ack.Subject())
	d.To = recipients(sender, reg, sub.SIREN)
	d.Text = reports.AcknowledgmentText(ack)
	d.Attachments = append(d.Attachments, Attachment{
		Name: "accuse-reception-" + out.Receipt.Number + ".pdf", ContentType: "application/pdf", Data: pdf.Bytes()})
	if annotated != nil {
		d.Attachments = append(d.Attachments, Attachment{Name: AnnotatedName(in.Name),
			ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Data: annotated})
	}
	return d, nil
}

// quarantineDraft tells a known sender that what they sent was set aside:
// what was received, why, and what to do, with the notice as a PDF. It
// says nothing the file was not checked for.
func (a *Acknowledger) quarantineDraft(in ingest.Incoming, out ingest.Outcome, reg *reconcile.Register, sender string) (Draft, error) {
	sub := out.Submission
	if sub == nil {
		sub = &reconcile.Submission{}
	}
	seen := *sub
	if in.Name != "" {
		seen.FileName = in.Name
	}
	if seen.Size == 0 {
		seen.Size = int64(len(in.Content))
	}
	receipt := out.Receipt
	if receipt.ReceivedAt.IsZero() {
		receipt.ReceivedAt = in.ReceivedAt
	}
	ack := reports.NewSetAsideNotice(receipt, &seen, out.Reason, reg)
	ack.Sender = sender
	ack.ReplyAddress = bareAddress(a.From)
	ack.Fictitious = a.Fictitious || reports.SampleRegister(reg)
	ack.Service = a.service()
	var pdf bytes.Buffer
	if err := reports.AcknowledgmentPDF(&pdf, ack); err != nil {
		return Draft{}, fmt.Errorf("write set-aside notice %s: %w", out.Receipt.Number, err)
	}
	d := a.replyDraft(in, ack.Subject())
	d.To = []string{sender}
	d.Text = reports.AcknowledgmentText(ack)
	d.Attachments = append(d.Attachments, Attachment{Name: reports.AcknowledgmentFileName(ack),
		ContentType: "application/pdf", Data: pdf.Bytes()})
	return d, nil
}

// AnnotatedName returns the file name of the annotated copy of a workbook:
// "CLS_2025_x.xlsx" gives "CLS_2025_x-annote.xlsx".
func AnnotatedName(name string) string {
	if name == "" {
		return "classeur-annote.xlsx"
	}
	ext := filepath.Ext(name)
	return strings.TrimSuffix(name, ext) + "-annote" + ext
}

// recipients returns the sender then the territory's registered recipients,
// without duplicates (case ignored).
func recipients(sender string, reg *reconcile.Register, siren string) []string {
	out := []string{sender}
	seen := map[string]bool{strings.ToLower(sender): true}
	if reg == nil {
		return out
	}
	c := reg.Contract(siren)
	if c == nil {
		return out
	}
	for _, r := range c.Territory.Recipients {
		addr := bareAddress(r)
		if addr == "" || seen[strings.ToLower(addr)] {
			continue
		}
		seen[strings.ToLower(addr)] = true
		out = append(out, addr)
	}
	return out
}

// knownSender reports whether address is authorised for some territory.
func knownSender(reg *reconcile.Register, address string) bool {
	for i := range reg.Contracts {
		if reg.Contracts[i].Territory.SenderAuthorised(address) {
			return true
		}
	}
	return false
}

// bareAddress returns the address part of "Name <a@b>" or a bare address,
// or "" when s is not an address.
func bareAddress(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if a, err := netmail.ParseAddress(s); err == nil {
		return a.Address
	}
	return ""
}

func trimIDs(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if id = strings.Trim(strings.TrimSpace(id), "<>"); id != "" {
			out = append(out, id)
		}
	}
	return out
}
