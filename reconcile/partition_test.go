package reconcile_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// partitionRegister has six territories covering 2025, one per situation
// the partition must tell apart, and one contract that ended in 2024.
func partitionRegister() *reconcile.Register {
	reg := statusRegister() // testSIREN, 200046977 (Lyon) and an ended contract
	base := reg.Contracts[0]
	for _, t := range []struct{ siren, name string }{
		{"221000052", "Département de l'Aube"}, {"221100019", "Département de l'Aude"},
		{"243300316", "Bordeaux Métropole"}, {"223700014", "Département d'Indre-et-Loire"},
	} {
		c := base
		for i := range reg.Contracts {
			if reg.Contracts[i].Territory.SIREN == testSIREN {
				c = reg.Contracts[i]
			}
		}
		c.Territory.SIREN, c.Territory.Name = t.siren, t.name
		reg.Contracts = append(reg.Contracts, c)
	}
	reg.Sort()
	return reg
}

func TestPartitionYear(t *testing.T) {
	reg := partitionRegister()
	before := paris(2026, time.March, 20, 10, 0, 0)
	late := paris(2026, time.April, 2, 10, 0, 0)
	subs := []reconcile.Submission{
		{ID: 1, SIREN: testSIREN, Year: 2025, Verdict: reconcile.Accepted, ReceivedAt: before},
		{ID: 2, SIREN: "200046977", Year: 2025, Verdict: reconcile.Rejected, ReceivedAt: before},
		{ID: 3, SIREN: "243300316", Year: 2025, Verdict: reconcile.Accepted, ReceivedAt: late},
		{ID: 4, SIREN: "221100019", Year: 2025, Verdict: reconcile.Rejected, ReceivedAt: late},
		{ID: 5, SIREN: "223700014", Year: 2024, Verdict: reconcile.Accepted, ReceivedAt: before}, // another year
	}
	quarantine := []reconcile.QuarantineEntry{
		// Unreadable: the SIREN and year come from the file name.
		{ID: 1, FileName: "CLS_2025_221000052_aube.xls", ReceivedAt: late},
		// Aude has a recorded (rejected) file too: rejected wins.
		{ID: 2, FileName: "CLS_2025_221100019_aude_protege.xlsx", ReceivedAt: late},
		// Readable, unauthorised sender: the workbook's SIREN.
		{ID: 3, FileName: "rapport.xlsx", SIREN: "200046977", ReceivedAt: late,
			Findings: []reconcile.Finding{{Code: reconcile.ExpediteurNonAutorise, Year: 2025}}},
		// A SIREN of no contract: unattributed.
		{ID: 4, FileName: "CLS_2025_130005481_x.xlsx", ReceivedAt: late},
		// Nothing to go by, received in the 2025 season: unattributed 2025.
		{ID: 5, FileName: "scan.pdf", ReceivedAt: late},
		// Another year by its name.
		{ID: 6, FileName: "CLS_2024_223700014_indre-et-loire.xlsx", ReceivedAt: late},
	}
	now := paris(2026, time.April, 6, 8, 0, 0)
	p := reconcile.PartitionYear(reg, subs, nil, quarantine, 2025, now)

	want := map[string]reconcile.State{
		testSIREN:   reconcile.StateAccepted,
		"200046977": reconcile.StateRejected,
		"243300316": reconcile.StateAcceptedLate,
		"221100019": reconcile.StateRejected,
		"221000052": reconcile.StateSetAside,
		"223700014": reconcile.StateNotReceived,
	}
	if len(p.Territories) != len(want) {
		t.Fatalf("got %d territories, want the %d covering 2025", len(p.Territories), len(want))
	}
	sum := 0
	for _, s := range reconcile.States {
		sum += p.Tally.Count(s)
	}
	if sum != p.Tally.Expected || p.Tally.Expected != len(want) {
		t.Errorf("tally %+v does not add up to %d", p.Tally, len(want))
	}
	for _, ts := range p.Territories {
		if got := ts.State; got != want[ts.Status.Territory.SIREN] {
			t.Errorf("%s: state %s, want %s", ts.Status.Territory.Name, got, want[ts.Status.Territory.SIREN])
		}
		if !ts.Overdue {
			t.Errorf("%s: not overdue on 6 April", ts.Status.Territory.Name)
		}
	}
	if got := p.Find("221000052"); got == nil || len(got.SetAside) != 1 || got.Label() != "Mis de côté" {
		t.Errorf("Aube: %+v, want one file set aside, « Mis de côté »", got)
	}
	if got := p.Find("200046977"); len(got.SetAside) != 1 {
		t.Errorf("Lyon's quarantined file (workbook SIREN) is not attributed: %+v", got.SetAside)
	}
	if got := p.Find("223700014"); got.Label() != "Manquant" || len(got.SetAside) != 0 {
		t.Errorf("Indre-et-Loire: %q with %d files set aside, want Manquant and none (its file is for 2024)", got.Label(), len(got.SetAside))
	}
	if len(p.Unattributed) != 2 || p.Unattributed[0].ID != 4 || p.Unattributed[1].ID != 5 {
		t.Errorf("unattributed %+v, want entries 4 and 5", p.Unattributed)
	}
	if got, want := p.Late(), 5; got != want { // Bordeaux accepted late; Lyon, Aude, Aube, Indre-et-Loire overdue
		t.Errorf("late %d, want %d", got, want)
	}

	// The same data as they stood on 25 March: only the first two files.
	early := reconcile.PartitionYear(reg, subs, nil, quarantine, 2025, paris(2026, time.March, 25, 8, 0, 0))
	if got := early.Tally; got.Accepted != 1 || got.Rejected != 1 || got.NotReceived != 4 || got.SetAside != 0 {
		t.Errorf("on 25 March: %+v, want 1 accepted, 1 rejected, 4 not received", got)
	}
	if got := early.Find("223700014").Label(); got != "Attendu" {
		t.Errorf("before the deadline, nothing received reads %q, want Attendu", got)
	}
	if reconcile.PartitionYear(nil, subs, nil, quarantine, 2025, now).Territories != nil {
		t.Error("a nil register gives territories")
	}
}

