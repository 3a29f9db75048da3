package main

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/internal/campaign"
	pmail "github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/templates"
)

// sirenFlag collects --siren values, repeated or separated by commas.
type sirenFlag []string

func (s *sirenFlag) String() string { return strings.Join(*s, ",") }

func (s *sirenFlag) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		p = strings.Join(strings.Fields(p), "")
		if p == "" {
			continue
		}
		if !reconcile.ValidSIREN(p) {
			return fmt.Errorf("SIREN %q invalide", p)
		}
		*s = append(*s, p)
	}
	return nil
}

// runTemplatesSend runs "pactd templates send --year Y [--siren S...]
// [--changed] [--dry-run]": it mails each territory expected that year its
// pre-filled workbook through the outbox, from the intake address, once
// (internal/campaign), records it, and makes one delivery pass; what the
// server did not accept yet leaves with the daemon's outbox.
func runTemplatesSend(ctx context.Context, env *cmdEnv, args []string) error {
	const usage = "pactd templates send --year A [--siren S…] [--changed] [--dry-run]"
	fs, cfgPath := newFlags("templates send")
	year := fs.Int("year", 0, "envoyer les classeurs de l'exercice de cette `ANNÉE` (obligatoire)")
	var sirens sirenFlag
	fs.Var(&sirens, "siren", "envoyer de nouveau, exprès, leur classeur aux territoires de ces `SIREN` (option répétable ou SIREN séparés par des virgules) ; le registre de la campagne note ce renvoi")
	changed := fs.Bool("changed", false, "n'envoyer qu'aux territoires dont les engagements ont changé depuis le classeur reçu, leur nouveau classeur avec une phrase disant ce qui a changé")
	dryRun := fs.Bool("dry-run", false, "afficher qui recevrait quel classeur, sans rien envoyer ni enregistrer")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("argument inattendu « %s » : %s", pos[0], usage)
	}
	if *year == 0 {
		return usagef("--year est obligatoire : %s", usage)
	}
	if *year < reconcile.FirstYear || *year > reconcile.LastYear {
		return usagef("l'année %d est hors de la période des contrats (%d à %d)", *year, reconcile.FirstYear, reconcile.LastYear)
	}
	if *changed && len(sirens) > 0 {
		return usagef("--changed et --siren ne vont pas ensemble : --changed choisit lui-même les territoires")
	}

	cfg, st, err := openConfigured(ctx, env, *cfgPath, false)
	if err != nil {
		return err
	}
	defer st.Close()
	from := intakeAddress(cfg)
	if !*dryRun {
		if cfg.SMTP.URL == "" {
			return usagef("%s : indiquez le serveur d'envoi pour envoyer les classeurs", cfg.KeyName("smtp.url"))
		}
		if from == "" {
			return usagef("%s : indiquez l'adresse d'envoi (celle où les territoires renverront leur classeur)", cfg.KeyName("smtp.from"))
		}
	}
	reg, err := registerFor(ctx, st, sirens, *year)
	if err != nil {
		return err
	}
	sends, err := st.CampaignSends(ctx, *year)
	if err != nil {
		return fmt.Errorf("lire le registre de la campagne : %w", err)
	}
	mode := campaign.ModeNew
	switch {
	case len(sirens) > 0:
		mode = campaign.ModeResend
	case *changed:
		mode = campaign.ModeChanged
	}
	items, err := campaign.Plan(ctx, reg, *year, sends, mode, sirens, st.RegisterVersion)
	if err != nil {
		return err
	}
	todo := 0
	for _, it := range items {
		if it.Skip == "" {
			todo++
		}
	}
	if *dryRun {
		printPlan(env, items)
		fmt.Fprintf(env.stdout, "Simulation : %d classeur%s à envoyer pour %d (registre version %d), rien n'a été envoyé.\n",
			todo, plural(todo), *year, reg.Version)
		return nil
	}
	sender, err := pmail.NewSMTP(cfg.SMTP.URL, nil)
	if err != nil {
		return usagef("%s : adresse du serveur d'envoi invalide", cfg.KeyName("smtp.url"))
	}
	display := ""
	if a, err := mail.ParseAddress(cfg.SMTP.From); err == nil {
		display = a.Name
	}
	outbox := pmail.NewOutbox(st, sender, zerolog.Nop())
	q := campaign.Queuer{Store: st, Outbox: outbox, Register: reg,
		Letter: campaign.Letter{From: (&mail.Address{Name: display, Address: from}).String(), ReturnTo: from,
			Service: cfg.Service.Name, Contact: cfg.ServiceContact(), Signature: cfg.Service.Signature},
		Generate: templates.GenerateOptions{SendTo: from, Tolerances: cfg.Tolerances()}}
	queued, qerr := q.Queue(ctx, items)
	printPlan(env, skipped(items))
	for _, d := range queued {
		again := ""
		if !d.New {
			again = " (déjà en file d'une exécution interrompue)"
		}
		fmt.Fprintf(env.stdout, "%s %s : %s → %s [%s]%s\n", d.Send.SIREN, d.Item.Contract.Territory.Name, d.Send.FileName,
			strings.Join(d.Send.To, ", "), d.Send.Reason.Label(), again)
	}
	if qerr != nil {
		return fmt.Errorf("mettre les classeurs dans la file d'envoi (%d mis en file avant l'erreur) : %w", len(queued), qerr)
	}
	accepted := 0
	if len(queued) > 0 {
		flushCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
		_, ferr := outbox.Flush(flushCtx)
		cancel()
		for _, d := range queued {
			if m, err := st.MailByKey(ctx, d.Send.OutboxKey); err == nil && m.State == pmail.Sent {
				accepted++
			}
		}
		if ferr != nil {
			fmt.Fprintf(env.stderr, "Le serveur d'envoi n'a pas pu être joint (%v) : les classeurs partiront avec le service (pactd run).\n", ferr)
		}
	}
	fmt.Fprintf(env.stdout, "%d classeur%s mis en file pour %d (registre version %d), %d accepté%s par le serveur d'envoi",
		len(queued), plural(len(queued)), *year, reg.Version, accepted, plural(accepted))
	if rest := len(queued) - accepted; rest > 0 {
		fmt.Fprintf(env.stdout, " ; les %d autres partiront avec le service (pactd run), pactd status dit où ils en sont", rest)
	}
	fmt.Fprintln(env.stdout, ".")
	return nil
}

// printPlan prints one line per item: what would be sent, or why not.
func printPlan(env *cmdEnv, items []campaign.Item) {
	for _, it := range items {
		t := it.Contract.Territory
		if it.Skip != "" {
			fmt.Fprintf(env.stdout, "%s %s : rien à envoyer, %s.\n", t.SIREN, t.Name, it.Skip)
			continue
		}
		fmt.Fprintf(env.stdout, "%s %s : %s (empreinte %s) → %s [%s]", t.SIREN, t.Name, it.FileName, it.Fingerprint,
			strings.Join(it.To, ", "), it.Reason.Label())
		if it.Note != "" {
			fmt.Fprintf(env.stdout, " — %s", it.Note)
		}
		fmt.Fprintln(env.stdout)
	}
}

// skipped returns the items a run sends nothing for.
func skipped(items []campaign.Item) []campaign.Item {
	var out []campaign.Item
	for _, it := range items {
		if it.Skip != "" {
			out = append(out, it)
		}
	}
	return out
}

func plural(n int) string {
	if n > 1 {
		return "s"
	}
	return ""
}
