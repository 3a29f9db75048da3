package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/reconcile"
)

// rcRegister returns a register of three territories with contracts over
// 2024-2025 (fictitious amounts): the Ain, Lyon and the Aisne.
func rcRegister() *reconcile.Register {
	plans := map[int]reconcile.Plan{2024: {State: 10_000_000, Territory: 10_000_000}, 2025: {State: 10_000_000, Territory: 10_000_000}}
	contract := func(siren, name string) reconcile.Contract {
		return reconcile.Contract{
			Territory: reconcile.Territory{SIREN: siren, Name: name, Type: reconcile.TypeDepartement, AxisCount: 3,
				AnnualCeiling: 10_000_000, Senders: []string{"@example.test"}},
			Actions: []reconcile.Action{{Code: "ENF-01", Axis: reconcile.AxisEnfance, Title: "Accueil des jeunes enfants",
				Nature: reconcile.NatureNouvelle, Plans: plans}},
		}
	}
	reg := &reconcile.Register{Source: "registre.xlsx", ImportedAt: time.Date(2025, 1, 10, 9, 0, 0, 0, reconcile.Paris),
		Contracts: []reconcile.Contract{contract("220100010", "Département de l'Ain"),
			contract("200046977", "Métropole de Lyon"), contract("220200026", "Département de l'Aisne")}}
	reg.Sort()
	return reg
}

// rcStore creates a SQLite database holding reg and returns its path and
// the open store; the store is closed at the end of the test.
func rcStore(t *testing.T, reg *reconcile.Register) (string, *sqlite.Store) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "pactd.db")
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("open SQLite store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.SaveRegister(ctx, reg); err != nil {
		t.Fatalf("save register: %v", err)
	}
	return path, st
}

// rcRecord records one reception of content as a submission.
func rcRecord(t *testing.T, st reconcile.Store, sub reconcile.Submission, content string) reconcile.Receipt {
	t.Helper()
	sub.Content = []byte(content)
	sub.Origin = reconcile.Origin{Kind: reconcile.OriginCommand, Path: sub.FileName}
	rc, err := st.RecordSubmission(context.Background(), &sub)
	if err != nil {
		t.Fatalf("record %s: %v", sub.FileName, err)
	}
	return rc
}

// rcRun runs pactd with args against the database at path.
func rcRun(t *testing.T, path string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), args, &cmdEnv{stdout: &stdout, stderr: &stderr,
		getenv: envMap(map[string]string{"PACTD_DATABASE": path})})
	return code, stdout.String(), stderr.String()
}

