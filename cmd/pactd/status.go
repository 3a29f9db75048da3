package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pactd/pactd/internal/daemon"
	"github.com/pactd/pactd/reconcile"
)

// runStatus prints where every territory stands for each reporting year:
// its one state of the partition (reconcile.PartitionYear: accepted on time
// or late, rejected, set aside, nothing received), receptions, distinct
// files, late (SPEC §6), as a French table or as JSON with --json. --year
// limits it to one year; without it, every contract year up to the current
// one is shown.
func runStatus(ctx context.Context, env *cmdEnv, args []string) error {
	fs, cfgPath := newFlags("status")
	asJSON := fs.Bool("json", false, "écrire la situation en JSON (clés years, statuses, outbox, quarantine, campaign)")
	year := fs.Int("year", 0, "n'afficher que l'exercice de cette `ANNÉE` ; sans elle, chaque exercice des contrats jusqu'à l'année en cours")
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
	entries, err := st.QuarantineEntries(ctx, time.Time{})
	if err != nil {
		return fmt.Errorf("lire la quarantaine : %w", err)
	}
	now := time.Now()
	var parts []reconcile.Partition
	for _, y := range statusYears(reg, subs, *year, now) {
		parts = append(parts, reconcile.PartitionYear(reg, subs, receipts, entries, y, now))
	}
	outbox, err := readOutboxStatus(ctx, st)
	if err != nil {
		return err
	}
	quarantine, err := readQuarantineStatus(ctx, st)
	if err != nil {
		return err
	}
	var years []int
	for _, p := range parts {
		years = append(years, p.Year)
	}
	camp, err := readCampaignStatus(ctx, st, reg, subs, years)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeStatusJSON(env.stdout, parts, outbox, quarantine, camp)
	}
	writeStatusTable(env.stdout, reg, parts, now)
	writeOutboxTable(env.stdout, outbox)
	writeQuarantineTable(env.stdout, quarantine)
	writeCampaignTable(env.stdout, camp)
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
	SIREN    string `json:"siren"`
	Name     string `json:"name"`
	Year     int    `json:"year"`
	Deadline string `json:"deadline"` // YYYY-MM-DD, Paris
	Expected bool   `json:"expected"`
	// State is the territory's one state (reconcile.State), StateLabel
	// says it in French.
	State       reconcile.State `json:"state"`
	StateLabel  string          `json:"state_label"`
	Received    int             `json:"received"`    // receptions, duplicates included
	Submissions int             `json:"submissions"` // distinct files recorded
	Accepted    int             `json:"accepted"`
	Rejected    int             `json:"rejected"`
	SetAside    int             `json:"set_aside"` // files quarantined that claim the territory
	Late        bool            `json:"late"`
	Missing     bool            `json:"missing"` // deadline passed, nothing accepted
	Counted     *countedJSON    `json:"counted"`
}

// yearJSON is the partition of one year: its counts add up to expected.
type yearJSON struct {
	Year     int             `json:"year"`
	Deadline string          `json:"deadline"`
	Tally    reconcile.Tally `json:"tally"`
	Late     int             `json:"late"`
}

// countedJSON names the submission that counts.
type countedJSON struct {
	ID         int64     `json:"id"`
	File       string    `json:"file"`
	SHA256     string    `json:"sha256"`
	ReceivedAt time.Time `json:"received_at"`
}