// TestPartitionAddsUp checks the partition adds up whatever the data:
// random verdicts, times and quarantined files over a large register.
func TestPartitionAddsUp(t *testing.T) {
	reg := &reconcile.Register{}
	base := testRegister().Contracts[0]
	var subs []reconcile.Submission
	var quarantine []reconcile.QuarantineEntry
	for i := 0; i < 121; i++ {
		c := base
		c.Territory.SIREN = luhnSIREN(100000000 + i*37)
		reg.Contracts = append(reg.Contracts, c)
		at := paris(2026, time.March, 1+i%40/2, i%24, 0, 0)
		switch i % 5 {
		case 0, 1:
			v := reconcile.Accepted
			if i%2 == 0 {
				v = reconcile.Rejected
			}
			subs = append(subs, reconcile.Submission{ID: int64(i + 1), SIREN: c.Territory.SIREN, Year: 2025, Verdict: v, ReceivedAt: at})
		case 2:
			quarantine = append(quarantine, reconcile.QuarantineEntry{ID: int64(i), FileName: "CLS_2025_" + c.Territory.SIREN + ".xlsx", ReceivedAt: at})
		}
	}
	reg.Sort()
	for _, now := range []time.Time{paris(2026, time.March, 10, 0, 0, 0), paris(2026, time.April, 30, 0, 0, 0)} {
		p := reconcile.PartitionYear(reg, subs, nil, quarantine, 2025, now)
		counts := map[reconcile.State]int{}
		for _, ts := range p.Territories {
			counts[ts.State]++
		}
		total := 0
		for _, s := range reconcile.States {
			if counts[s] != p.Tally.Count(s) {
				t.Errorf("%s: %d territories, tally %d", s, counts[s], p.Tally.Count(s))
			}
			total += counts[s]
		}
		if total != 121 || p.Tally.Expected != 121 {
			t.Errorf("at %s: %d territories in states, tally expects %d, want 121", now, total, p.Tally.Expected)
		}
	}
}

// luhnSIREN returns a valid SIREN from the eight first digits of n.
func luhnSIREN(n int) string {
	s := fmt.Sprintf("%08d", n%100000000)
	for d := 0; d <= 9; d++ {
		if c := s + fmt.Sprint(d); reconcile.ValidSIREN(c) {
			return c
		}
	}
	panic("no check digit")
}

