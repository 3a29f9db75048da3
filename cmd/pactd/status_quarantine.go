package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// quarantineShown is how many entries the table of pactd status lists.
const quarantineShown = 10

// quarantineStatusEntry is one quarantined file or message in pactd
// status --json; no content.
type quarantineStatusEntry struct {
	ID         int64     `json:"id"`
	ReceivedAt time.Time `json:"received_at"`
	Kind       string    `json:"origin"`
	Sender     string    `json:"sender,omitempty"`
	Account    string    `json:"account,omitempty"`
	Path       string    `json:"path,omitempty"`
	File       string    `json:"file,omitempty"`
	SIREN      string    `json:"siren,omitempty"`
	Reason     string    `json:"reason"`
}

// readQuarantineStatus lists every quarantine entry, newest first.
func readQuarantineStatus(ctx context.Context, st reconcile.Store) ([]quarantineStatusEntry, error) {
	qs, err := st.QuarantineEntries(ctx, time.Time{})
	if err != nil {
		return nil, fmt.Errorf("lire la quarantaine : %w", err)
	}
	out := make([]quarantineStatusEntry, 0, len(qs))
	for i := len(qs) - 1; i >= 0; i-- {
		q := qs[i]
		out = append(out, quarantineStatusEntry{ID: q.ID, ReceivedAt: q.ReceivedAt, Kind: string(q.Origin.Kind),
			Sender: q.Origin.Sender, Account: q.Origin.Account, Path: q.Origin.Path, File: q.FileName,
			SIREN: q.SIREN, Reason: q.Reason})
	}
	return out, nil
}

// quarantineOrigin says where an entry came from: the sender, else the
// file path, else the kind of origin.
func quarantineOrigin(q quarantineStatusEntry) string {
	switch {
	case q.Sender != "":
		return q.Sender
	case q.Path != "":
		return q.Path
	}
	return q.Kind
}

// writeQuarantineTable prints the "Quarantaine" section of pactd status:
// the count and the newest entries.
func writeQuarantineTable(w io.Writer, qs []quarantineStatusEntry) {
	fmt.Fprintf(w, "\nQuarantaine : %s.\n", statusPlural(len(qs), "élément mis de côté", "éléments mis de côté"))
	if len(qs) == 0 {
		return
	}
	if len(qs) > quarantineShown {
		fmt.Fprintf(w, "Les %d plus récents :\n", quarantineShown)
		qs = qs[:quarantineShown]
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "N°\tReçu le\tOrigine\tFichier\tMotif")
	for _, q := range qs {
		file := q.File
		if file == "" {
			file = "-"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", q.ID, q.ReceivedAt.In(reconcile.Paris).Format("02/01/2006 15:04"),
			statusShorten(quarantineOrigin(q), 40), statusShorten(file, 40), statusShorten(q.Reason, 80))
	}
	tw.Flush()
}
