package ingest

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/pactd/pactd/reconcile"
)

// Reasons given, in French, for messages quarantined before any workbook
// reached the pipeline.
const (
	reasonNoWorkbook = "Le message ne contient aucun classeur en pièce jointe : le rapport annuel d'exécution doit être joint au format Excel (.xlsx)."
	reasonTooLarge   = "Le message dépasse la taille maximale acceptée (un classeur de %d Mo au plus) : il n'a pas été lu."
	reasonPartLarge  = "La pièce jointe « %s » dépasse la taille maximale acceptée (%d Mo) : elle n'a pas été lue."
	reasonUnreadable = "Le message n'a pas pu être lu (pièce jointe mal encodée ou endommagée) : %s"
)

// messageJob is a message read from the server and ready to be settled
// off the connection: either a decision already made (e.Dest set), a
// quarantine to record, or workbooks to process.
type messageJob struct {
	e        LedgerMessage
	info     messageInfo
	reason   string // quarantine with this reason when not ""
	reply    bool   // tell the sender about the quarantine
	parts    []workbookPart
	contents [][]byte
}

// prepareMessage reads one message on the connection and returns what is
// left to do with it (finishMessage), or an error: errMessageGone, an
// IMAP or connection error (the session ends), or a store error (the
// message is retried at the next scan). The outcomes:
//
//   - already processed under an earlier UIDVALIDITY (same Message-ID):
//     nothing is processed again; it goes where it was going;
//   - larger than MaxMessageSize, or a workbook part larger than
//     MaxPartSize: quarantined unread, the sender told (if known);
//   - sender not authenticated (IMAPConfig.Auth): quarantined with the
//     check that failed, no reply (the sender cannot be trusted, and a
//     reply to a forged From would be backscatter);
//   - no workbook attached: quarantined, the sender told what to send (if
//     known, and unless the message is itself automatic);
//   - a part the server cannot return or that cannot be decoded:
//     quarantined as unreadable, the sender told (if known);
//   - one or more workbooks, fetched: each goes through the Processor
//     (finishMessage).
func (s *IMAPSource) prepareMessage(ctx context.Context, c *imapclient.Client, uidValidity uint32,
	m *imapclient.FetchMessageBuffer, hdr *imap.FetchItemBodySection) (messageJob, error) {
	info := readMessageInfo(m, hdr)
	if info.received.IsZero() {
		info.received = s.now()
	}
	j := messageJob{info: info, e: LedgerMessage{Account: s.target.account(), Mailbox: s.target.mailbox,
		UIDValidity: uidValidity, UID: info.uid, MessageID: info.messageID, State: LedgerProcessed}}
	log := s.log.With().Uint32("uid", info.uid).Logger()

	if info.messageID != "" {
		prev, err := s.store.IMAPProcessedByMessageID(ctx, j.e.Account, j.e.Mailbox, info.messageID)
		if err != nil {
			return j, err
		}
		for _, p := range prev {
			if p.UIDValidity != uidValidity {
				log.Info().Uint32("earlier_uid_validity", p.UIDValidity).Msg("message already processed; moved only")
				j.e.Dest, j.e.Outcome = p.Dest, p.Outcome
				return j, nil
			}
		}
	}
	quarantine := func(reason string, reply bool) (messageJob, error) {
		j.reason, j.reply = reason, reply
		return j, nil
	}
	if r := findDeliveryReport(m.BodyStructure); r != nil {
		// A bounce of a workbook pactd mailed (dsn.go): recorded, never a
		// submission; others go the usual way below.
		done, outcome, err := s.handleBounce(ctx, c, uidValidity, info, r)
		if err != nil {
			return j, err
		}
		if done {
			j.e.Dest, j.e.Outcome = s.cfg.Processed, outcome
			return j, nil
		}
	}
	if info.size > s.cfg.MaxMessageSize {
		return quarantine(fmt.Sprintf(reasonTooLarge, s.cfg.MaxFileSize>>20), true)
	}
	if v := s.cfg.Auth.Check(info.fromFields, info.authResults); !v.Passed {
		s.stats.auth.add(v.Check)
		log.Warn().Str("auth_check", string(v.Check)).Str("authserv_id", v.AuthServID).Msg("sender not authenticated")
		return quarantine(v.Reason, false)
	} else if v.Check == AuthPassed {
		// The register is compared with the address that was
		// authenticated, never with another reading of the header.
		info.from = v.From
		log.Debug().Str("auth_method", v.Method).Str("authserv_id", v.AuthServID).Msg("sender authenticated")
	}
	j.parts = workbookParts(m.BodyStructure)
	if len(j.parts) == 0 {
		return quarantine(reasonNoWorkbook, true)
	}
	for _, p := range j.parts {
		if p.size > s.cfg.MaxPartSize {
			return quarantine(fmt.Sprintf(reasonPartLarge, p.name, s.cfg.MaxFileSize>>20), true)
		}
	}
	contents, err := s.fetchParts(c, info.uid, j.parts)
	var ie *imap.Error
	var unreadable errUnreadable
	switch {
	case errors.Is(err, errMessageGone):
		return j, err
	case errors.As(err, &ie) || errors.As(err, &unreadable):
		log.Warn().Err(err).Msg("message unreadable")
		return quarantine(fmt.Sprintf(reasonUnreadable, err.Error()), true)
	case err != nil:
		return j, err
	}
	s.contact()
	s.stats.fetched.Add(1)
	s.hook("fetched")
	j.contents = contents
	return j, nil
}