func writeStatusJSON(w io.Writer, parts []reconcile.Partition, outbox *outboxStatus, quarantine []quarantineStatusEntry, camp []campaignYear) error {
	out := struct {
		Years      []yearJSON              `json:"years"`
		Statuses   []statusJSON            `json:"statuses"`
		Outbox     *outboxStatus           `json:"outbox,omitempty"`
		Quarantine []quarantineStatusEntry `json:"quarantine"` // newest first
		Campaign   []campaignYear          `json:"campaign"`   // years pactd sent workbooks for
	}{Years: []yearJSON{}, Statuses: []statusJSON{}, Outbox: outbox, Quarantine: quarantine, Campaign: camp}
	for _, p := range parts {
		deadline := p.Deadline.In(reconcile.Paris).Format(time.DateOnly)
		out.Years = append(out.Years, yearJSON{Year: p.Year, Deadline: deadline, Tally: p.Tally, Late: p.Late()})
		for _, ts := range p.Territories {
			st := ts.Status
			j := statusJSON{SIREN: st.Territory.SIREN, Name: st.Territory.Name, Year: st.Year, Deadline: deadline,
				Expected: st.Expected, State: ts.State, StateLabel: ts.Label(), Received: st.Receipts,
				Submissions: st.Submissions, Accepted: st.Accepted, Rejected: st.Rejected, SetAside: len(ts.SetAside),
				Late: ts.Late(), Missing: ts.Overdue && !ts.State.Accepted()}
			if c := st.Counted; c != nil {
				j.Counted = &countedJSON{ID: c.ID, File: c.FileName, SHA256: c.SHA256, ReceivedAt: c.ReceivedAt}
			}
			out.Statuses = append(out.Statuses, j)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write status JSON: %w", err)
	}
	return nil
}

// writeStatusTable prints one table per year, its partition adding up to
// the territories expected, then who is late.
func writeStatusTable(w io.Writer, reg *reconcile.Register, parts []reconcile.Partition, now time.Time) {
	fmt.Fprintf(w, "État des remontées au %s (registre version %d).\n", now.In(reconcile.Paris).Format("02/01/2006 à 15:04"), reg.Version)
	if len(parts) == 0 {
		fmt.Fprintln(w, "Aucun contrat ne couvre les années demandées.")
		return
	}
	yesNo := func(b bool) string {
		if b {
			return "oui"
		}
		return "non"
	}
	for _, p := range parts {
		state := "à venir"
		if p.Overdue() {
			state = "passée"
		}
		fmt.Fprintf(w, "\nAnnée %d, date limite le %s (%s)\n", p.Year, p.Deadline.In(reconcile.Paris).Format("02/01/2006"), state)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "SIREN\tTerritoire\tSituation\tRéceptions\tFichiers\tAcceptés\tRejetés\tMis de côté\tEn retard\tDépôt retenu")
		// As French readers look a territory up: by proper name.
		rows := append([]reconcile.TerritoryState(nil), p.Territories...)
		sort.SliceStable(rows, func(i, j int) bool {
			return reconcile.LessTerritory(rows[i].Status.Territory, rows[j].Status.Territory)
		})
		for _, ts := range rows {
			st := ts.Status
			counted := "-"
			if c := st.Counted; c != nil {
				counted = fmt.Sprintf("n° %d du %s", c.ID, c.ReceivedAt.In(reconcile.Paris).Format("02/01/2006"))
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\t%s\n", st.Territory.SIREN, statusShorten(st.Territory.Name, 36),
				ts.Label(), st.Receipts, st.Submissions, st.Accepted, st.Rejected, len(ts.SetAside), yesNo(ts.Late()), counted)
		}
		tw.Flush()
		t := p.Tally
		fmt.Fprintf(w, "%s = %s + %s + %s + %s + %s ; %s.\n",
			statusPlural(t.Expected, "territoire attendu", "territoires attendus"),
			statusPlural(t.Accepted, "accepté dans les délais", "acceptés dans les délais"),
			statusPlural(t.AcceptedLate, "accepté hors délai", "acceptés hors délai"),
			statusPlural(t.Rejected, "rejeté à corriger", "rejetés à corriger"),
			statusPlural(t.SetAside, "mis de côté", "mis de côté"),
			statusPlural(t.NotReceived, "sans envoi", "sans envoi"), statusPlural(p.Late(), "en retard", "en retard"))
		var late []string
		for _, s := range []reconcile.State{reconcile.StateRejected, reconcile.StateSetAside, reconcile.StateNotReceived} {
			for _, ts := range rows {
				if ts.State == s && ts.Overdue {
					late = append(late, fmt.Sprintf("- %s (SIREN %s) : %s", ts.Status.Territory.Name, ts.Status.Territory.SIREN,
						strings.ToLower(ts.Label())))
				}
			}
		}
		if len(late) > 0 {
			fmt.Fprintf(w, "Sans rapport accepté après la date limite (%d) :\n%s\n", len(late), strings.Join(late, "\n"))
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
