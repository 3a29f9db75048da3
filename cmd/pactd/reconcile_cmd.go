package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"github.com/pactd/pactd/internal/daemon"
	"github.com/pactd/pactd/reconcile"
)

// runReconcile recomputes the findings of the submission that counts for
// each territory and year (the newest accepted one, or the newest one when
// none was accepted) against the latest register (a workbook made from an
// earlier version whose commitments changed since: against that version, as
// intake checked it, with CLASSEUR_REMPLACE), from the report stored
// with it, and prints them in French or, with --json, as {"findings": [...]}
// with the objects of pactd ingest --json. It stores nothing. It exits 1
// when any recomputed finding is bloquant.
func runReconcile(ctx context.Context, env *cmdEnv, args []string) error {
	fs, cfgPath := newFlags("reconcile")
	siren := fs.String("siren", "", "ne recalculer que le territoire de ce `SIREN` (neuf chiffres) ; sans lui, tous")
	year := fs.Int("year", 0, "ne recalculer que l'exercice de cette `ANNÉE` ; sans elle, tous")
	asJSON := fs.Bool("json", false, "écrire les constats en JSON, {\"findings\": […]}")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("argument inattendu « %s » : pactd reconcile [--siren S] [--year A] [--json]", pos[0])
	}
	if *siren != "" && !reconcile.ValidSIREN(*siren) {
		return usagef("« %s » n'est pas un numéro SIREN valide (9 chiffres)", *siren)
	}
	if *year != 0 && (*year < reconcile.FirstYear || *year > reconcile.LastYear) {
		return usagef("l'année %d est hors de la période des contrats (%d à %d)", *year, reconcile.FirstYear, reconcile.LastYear)
	}
	cfg, st, err := openConfigured(ctx, env, *cfgPath, false)
	if err != nil {
		return err
	}
	defer st.Close()
	reg, err := daemon.LatestRegister(ctx, st)
	if err != nil {
		return err
	}
	subs, err := st.Submissions(ctx, reconcile.SubmissionFilter{SIREN: *siren})
	if err != nil {
		return fmt.Errorf("lire les dépôts enregistrés : %w", err)
	}
	versions := map[int64]*reconcile.Register{reg.Version: reg}
	var loadErr error
	version := func(v int64) *reconcile.Register {
		r, ok := versions[v]
		if !ok {
			var err error
			if r, err = st.RegisterVersion(ctx, v); err != nil && loadErr == nil {
				loadErr = fmt.Errorf("lire la version %d du registre des engagements : %w", v, err)
			}
			versions[v] = r
		}
		return r
	}
	results := recomputeAll(reg, version, subs, *year, cfg.Tolerances())
	if loadErr != nil {
		return loadErr
	}
	if *asJSON {
		err = writeReconcileJSON(env.stdout, results)
	} else {
		writeReconcileText(env.stdout, reg, results, *siren, *year)
	}
	if err != nil {
		return err
	}
	for _, r := range results {
		if r.verdict == reconcile.Rejected {
			return errRejected
		}
	}
	return nil
}

// recomputed is the outcome of reconciling one stored submission again.
type recomputed struct {
	sub      *reconcile.Submission
	counted  bool // the newest accepted submission, rather than the newest one
	findings []reconcile.Finding
	verdict  reconcile.Verdict
}

// recomputeAll picks, for each territory and year (year 0: all years), the
// counted submission or else the newest one, and reconciles its stored
// report against reg with the counted reports of the other years as
// history. Submissions without SIREN, year or stored report are skipped.
// version returns an earlier register version (nil when it cannot): a
// workbook made from it, whose fingerprint the latest version no longer
// gives, is checked against its own commitments (ownRegister).
func recomputeAll(reg *reconcile.Register, version func(int64) *reconcile.Register, subs []reconcile.Submission, year int, tol reconcile.Tolerances) []recomputed {
	type key struct {
		siren string
		year  int
	}
	counted := map[key]*reconcile.Submission{}
	latest := map[key]*reconcile.Submission{}
	newer := func(s, cur *reconcile.Submission) bool {
		if cur == nil {
			return true
		}
		if !s.ReceivedAt.Equal(cur.ReceivedAt) {
			return s.ReceivedAt.After(cur.ReceivedAt)
		}
		return s.ID > cur.ID
	}
	for i := range subs {
		s := &subs[i]
		if s.SIREN == "" || s.Year == 0 || s.Report == nil {
			continue
		}
		k := key{s.SIREN, s.Year}
		if s.Verdict == reconcile.Accepted && newer(s, counted[k]) {
			counted[k] = s
		}
		if newer(s, latest[k]) {
			latest[k] = s
		}
	}
	var keys []key
	for k := range latest {
		if year == 0 || k.year == year {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].siren != keys[j].siren {
			return keys[i].siren < keys[j].siren
		}
		return keys[i].year < keys[j].year
	})
	var out []recomputed
	for _, k := range keys {
		sub, isCounted := counted[k], true
		if sub == nil {
			sub, isCounted = latest[k], false
		}
		history := map[int]*reconcile.Report{}
		for y := reconcile.FirstYear; y <= reconcile.LastYear; y++ {
			if c := counted[key{k.siren, y}]; c != nil && y != k.year {
				history[y] = c.Report
			}
		}
		// Findings the rules do not recompute: the sender check of intake, and
		// the workbook made from an earlier register version.
		var kept []reconcile.Finding
		for _, f := range sub.Findings {
			if f.Code == reconcile.ExpediteurNonAutorise {
				kept = append(kept, f)
			}
		}
		against := reg
		if old := ownRegister(reg, version, sub); old != nil {
			against = old
			kept = append(kept, reconcile.ReplacedWorkbook(sub.SIREN, sub.Year, old.Version, reg.Version))
		}
		fs, v := reconcile.Evaluate(reconcile.CheckInput{Register: against, Report: sub.Report, History: history,
			ReceivedAt: sub.ReceivedAt, Tolerances: tol}, kept...)
		out = append(out, recomputed{sub: sub, counted: isCounted, findings: fs, verdict: v})
	}
	return out
}

