package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pactd/pactd/internal/mailstate"
	"github.com/pactd/pactd/reconcile"
)

// outboxStatus is what pactd status says of outgoing mail: the messages
// not yet accepted by the SMTP server (pending) and those refused for good
// (failed), newest first.
type outboxStatus struct {
	Pending  int               `json:"pending"`
	Failed   int               `json:"failed"`
	Messages []outboxStatusMsg `json:"messages"`
}

// outboxStatusMsg is one pending or failed message; no body, no secret.
type outboxStatusMsg struct {
	ID          int64     `json:"id"` // for pactd outbox retry
	State       string    `json:"state"`
	Kind        string    `json:"kind"`
	Subject     string    `json:"subject"`
	To          []string  `json:"to"`
	Attempts    int       `json:"attempts"`
	NextAttempt time.Time `json:"next_attempt,omitzero"`
	LastError   string    `json:"last_error,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// readOutboxStatus reads the outbox of stores that keep one (both do).
func readOutboxStatus(ctx context.Context, st reconcile.Store) (*outboxStatus, error) {
	ob, ok := st.(mailstate.OutboxStore)
	if !ok {
		return nil, nil
	}
	out := &outboxStatus{Messages: []outboxStatusMsg{}}
	for _, state := range []mailstate.State{mailstate.Failed, mailstate.Pending} {
		ms, err := ob.Mails(ctx, mailstate.Filter{State: state})
		if err != nil {
			return nil, fmt.Errorf("lire la file d'envoi : %w", err)
		}
		for _, m := range ms {
			out.Messages = append(out.Messages, outboxStatusMsg{ID: m.ID, State: string(m.State), Kind: m.Kind, Subject: m.Subject,
				To: m.To, Attempts: m.Attempts, NextAttempt: m.NextAttempt, LastError: m.LastError, CreatedAt: m.CreatedAt})
		}
		if state == mailstate.Failed {
			out.Failed = len(ms)
		} else {
			out.Pending = len(ms)
		}
	}
	return out, nil
}

// writeOutboxTable prints the outbox section of pactd status.
func writeOutboxTable(w io.Writer, ob *outboxStatus) {
	if ob == nil {
		return
	}
	fmt.Fprintf(w, "\nCourriels sortants : %s, %s.\n", statusPlural(ob.Pending, "en attente d'envoi", "en attente d'envoi"),
		statusPlural(ob.Failed, "en échec", "en échec"))
	if len(ob.Messages) == 0 {
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "N°\tÉtat\tObjet\tDestinataires\tEssais\tProchain essai\tDernière erreur")
	for _, m := range ob.Messages {
		next := "-"
		if m.State == string(mailstate.Pending) && !m.NextAttempt.IsZero() {
			next = m.NextAttempt.In(reconcile.Paris).Format("02/01/2006 15:04")
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\t%s\n", m.ID, mailstate.State(m.State).Label(), statusShorten(m.Subject, 50),
			strings.Join(m.To, ", "), m.Attempts, next, statusShorten(m.LastError, 60))
	}
	tw.Flush()
	if ob.Failed > 0 {
		fmt.Fprintln(w, "Pour renvoyer les courriels en échec une fois la cause corrigée : pactd outbox retry --all-failed (ou le numéro d'un seul).")
	}
}
