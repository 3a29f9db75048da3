package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pactd/pactd/internal/daemon"
	"github.com/pactd/pactd/reconcile"
)

// runStatus prints where every territory stands for each reporting year:
// expected, receptions, distinct files, accepted, rejected, late, missing
// (SPEC §6), as a French table or as JSON with --json. --year limits it to
// one year; without it, every contract year up to the current one is shown.
func runStatus(ctx context.Context, env *cmdEnv, args []string) error {
	fs, cfgPath := newFlags("status")
	asJSON := fs.Bool("json", false, "sortie JSON")
	year := fs.Int("year", 0, "année du compte rendu")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("argument inattendu « %s » : pactd status [--year A] [--json]", pos[0])
	}
	if *year != 0 && (*year < reconcile.FirstYear || *year > reconcile.LastYear) {
		return usagef("l'année %d est hors de la période des contrats (%d à %d)", *year, reconcile.FirstYear, reconcile.LastYear)
	}
	_, st, err := openConfigured(ctx, env, *cfgPath, false)
	if err != nil {
		return err
	}
	defer st.Close()
	reg, err := daemon.LatestRegister(ctx, st)
	if err != nil {
		return err
	}
	subs, err := st.Submissions(ctx, reconcile.SubmissionFilter{})
	if err != nil {
		return fmt.Errorf("lire les dépôts enregistrés : %w", err)
	}
	receipts, err := st.Receipts(ctx, 0)
	if err != nil {
		return fmt.Errorf("lire les réceptions enregistrées : %w", err)
	}
	now := time.Now()
	var statuses []reconcile.ReportingStatus
	for _, y := range statusYears(reg, subs, *year, now) {
		statuses = append(statuses, reconcile.Statuses(reg, subs, receipts, y, now)...)
	}
	outbox, err := readOutboxStatus(ctx, st)
	if err != nil {
		return err
	}
	quarantine, err := readQuarantineStatus(ctx, st)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeStatusJSON(env.stdout, statuses, outbox, quarantine)
	}
	writeStatusTable(env.stdout, reg, statuses, now)
	writeOutboxTable(env.stdout, outbox)
	writeQuarantineTable(env.stdout, quarantine)
	return nil
}

// statusYears returns the years to show: only, when set; otherwise every
// contract year some contract covers, up to the current year in Paris,
// and any later year that already has submissions.
func statusYears(reg *reconcile.Register, subs []reconcile.Submission, only int, now time.Time) []int {
	if only != 0 {
		return []int{only}
	}
	received := map[int]bool{}
	for _, s := range subs {
		received[s.Year] = true
	}
	var years []int
	for y := reconcile.FirstYear; y <= reconcile.LastYear; y++ {
		if y > now.In(reconcile.Paris).Year() && !received[y] {
			continue
		}
		for i := range reg.Contracts {
			if reg.Contracts[i].Covers(y) {
				years = append(years, y)
				break
			}
		}
	}
	return years
}

// statusJSON is one line of pactd status --json.
type statusJSON struct {
	SIREN       string       `json:"siren"`
	Name        string       `json:"name"`
	Year        int          `json:"year"`
	Deadline    string       `json:"deadline"` // YYYY-MM-DD, Paris
	Expected    bool         `json:"expected"`
	Received    int          `json:"received"`    // receptions, duplicates included
	Submissions int          `json:"submissions"` // distinct files
	Accepted    int          `json:"accepted"`
	Rejected    int          `json:"rejected"`
	Late        bool         `json:"late"`
	Missing     bool         `json:"missing"`
	Counted     *countedJSON `json:"counted"`
}

// countedJSON names the submission that counts.
type countedJSON struct {
	ID         int64     `json:"id"`
	File       string    `json:"file"`
	SHA256     string    `json:"sha256"`
	ReceivedAt time.Time `json:"received_at"`
}

