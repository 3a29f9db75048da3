package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/reconcile"
)

// outboxUsage is the synopsis of pactd outbox.
const outboxUsage = "pactd outbox retry N°|--all-failed, ou pactd outbox list [--all] [--json]"

// runOutbox runs "pactd outbox": retry puts a message (by its number, as
// pactd status and pactd outbox list show it) or every failed one back in
// the queue, for the running daemon to send at its next pass; list shows
// the messages of the outbox.
func runOutbox(ctx context.Context, env *cmdEnv, args []string) error {
	if len(args) == 0 {
		return usagef("sous-commande attendue : %s", outboxUsage)
	}
	switch args[0] {
	case "retry":
		return runOutboxRetry(ctx, env, args[1:])
	case "list":
		return runOutboxList(ctx, env, args[1:])
	}
	return usagef("sous-commande inconnue « %s » : %s", args[0], outboxUsage)
}

// runOutboxRetry runs "pactd outbox retry N°|--all-failed". A message
// already sent is a failed check (exit 1); an unknown number is a usage
// error (exit 2).
func runOutboxRetry(ctx context.Context, env *cmdEnv, args []string) error {
	fs, cfgPath := newFlags("outbox retry")
	all := fs.Bool("all-failed", false, "remettre en file tous les courriels en échec")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	var id int64
	switch {
	case *all && len(pos) == 0:
	case !*all && len(pos) == 1:
		if id, err = strconv.ParseInt(pos[0], 10, 64); err != nil || id <= 0 {
			return usagef("« %s » n'est pas un numéro de courriel (pactd status les affiche)", pos[0])
		}
	default:
		return usagef("indiquez un numéro de courriel ou --all-failed : pactd outbox retry N°|--all-failed")
	}
	_, st, err := openConfigured(ctx, env, *cfgPath, false)
	if err != nil {
		return err
	}
	defer st.Close()
	now := time.Now()
	const next = "le service (pactd run) les enverra à son prochain passage, dans la minute"
	if *all {
		ms, err := mail.RetryFailed(ctx, st, now)
		if err != nil {
			return fmt.Errorf("remettre en file les courriels en échec : %w", err)
		}
		if len(ms) == 0 {
			fmt.Fprintln(env.stdout, "Aucun courriel en échec : rien à remettre en file.")
			return nil
		}
		fmt.Fprintf(env.stdout, "%s remis en file d'envoi ; %s :\n", statusPlural(len(ms), "courriel", "courriels"), next)
		for _, m := range ms {
			fmt.Fprintf(env.stdout, "  n° %d  %s  (%s)\n", m.ID, statusShorten(m.Subject, 60), strings.Join(m.To, ", "))
		}
		return nil
	}
	m, err := mail.Retry(ctx, st, id, now)
	switch {
	case errors.Is(err, reconcile.ErrNotFound):
		return usagef("aucun courriel n° %d dans la file d'envoi (pactd outbox list les affiche)", id)
	case errors.Is(err, mail.ErrAlreadySent):
		return failure{fmt.Sprintf("le courriel n° %d (« %s ») a déjà été accepté par le serveur d'envoi le %s : rien à renvoyer",
			id, statusShorten(m.Subject, 60), m.SentAt.In(reconcile.Paris).Format("02/01/2006 à 15:04"))}
	case err != nil:
		return fmt.Errorf("remettre en file le courriel n° %d : %w", id, err)
	}
	fmt.Fprintf(env.stdout, "Courriel n° %d (« %s », à %s) remis en file d'envoi ; %s.\n",
		m.ID, statusShorten(m.Subject, 60), strings.Join(m.To, ", "), strings.Replace(next, "les enverra", "l'enverra", 1))
	return nil
}

// runOutboxList runs "pactd outbox list [--all] [--json]": the newest
// messages of the outbox (the 50 newest; --all for every one), with their
// state and, once purged, the attachments removed.
func runOutboxList(ctx context.Context, env *cmdEnv, args []string) error {
	fs, cfgPath := newFlags("outbox list")
	all := fs.Bool("all", false, "tous les courriels, pas seulement les 50 plus récents")
	asJSON := fs.Bool("json", false, "sortie JSON")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("argument inattendu « %s » : pactd outbox list [--all] [--json]", pos[0])
	}
	_, st, err := openConfigured(ctx, env, *cfgPath, false)
	if err != nil {
		return err
	}
	defer st.Close()
	f := mail.Filter{Limit: 50}
	if *all {
		f.Limit = 0
	}
	ms, err := st.Mails(ctx, f)
	if err != nil {
		return fmt.Errorf("lire la file d'envoi : %w", err)
	}
	if *asJSON {
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(map[string]any{"messages": nonNilMessages(ms)}); err != nil {
			return fmt.Errorf("write outbox JSON: %w", err)
		}
		return nil
	}
	writeOutboxList(env.stdout, ms)
	return nil
}

func nonNilMessages(ms []mail.Message) []mail.Message {
	if ms == nil {
		return []mail.Message{}
	}
	return ms
}

// writeOutboxList prints the messages as a French table.
func writeOutboxList(w io.Writer, ms []mail.Message) {
	if len(ms) == 0 {
		fmt.Fprintln(w, "La file d'envoi est vide.")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "N°\tÉtat\tCréé le\tObjet\tDestinataires\tEssais\tPièces jointes")
	for _, m := range ms {
		to := append(append([]string{}, m.Delivered...), m.To...)
		att := "-"
		if !m.PurgedAt.IsZero() {
			att = "supprimées le " + m.PurgedAt.In(reconcile.Paris).Format("02/01/2006")
			if len(m.Attachments) > 0 {
				att += " (" + strings.Join(m.Attachments, ", ") + ")"
			}
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%s\n", m.ID, m.State.Label(), m.CreatedAt.In(reconcile.Paris).Format("02/01/2006 15:04"),
			statusShorten(m.Subject, 50), statusShorten(strings.Join(to, ", "), 40), m.Attempts, att)
	}
	tw.Flush()
}