// finishMessage settles a prepared message off the connection, on a
// worker: records its quarantine, or runs each workbook through the
// Processor (each with its own Origin.Key, in turn's order among the
// messages). It returns the ledger entry, state processed, with the folder
// the message goes to: Quarantaine if the pipeline quarantined any of its
// workbooks (unauthorised sender, a territory the sender does not
// represent, unreadable workbook), Traités otherwise. An error means
// nothing it brought is safe to move; the message is retried.
func (s *IMAPSource) finishMessage(ctx context.Context, j messageJob, turn *Turn) (LedgerMessage, error) {
	e, info := j.e, j.info
	switch {
	case e.Dest != "":
		return e, nil
	case j.reason != "":
		if err := s.quarantineMessage(ctx, e.UIDValidity, info, j.reason, j.reply); err != nil {
			return e, err
		}
		e.Dest, e.Outcome = s.cfg.Quarantine, j.reason
		return e, nil
	}
	quarantined := false
	var outcomes []string
	for i, p := range j.parts {
		in := Incoming{
			Name: p.name, Content: j.contents[i], Origin: s.origin(e.UIDValidity, info, partPath(p.path)),
			ReceivedAt: info.received, MessageID: info.messageID, References: info.references,
			Subject: info.subject, Turn: turn,
		}
		out, err := s.proc.Process(ctx, in)
		if err != nil {
			return e, fmt.Errorf("process %s of message %d: %w", p.name, info.uid, err)
		}
		if out.Quarantined {
			quarantined = true
			outcomes = append(outcomes, p.name+" : "+out.Reason)
		} else if out.Submission != nil {
			outcomes = append(outcomes, fmt.Sprintf("%s : rapport %s (%s)", p.name, verdictWord(out.Submission.Verdict), out.Receipt.Number))
		}
	}
	s.hook("committed")
	e.Dest, e.Outcome = s.cfg.Processed, strings.Join(outcomes, " ; ")
	if quarantined {
		e.Dest = s.cfg.Quarantine
	}
	s.log.Info().Uint32("uid", info.uid).Int("workbooks", len(j.parts)).Str("folder", e.Dest).Msg("message processed")
	return e, nil
}

// quarantineMessage records a message that brought no workbook to the
// pipeline, and tells its sender when reply is true, the message is not
// automatic and an Acknowledger is set (it replies to known senders only).
func (s *IMAPSource) quarantineMessage(ctx context.Context, uidValidity uint32, info messageInfo, reason string, reply bool) error {
	o := s.origin(uidValidity, info, "message")
	q := &reconcile.QuarantineEntry{ReceivedAt: info.received, Origin: o, Reason: reason}
	if err := s.store.Quarantine(ctx, q); err != nil {
		return fmt.Errorf("quarantine message %d: %w", info.uid, err)
	}
	s.log.Warn().Uint32("uid", info.uid).Int64("quarantine_id", q.ID).Msg("message quarantined")
	if !reply || info.automatic || s.ack == nil {
		return nil
	}
	in := Incoming{Origin: o, ReceivedAt: info.received, MessageID: info.messageID, References: info.references,
		Subject: info.subject}
	out := Outcome{Quarantined: true, Reason: reason,
		Receipt: reconcile.Receipt{Number: fmt.Sprintf("QR-%06d", q.ID), ReceivedAt: info.received, Origin: o}}
	if err := s.ack.Acknowledge(ctx, in, out); err != nil {
		return fmt.Errorf("acknowledge message %d: %w", info.uid, err)
	}
	return nil
}