func writeStatusJSON(w io.Writer, statuses []reconcile.ReportingStatus, outbox *outboxStatus, quarantine []quarantineStatusEntry) error {
	out := struct {
		Statuses   []statusJSON            `json:"statuses"`
		Outbox     *outboxStatus           `json:"outbox,omitempty"`
		Quarantine []quarantineStatusEntry `json:"quarantine"` // newest first
	}{Statuses: []statusJSON{}, Outbox: outbox, Quarantine: quarantine}
	for _, st := range statuses {
		j := statusJSON{SIREN: st.Territory.SIREN, Name: st.Territory.Name, Year: st.Year,
			Deadline: st.Deadline.In(reconcile.Paris).Format(time.DateOnly), Expected: st.Expected,
			Received: st.Receipts, Submissions: st.Submissions, Accepted: st.Accepted, Rejected: st.Rejected,
			Late: st.Late, Missing: st.Missing}
		if c := st.Counted; c != nil {
			j.Counted = &countedJSON{ID: c.ID, File: c.FileName, SHA256: c.SHA256, ReceivedAt: c.ReceivedAt}
		}
		out.Statuses = append(out.Statuses, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write status JSON: %w", err)
	}
	return nil
}

// writeStatusTable prints one table per year, then the missing reports.
func writeStatusTable(w io.Writer, reg *reconcile.Register, statuses []reconcile.ReportingStatus, now time.Time) {
	fmt.Fprintf(w, "État des remontées au %s (registre version %d).\n", now.In(reconcile.Paris).Format("02/01/2006 à 15:04"), reg.Version)
	if len(statuses) == 0 {
		fmt.Fprintln(w, "Aucun contrat ne couvre les années demandées.")
		return
	}
	yesNo := func(b bool) string {
		if b {
			return "oui"
		}
		return "non"
	}
	for i := 0; i < len(statuses); {
		year := statuses[i].Year
		j := i
		for j < len(statuses) && statuses[j].Year == year {
			j++
		}
		group := statuses[i:j]
		deadline := group[0].Deadline
		state := "à venir"
		if now.After(deadline) {
			state = "passée"
		}
		fmt.Fprintf(w, "\nAnnée %d, date limite le %s (%s)\n", year, deadline.In(reconcile.Paris).Format("02/01/2006"), state)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "SIREN\tTerritoire\tAttendu\tRéceptions\tFichiers\tAcceptés\tRejetés\tEn retard\tManquant\tDépôt retenu")
		var accepted, late, missing int
		for _, st := range group {
			counted := "-"
			if c := st.Counted; c != nil {
				counted = fmt.Sprintf("n° %d du %s", c.ID, c.ReceivedAt.In(reconcile.Paris).Format("02/01/2006"))
				accepted++
			}
			if st.Late {
				late++
			}
			if st.Missing {
				missing++
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\t%s\n", st.Territory.SIREN, statusShorten(st.Territory.Name, 36),
				yesNo(st.Expected), st.Receipts, st.Submissions, st.Accepted, st.Rejected, yesNo(st.Late), yesNo(st.Missing), counted)
		}
		tw.Flush()
		fmt.Fprintf(w, "%s, %s, %s, %s.\n",
			statusPlural(len(group), "territoire attendu", "territoires attendus"),
			statusPlural(accepted, "territoire avec un rapport accepté", "territoires avec un rapport accepté"),
			statusPlural(late, "territoire en retard", "territoires en retard"),
			statusPlural(missing, "rapport manquant", "rapports manquants"))
		i = j
	}
	if fs := reconcile.MissingReports(statuses); len(fs) > 0 {
		fmt.Fprintln(w, "\nRapports manquants :")
		for _, f := range fs {
			fmt.Fprintf(w, "- %s\n", f.Message)
		}
	}
}

// statusShorten cuts a territory name to n characters for a table column.
func statusShorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// statusPlural writes "1 territoire", "0 territoire", "3 territoires".
func statusPlural(n int, one, many string) string {
	if n > 1 {
		return fmt.Sprintf("%d %s", n, many)
	}
	return fmt.Sprintf("%d %s", n, one)
}