func TestChangesSince(t *testing.T) {
	reg := partitionRegister()
	week := paris(2026, time.March, 30, 8, 0, 0)
	now := paris(2026, time.April, 6, 8, 0, 0)
	subs := []reconcile.Submission{
		{ID: 1, SIREN: testSIREN, Year: 2025, Verdict: reconcile.Rejected, ReceivedAt: week.Add(-48 * time.Hour)},
		{ID: 2, SIREN: testSIREN, Year: 2025, Verdict: reconcile.Accepted, ReceivedAt: week.Add(24 * time.Hour)},
		{ID: 3, SIREN: "243300316", Year: 2025, Verdict: reconcile.Rejected, ReceivedAt: week.Add(30 * time.Hour)},
	}
	quarantine := []reconcile.QuarantineEntry{{ID: 1, FileName: "CLS_2025_221000052_aube.xls", ReceivedAt: week.Add(40 * time.Hour)}}
	p := reconcile.PartitionYear(reg, subs, nil, quarantine, 2025, now)

	check := func(c reconcile.Changes, fromSnapshot bool) {
		t.Helper()
		if c.FromSnapshot != fromSnapshot || !c.Since.Equal(week) {
			t.Errorf("since %v (snapshot %v), want %v (%v)", c.Since, c.FromSnapshot, week, fromSnapshot)
		}
		if c.Files() != 3 || len(c.SetAside) != 1 {
			t.Errorf("%d files (%d set aside), want 3 (1)", c.Files(), len(c.SetAside))
		}
		names := func(ts []reconcile.TerritoryState) string {
			var s []string
			for _, x := range ts {
				s = append(s, x.Status.Territory.SIREN)
			}
			return fmt.Sprint(s)
		}
		if got := names(c.NewlyAccepted); got != "["+testSIREN+"]" {
			t.Errorf("newly accepted %s", got)
		}
		if got := names(c.NewlyRejected); got != "[243300316]" {
			t.Errorf("newly rejected %s", got)
		}
		if got := names(c.NewlySetAside); got != "[221000052]" {
			t.Errorf("newly set aside %s", got)
		}
	}
	// Without a snapshot, the states of a week ago are recomputed.
	check(reconcile.ChangesSince(&p, nil, reg, subs, nil, quarantine, week), false)
	// A stored snapshot wins: it says what last week's report showed.
	prev := reconcile.SnapshotOf(ptr(reconcile.PartitionYear(reg, subs, nil, quarantine, 2025, week)), 1, 0)
	if prev.Week != "2026-W14" || prev.States[testSIREN] != reconcile.StateRejected || prev.Tally.Rejected != 1 {
		t.Errorf("snapshot %+v", prev)
	}
	check(reconcile.ChangesSince(&p, &prev, reg, subs, nil, quarantine, week.Add(-time.Hour)), true)
	if n := reconcile.FilesReceived(subs, quarantine, 2025, now); n != 4 {
		t.Errorf("FilesReceived = %d, want 4", n)
	}
}

func ptr[T any](v T) *T { return &v }

func TestMissingFindings(t *testing.T) {
	reg := partitionRegister()
	subs := []reconcile.Submission{{ID: 1, SIREN: "200046977", Year: 2025, Verdict: reconcile.Rejected, ReceivedAt: paris(2026, time.March, 2, 9, 0, 0)},
		{ID: 2, SIREN: testSIREN, Year: 2025, Verdict: reconcile.Accepted, ReceivedAt: paris(2026, time.March, 2, 9, 0, 0)}}
	quarantine := []reconcile.QuarantineEntry{{ID: 1, FileName: "CLS_2025_221000052_aube.xls", ReceivedAt: paris(2026, time.March, 30, 9, 0, 0)}}
	before := reconcile.PartitionYear(reg, subs, nil, quarantine, 2025, paris(2026, time.March, 31, 9, 0, 0))
	if fs := before.MissingFindings(); len(fs) != 0 {
		t.Errorf("%d missing reports before the deadline", len(fs))
	}
	p := reconcile.PartitionYear(reg, subs, nil, quarantine, 2025, paris(2026, time.April, 6, 8, 0, 0))
	got := map[string]string{}
	for _, f := range p.MissingFindings() {
		if f.Code != reconcile.RapportManquant || f.Year != 2025 {
			t.Errorf("finding %+v", f)
		}
		got[f.SIREN] = f.Message
	}
	for siren, want := range map[string]string{
		"200046977": "(le seul fichier reçu a été rejeté).",
		"221000052": "(le fichier reçu a été mis de côté et attend d'être examiné).",
		"223700014": "(aucun fichier n'a été reçu).",
	} {
		if !strings.HasSuffix(got[siren], want) {
			t.Errorf("%s: %q, want it to end with %q", siren, got[siren], want)
		}
	}
	if _, ok := got[testSIREN]; ok || len(got) != p.Tally.Expected-p.Tally.Accepted-p.Tally.AcceptedLate {
		t.Errorf("missing reports for %v; want every territory without an accepted report, no other", got)
	}
}
