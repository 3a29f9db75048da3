package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/internal/config"
	"github.com/pactd/pactd/reconcile"
)

// runIngest runs "pactd ingest [--dry-run] [--json] [--from ADRESSE]
// FICHIER...": each file goes through the intake pipeline as if dropped in
// the watched folder (parse, sender check when --from is given, reconcile
// against the latest register, store). With --dry-run nothing is stored or
// sent. It prints a French summary per file, or SPEC §6's JSON object per
// file with --json, and exits with status 1 when any file is rejected.
// This command sends no acknowledgment.
func runIngest(ctx context.Context, env *cmdEnv, args []string) error {
	fs, cfgPath := newFlags("ingest")
	dryRun := fs.Bool("dry-run", false, "analyser sans rien enregistrer ni envoyer")
	asJSON := fs.Bool("json", false, "sortie JSON")
	from := fs.String("from", "", "adresse de l'expéditeur à contrôler")
	files, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("indiquez au moins un fichier : pactd ingest [--dry-run] [--json] [--from ADRESSE] FICHIER...")
	}
	cfg, st, err := openConfigured(ctx, env, *cfgPath, false)
	if err != nil {
		return err
	}
	defer st.Close()
	p := &ingest.Pipeline{Store: st, Limits: cfg.Limits(), Tolerances: cfg.Tolerances(), DryRun: *dryRun, Log: zerolog.Nop()}
	// Every file must be there before any is processed: the files are
	// then processed in parallel, recorded and printed in their order.
	for _, path := range files {
		if err := checkReadable(path); err != nil {
			return err
		}
	}
	rejected := false
	enc := json.NewEncoder(env.stdout)
	enc.SetEscapeHTML(false)
	load := func(i int) (ingest.Incoming, error) { return incomingFile(files[i], *from) }
	err = ingest.ProcessInOrder(ctx, p, len(files), 0, load, func(i int, out ingest.Outcome, err error) error {
		if errors.Is(err, ingest.ErrNoRegister) {
			return fmt.Errorf("aucun registre des engagements n'a été importé : lancez d'abord pactd register import FICHIER")
		}
		var usage usageError
		if errors.As(err, &usage) {
			return err // the file could not be read
		}
		if err != nil {
			return fmt.Errorf("traiter le fichier %s : %w", files[i], err)
		}
		rep := outcomeJSON(out)
		if rep.Status == reconcile.Rejected || out.Quarantined {
			rejected = true
		}
		if *asJSON {
			if err := enc.Encode(rep); err != nil {
				return fmt.Errorf("écrire le résultat : %w", err)
			}
			return nil
		}
		printIngestSummary(env.stdout, rep, *dryRun)
		return nil
	})
	if err != nil {
		return err
	}
	if rejected {
		return errRejected
	}
	return nil
}

// checkReadable returns the usage error incomingFile would give when path
// cannot be opened.
func checkReadable(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return usagef("le fichier %s est introuvable", path)
	}
	if err != nil {
		return usagef("le fichier %s ne peut pas être lu (%s)", path, config.FileReason(err))
	}
	return f.Close()
}

// incomingFile reads a file given on the command line.
func incomingFile(path, from string) (ingest.Incoming, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return ingest.Incoming{}, usagef("le fichier %s est introuvable", path)
	}
	if err != nil {
		return ingest.Incoming{}, usagef("le fichier %s ne peut pas être lu (%s)", path, config.FileReason(err))
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	return ingest.Incoming{
		Name:       filepath.Base(path),
		Content:    data,
		Origin:     reconcile.Origin{Kind: reconcile.OriginCommand, Sender: strings.TrimSpace(from), Path: abs},
		ReceivedAt: time.Now(),
	}, nil
}

// outcomeJSON builds the JSON object of a processed file.
func outcomeJSON(out ingest.Outcome) ingestReport {
	var rep ingestReport
	if out.Submission != nil {
		rep = reportJSON(out.Submission)
	}
	rep.Receipt = out.Receipt.Number
	rep.Duplicate = out.Receipt.Duplicate
	if out.Quarantined {
		rep.Quarantined, rep.Reason = true, out.Reason
		rep.Status = reconcile.Rejected
	}
	return rep
}

// printIngestSummary writes the French summary of one processed file.
func printIngestSummary(w io.Writer, rep ingestReport, dryRun bool) {
	counts := map[reconcile.Severity]int{}
	for _, f := range rep.Findings {
		counts[f.Severity]++
	}
	fmt.Fprintf(w, "%s : %s", rep.File, rep.Status.Label())
	if len(rep.Findings) == 0 {
		fmt.Fprint(w, ", aucun constat")
	} else {
		fmt.Fprintf(w, " (%s)", ingestCounts(counts))
	}
	fmt.Fprintln(w, ".")
	if rep.SIREN != nil && rep.Year != nil {
		fmt.Fprintf(w, "  SIREN %s, année %d, modèle %s : %d action%s, %d indicateur%s.\n", *rep.SIREN, *rep.Year,
			orDash(rep.Template), len(rep.Actions), ingestPlural(len(rep.Actions)), len(rep.Indicators), ingestPlural(len(rep.Indicators)))
	}
	fmt.Fprintf(w, "  Empreinte SHA-256 : %s.\n", rep.SHA256)
	switch {
	case dryRun:
		fmt.Fprintln(w, "  Essai : rien n'a été enregistré ni envoyé.")
	case rep.Quarantined:
		fmt.Fprintf(w, "  Mis en quarantaine (%s) : %s\n", rep.Receipt, rep.Reason)
	case rep.Duplicate:
		fmt.Fprintf(w, "  Déjà reçu : ce fichier est identique à un dépôt enregistré ; réception %s notée, le fichier n'est pas compté une seconde fois.\n", rep.Receipt)
	case rep.Receipt != "":
		fmt.Fprintf(w, "  Enregistré : accusé de réception %s (aucun courriel n'est envoyé par cette commande).\n", rep.Receipt)
	}
	if rep.Quarantined && dryRun {
		fmt.Fprintf(w, "  Serait mis en quarantaine : %s\n", rep.Reason)
	}
	for _, f := range rep.Findings {
		where := ""
		if len(f.Cells) > 0 {
			where = " " + strings.Join(f.Cells, ", ")
		}
		fmt.Fprintf(w, "  [%s] %s%s : %s\n", f.Severity, f.Code, where, f.Message)
	}
}

// ingestCounts says "1 bloquant, 2 alertes, 1 info".
func ingestCounts(counts map[reconcile.Severity]int) string {
	var parts []string
	for _, s := range []struct {
		sev  reconcile.Severity
		name string
	}{{reconcile.Bloquant, "bloquant"}, {reconcile.Alerte, "alerte"}, {reconcile.Info, "info"}} {
		if n := counts[s.sev]; n > 0 {
			name := s.name
			if n > 1 && s.sev != reconcile.Info {
				name += "s"
			}
			parts = append(parts, fmt.Sprintf("%d %s", n, name))
		}
	}
	return strings.Join(parts, ", ")
}

func ingestPlural(n int) string {
	if n > 1 {
		return "s"
	}
	return ""
}

func orDash(s *string) string {
	if s == nil {
		return "—"
	}
	return *s
}