// ownRegister returns the earlier register version sub's workbook was made
// from when the latest one changed its territory's commitments since (the
// fingerprint of the workbook is that version's, not reg's), as intake
// decided when it recorded sub; nil otherwise.
func ownRegister(reg *reconcile.Register, version func(int64) *reconcile.Register, sub *reconcile.Submission) *reconcile.Register {
	if version == nil || sub.RegisterVersion == 0 || sub.RegisterVersion >= reg.Version || sub.Report.Fingerprint == "" {
		return nil
	}
	if c := reg.Contract(sub.SIREN); c != nil && c.Covers(sub.Year) && reconcile.Fingerprint(c, sub.Year) == sub.Report.Fingerprint {
		return nil
	}
	old := version(sub.RegisterVersion)
	if old == nil {
		return nil
	}
	if oc := old.Contract(sub.SIREN); oc == nil || !oc.Covers(sub.Year) || reconcile.Fingerprint(oc, sub.Year) != sub.Report.Fingerprint {
		return nil
	}
	return old
}

// reconcileFindingJSON is a finding of pactd reconcile --json: the object
// pactd ingest --json prints, with the territory and year it is about,
// since one run covers many submissions.
type reconcileFindingJSON struct {
	SIREN string `json:"siren"`
	Year  int    `json:"year"`
	findingJSON
}

// writeReconcileJSON prints {"findings": [...]} with every recomputed
// finding, in the form pactd ingest --json uses.
func writeReconcileJSON(w io.Writer, results []recomputed) error {
	out := struct {
		Findings []reconcileFindingJSON `json:"findings"`
	}{Findings: []reconcileFindingJSON{}}
	for _, r := range results {
		for _, f := range findingsJSON(r.findings) {
			out.Findings = append(out.Findings, reconcileFindingJSON{SIREN: r.sub.SIREN, Year: r.sub.Year, findingJSON: f})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write findings JSON: %w", err)
	}
	return nil
}

// writeReconcileText prints, per submission, its verdict (and the stored
// one when it changed) and every finding with its cells, then a summary.
func writeReconcileText(w io.Writer, reg *reconcile.Register, results []recomputed, siren string, year int) {
	fmt.Fprintf(w, "Constats recalculés avec le registre des engagements version %d.\n", reg.Version)
	if len(results) == 0 {
		what := "aucun dépôt enregistré"
		if siren != "" {
			what += " pour le SIREN " + siren
		}
		if year != 0 {
			what += fmt.Sprintf(" pour %d", year)
		}
		fmt.Fprintf(w, "Rien à recalculer : %s.\n", what)
		return
	}
	var accepted, rejected, total int
	count := map[reconcile.Severity]int{}
	for _, r := range results {
		s := r.sub
		name := "SIREN " + s.SIREN
		if c := reg.Contract(s.SIREN); c != nil {
			name = fmt.Sprintf("%s (SIREN %s)", c.Territory.Name, s.SIREN)
		}
		which := fmt.Sprintf("dépôt retenu n° %d", s.ID)
		if !r.counted {
			which = fmt.Sprintf("dépôt n° %d (le plus récent ; aucun n'a été accepté)", s.ID)
		}
		fmt.Fprintf(w, "\n%s, %d : %s, %s reçu le %s.\n", name, s.Year, which, s.FileName,
			s.ReceivedAt.In(reconcile.Paris).Format("02/01/2006 à 15:04"))
		change := ""
		if r.verdict != s.Verdict {
			change = fmt.Sprintf(" (il était %s, contre le registre version %d)", verdictWord(s.Verdict), s.RegisterVersion)
		}
		fmt.Fprintf(w, "Verdict recalculé : %s%s.\n", verdictWord(r.verdict), change)
		if r.verdict == reconcile.Accepted {
			accepted++
		} else {
			rejected++
		}
		if len(r.findings) == 0 {
			fmt.Fprintln(w, "  Aucun constat.")
		}
		for _, f := range r.findings {
			total++
			count[f.Severity]++
			fmt.Fprintf(w, "  [%s] %s : %s\n", f.Severity, f.Code, f.Message)
		}
	}
	fmt.Fprintf(w, "\n%s : %s, %s ; %s (%s, %s, %s).\n",
		statusPlural(len(results), "dépôt recalculé", "dépôts recalculés"), statusPlural(accepted, "accepté", "acceptés"),
		statusPlural(rejected, "rejeté", "rejetés"), statusPlural(total, "constat", "constats"),
		statusPlural(count[reconcile.Bloquant], "bloquant", "bloquants"), statusPlural(count[reconcile.Alerte], "alerte", "alertes"),
		statusPlural(count[reconcile.Info], "info", "infos"))
}

// verdictWord returns "accepté" or "rejeté", for a dépôt.
func verdictWord(v reconcile.Verdict) string {
	if v == reconcile.Rejected {
		return "rejeté"
	}
	return "accepté"
}