func TestStatusCountsReceptionsSubmissionsAndVerdicts(t *testing.T) {
	reg := rcRegister()
	path, st := rcStore(t, reg)
	at := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 10, 0, 0, 0, reconcile.Paris) }
	ain := reconcile.Submission{FileName: "CLS_2024_220100010_ain.xlsx", SIREN: "220100010", Year: 2024}
	v1, v2 := ain, ain
	v1.Verdict, v1.ReceivedAt = reconcile.Rejected, at(time.March, 1)
	v2.Verdict, v2.ReceivedAt = reconcile.Accepted, at(time.March, 2)
	v2again := v2
	v2again.ReceivedAt = at(time.March, 3)
	rcRecord(t, st, v1, "v1")
	rcRecord(t, st, v2, "v2")
	if rc := rcRecord(t, st, v2again, "v2"); !rc.Duplicate {
		t.Fatalf("the same bytes again: receipt not marked duplicate")
	}
	late := reconcile.Submission{FileName: "CLS_2024_220200026_aisne.xlsx", SIREN: "220200026", Year: 2024,
		Verdict: reconcile.Accepted, ReceivedAt: at(time.April, 2)}
	rcRecord(t, st, late, "aisne")

	code, out, errOut := rcRun(t, path, "status", "--year", "2024", "--json")
	if code != exitOK {
		t.Fatalf("pactd status --json: exit %d, stderr %s", code, errOut)
	}
	var got struct {
		Years    []yearJSON
		Statuses []statusJSON
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("decode %s: %v", out, err)
	}
	want := map[string]statusJSON{
		"220100010": {Year: 2024, Deadline: "2025-03-31", Expected: true, State: reconcile.StateAccepted, StateLabel: "Accepté",
			Received: 3, Submissions: 2, Accepted: 1, Rejected: 1},
		"200046977": {Year: 2024, Deadline: "2025-03-31", Expected: true, State: reconcile.StateNotReceived,
			StateLabel: "Manquant", Late: true, Missing: true},
		"220200026": {Year: 2024, Deadline: "2025-03-31", Expected: true, State: reconcile.StateAcceptedLate,
			StateLabel: "Accepté hors délai", Received: 1, Submissions: 1, Accepted: 1, Late: true},
	}
	if len(got.Statuses) != 3 || got.Statuses[0].SIREN != "200046977" {
		t.Fatalf("got %d statuses (first %+v), want 3 sorted by SIREN", len(got.Statuses), got.Statuses)
	}
	for _, s := range got.Statuses {
		siren := s.SIREN
		w := want[siren]
		counted := s.Counted
		s.SIREN, s.Name, s.Counted = "", "", nil
		if s != w {
			t.Errorf("%s: got %+v, want %+v", siren, s, w)
		}
		if w.Accepted > 0 && counted == nil {
			t.Errorf("%+v: no counted submission", s)
		}
	}
	if len(got.Years) != 1 || got.Years[0].Tally != (reconcile.Tally{Expected: 3, Accepted: 1, AcceptedLate: 1, NotReceived: 1}) ||
		got.Years[0].Late != 2 {
		t.Errorf("years = %+v, want 2024 with 1 + 1 + 1 = 3 and 2 late", got.Years)
	}
	if c := got.Statuses[1].Counted; c == nil || !c.ReceivedAt.Equal(v2.ReceivedAt) {
		t.Errorf("Ain: counted %+v, want v2 received %v", c, v2.ReceivedAt)
	}

	code, out, errOut = rcRun(t, path, "status", "--year", "2024")
	if code != exitOK {
		t.Fatalf("pactd status: exit %d, stderr %s", code, errOut)
	}
	for _, want := range []string{
		"Année 2024, date limite le 31/03/2025 (passée)",
		"SIREN      Territoire",
		"3 territoires attendus = 1 accepté dans les délais + 1 accepté hors délai + 0 rejeté à corriger + 0 mis de côté + 1 sans envoi ; 2 en retard.",
		"Sans rapport accepté après la date limite (1) :",
		"- Métropole de Lyon (SIREN 200046977) : manquant",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestStatusRefusesBadUsageAndMissingRegister(t *testing.T) {
	path := emptyDB(t, "pactd.db")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"status", "--year", "2031"}, "hors de la période"},
		{[]string{"status", "extra"}, "argument inattendu"},
		{[]string{"status"}, "aucun registre des engagements n'a été importé"},
	} {
		code, _, errOut := rcRun(t, path, tc.args...)
		if code != exitUsage || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
}

// A file set aside from a known territory counts for it: its state is
// « Mis de côté », never « Manquant », and the year's counts add up.
func TestStatusCountsFilesSetAside(t *testing.T) {
	reg := rcRegister()
	path, st := rcStore(t, reg)
	at := time.Date(2025, time.March, 5, 10, 0, 0, 0, reconcile.Paris)
	rcRecord(t, st, reconcile.Submission{FileName: "CLS_2024_220100010_ain.xlsx", SIREN: "220100010", Year: 2024,
		Verdict: reconcile.Accepted, ReceivedAt: at}, "ain")
	unreadable := reconcile.NewFinding(reconcile.FichierIllisible, "Le fichier est un ancien format .xls.")
	if err := st.Quarantine(context.Background(), &reconcile.QuarantineEntry{ReceivedAt: at, FileName: "CLS_2024_220200026_aisne.xls",
		Origin: reconcile.Origin{Kind: reconcile.OriginFolder, Path: "depot/CLS_2024_220200026_aisne.xls", Key: "q1"},
		Reason: "Le fichier ne peut pas être lu.", Findings: []reconcile.Finding{unreadable}, Content: []byte("xls")}); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := rcRun(t, path, "status", "--year", "2024", "--json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Years    []yearJSON
		Statuses []statusJSON
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if want := (reconcile.Tally{Expected: 3, Accepted: 1, SetAside: 1, NotReceived: 1}); len(got.Years) != 1 || got.Years[0].Tally != want {
		t.Fatalf("years %+v, want tally %+v", got.Years, want)
	}
	for _, s := range got.Statuses {
		if s.SIREN == "220200026" && (s.State != reconcile.StateSetAside || s.SetAside != 1 || s.StateLabel != "Mis de côté") {
			t.Errorf("Aisne: %+v, want set aside with its file", s)
		}
	}
	_, text, _ := rcRun(t, path, "status", "--year", "2024")
	if !strings.Contains(text, "- Département de l'Aisne (SIREN 220200026) : mis de côté") {
		t.Errorf("text does not list the Aisne as set aside:\n%s", text)
	}
}
