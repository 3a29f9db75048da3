package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"regexp"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/pactd/pactd/reconcile"
)

var receiptNumber = regexp.MustCompile(`^AR-([0-9]{4})-[0-9]{6,}$`)

// record records sub and fails t on error.
func record(t *testing.T, s reconcile.Store, sub *reconcile.Submission) reconcile.Receipt {
	t.Helper()
	rc, err := s.RecordSubmission(context.Background(), sub)
	if err != nil {
		t.Fatalf("RecordSubmission(%s): %v", sub.FileName, err)
	}
	return rc
}

// list lists submissions and fails t on error.
func list(t *testing.T, s reconcile.Store, f reconcile.SubmissionFilter) []reconcile.Submission {
	t.Helper()
	subs, err := s.Submissions(context.Background(), f)
	if err != nil {
		t.Fatalf("Submissions(%+v): %v", f, err)
	}
	return subs
}

// receipts lists receipts and fails t on error.
func receipts(t *testing.T, s reconcile.Store, id int64) []reconcile.Receipt {
	t.Helper()
	rcs, err := s.Receipts(context.Background(), id)
	if err != nil {
		t.Fatalf("Receipts(%d): %v", id, err)
	}
	return rcs
}

func testRecordNew(t *testing.T, s reconcile.Store) {
	ctx := context.Background()
	sub := Sample(1, "220100010", 2025, 5, 2000)
	want := wantSubmission(sub)
	rc := record(t, s, sub)
	if sub.ID <= 0 || rc.SubmissionID != sub.ID || rc.ID <= 0 || rc.Duplicate {
		t.Fatalf("receipt %+v for submission %d: want a new receipt of a new submission", rc, sub.ID)
	}
	m := receiptNumber.FindStringSubmatch(rc.Number)
	if m == nil || m[1] != fmt.Sprint(sub.ReceivedAt.In(reconcile.Paris).Year()) {
		t.Errorf("receipt number %q, want AR-%d-NNNNNN", rc.Number, sub.ReceivedAt.In(reconcile.Paris).Year())
	}
	checkUTC(t, "receipt ReceivedAt", rc.ReceivedAt, sub.ReceivedAt)
	if rc.Origin != sub.Origin {
		t.Errorf("receipt origin = %+v, want %+v", rc.Origin, sub.Origin)
	}
	got, err := s.Submission(ctx, sub.ID)
	if err != nil {
		t.Fatal(err)
	}
	want.ID = sub.ID
	checkSubmission(t, *got, want)
	content, err := s.SubmissionContent(ctx, sub.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(content, sub.Content) {
		t.Errorf("SubmissionContent: %d bytes, want the %d recorded verbatim", len(content), len(sub.Content))
	}
	all := receipts(t, s, 0)
	if len(all) != 1 || all[0] != rc {
		t.Errorf("Receipts(0) = %+v, want [%+v]", all, rc)
	}
}

func testDedupeBySHA(t *testing.T, s reconcile.Store) {
	first := Sample(1, "220100010", 2025, 3, 1000)
	rc1 := record(t, s, first)
	again := Sample(1, "220100010", 2025, 3, 1000) // same bytes
	again.FileName = "renamed.xlsx"
	again.Origin = reconcile.Origin{Kind: reconcile.OriginFolder, Path: "/depot/renamed.xlsx"} // no key
	again.ReceivedAt = first.ReceivedAt.Add(time.Hour)
	again.Verdict, again.Findings = reconcile.Accepted, nil
	rc2 := record(t, s, again)
	if !rc2.Duplicate || rc2.SubmissionID != rc1.SubmissionID || rc2.ID == rc1.ID || rc2.Number == rc1.Number {
		t.Fatalf("second reception: receipt %+v after %+v; want a new duplicate receipt of the same submission", rc2, rc1)
	}
	if again.ID != rc1.SubmissionID {
		t.Errorf("duplicate sub.ID = %d, want the earlier submission %d", again.ID, rc1.SubmissionID)
	}
	if rc2.Origin != again.Origin {
		t.Errorf("duplicate receipt origin = %+v, want its own %+v", rc2.Origin, again.Origin)
	}
	subs := list(t, s, reconcile.SubmissionFilter{})
	if len(subs) != 1 {
		t.Fatalf("%d submissions after the same bytes twice, want 1", len(subs))
	}
	want := wantSubmission(first)
	want.ID = rc1.SubmissionID
	checkSubmission(t, subs[0], want) // the first reception's data, untouched
	if got := receipts(t, s, rc1.SubmissionID); len(got) != 2 || got[0] != rc1 || got[1] != rc2 {
		t.Errorf("receipts = %+v, want [%+v %+v]", got, rc1, rc2)
	}
}

func testIdempotentKey(t *testing.T, s reconcile.Store) {
	sub := Sample(7, "220100010", 2025, 2, 500)
	rc1 := record(t, s, sub)
	replay := Sample(7, "220100010", 2025, 2, 500)
	replay.ReceivedAt = sub.ReceivedAt.Add(10 * time.Minute) // replayed after a crash
	rc2 := record(t, s, replay)
	if rc2 != rc1 {
		t.Errorf("replay of key %s: receipt %+v, want the first one %+v", sub.Origin.Key, rc2, rc1)
	}
	if replay.ID != rc1.SubmissionID {
		t.Errorf("replay sub.ID = %d, want %d", replay.ID, rc1.SubmissionID)
	}
	// Other bytes under a recorded key: still the first receipt, nothing stored.
	other := Sample(8, "220100010", 2025, 2, 500)
	other.Origin.Key = sub.Origin.Key
	if rc3 := record(t, s, other); rc3 != rc1 {
		t.Errorf("other bytes under key %s: receipt %+v, want %+v", sub.Origin.Key, rc3, rc1)
	}
	if n := len(receipts(t, s, 0)); n != 1 {
		t.Errorf("%d receipts after three receptions under one key, want 1", n)
	}
	if n := len(list(t, s, reconcile.SubmissionFilter{})); n != 1 {
		t.Errorf("%d submissions after three receptions under one key, want 1", n)
	}
	// An empty key is always a new receipt.
	noKey := Sample(7, "220100010", 2025, 2, 500)
	noKey.Origin.Key = ""
	a, b := record(t, s, noKey), record(t, s, noKey)
	if a.ID == b.ID || !a.Duplicate || !b.Duplicate {
		t.Errorf("two receptions without key: %+v and %+v, want two duplicate receipts", a, b)
	}
}

// testThreeReceipts is the resubmission story: a rejected v1, an accepted
// v2, the same v2 sent again.
func testThreeReceipts(t *testing.T, s reconcile.Store) {
	v1 := Sample(1, "220100010", 2025, 4, 800)
	if v1.Verdict != reconcile.Rejected {
		t.Fatalf("sample verdict %s, want rejected", v1.Verdict)
	}
	v2 := Sample(2, "220100010", 2025, 4, 800)
	v2.Verdict, v2.Findings = reconcile.Accepted, []reconcile.Finding{}
	v2again := Sample(2, "220100010", 2025, 4, 800)
	v2again.Origin.Key = "imap:cls@pactd.test/INBOX/1712/3/2"
	v2again.ReceivedAt = v2.ReceivedAt.Add(time.Hour)
	r1, r2, r3 := record(t, s, v1), record(t, s, v2), record(t, s, v2again)
	if r1.Duplicate || r2.Duplicate || !r3.Duplicate || r3.SubmissionID != r2.SubmissionID || r1.SubmissionID == r2.SubmissionID {
		t.Fatalf("receipts %+v %+v %+v", r1, r2, r3)
	}
	all := receipts(t, s, 0)
	if len(all) != 3 || all[0] != r1 || all[1] != r2 || all[2] != r3 {
		t.Errorf("Receipts(0) = %+v, want the three in order", all)
	}
	seen := map[string]bool{}
	for _, rc := range all {
		if seen[rc.Number] {
			t.Errorf("receipt number %s given twice", rc.Number)
		}
		seen[rc.Number] = true
	}
	subs := list(t, s, reconcile.SubmissionFilter{SIREN: "220100010", Year: 2025})
	if len(subs) != 2 || subs[0].Verdict != reconcile.Rejected || subs[1].Verdict != reconcile.Accepted {
		t.Fatalf("submissions = %+v, want rejected v1 then accepted v2", subs)
	}
	if subs[1].Findings == nil || len(subs[1].Findings) != 0 {
		t.Errorf("v2 findings = %#v, want an empty, non-nil list as recorded", subs[1].Findings)
	}
	accepted := list(t, s, reconcile.SubmissionFilter{SIREN: "220100010", Year: 2025, Verdict: reconcile.Accepted})
	if len(accepted) != 1 || accepted[0].ID != r2.SubmissionID {
		t.Errorf("accepted = %+v, want v2 only", accepted)
	}
	if got := receipts(t, s, r1.SubmissionID); len(got) != 1 || got[0] != r1 {
		t.Errorf("Receipts(v1) = %+v", got)
	}
	if got := receipts(t, s, r2.SubmissionID); len(got) != 2 || got[0] != r2 || got[1] != r3 {
		t.Errorf("Receipts(v2) = %+v", got)
	}
}

func testFilters(t *testing.T, s reconcile.Store) {
	type key struct {
		siren string
		year  int
	}
	// Recorded out of time order: listings must still be oldest first.
	plan := []struct {
		seed    uint64
		siren   string
		year    int
		verdict reconcile.Verdict
	}{
		{50, "220100010", 2025, reconcile.Accepted}, {10, "220100010", 2024, reconcile.Rejected},
		{30, "200046977", 2025, reconcile.Rejected}, {20, "220100010", 2025, reconcile.Rejected},
		{40, "200046977", 2024, reconcile.Accepted}, {60, "220100010", 2025, reconcile.Accepted},
	}
	for _, p := range plan {
		sub := Sample(p.seed, p.siren, p.year, 1, 100)
		sub.Verdict = p.verdict
		record(t, s, sub)
	}
	tests := []struct {
		f     reconcile.SubmissionFilter
		seeds []uint64
	}{
		{reconcile.SubmissionFilter{}, []uint64{10, 20, 30, 40, 50, 60}},
		{reconcile.SubmissionFilter{SIREN: "220100010"}, []uint64{10, 20, 50, 60}},
		{reconcile.SubmissionFilter{Year: 2024}, []uint64{10, 40}},
		{reconcile.SubmissionFilter{Verdict: reconcile.Accepted}, []uint64{40, 50, 60}},
		{reconcile.SubmissionFilter{SIREN: "220100010", Year: 2025}, []uint64{20, 50, 60}},
		{reconcile.SubmissionFilter{SIREN: "220100010", Year: 2025, Verdict: reconcile.Rejected}, []uint64{20}},
		{reconcile.SubmissionFilter{SIREN: "999999999"}, nil},
		{reconcile.SubmissionFilter{Year: 2027}, nil},
	}
	for _, tt := range tests {
		subs := list(t, s, tt.f)
		var got []uint64
		for _, sub := range subs {
			got = append(got, uint64(sub.Origin.UID))
			if sub.Content != nil {
				t.Errorf("Submissions(%+v) loaded Content", tt.f)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.seeds) {
			t.Errorf("Submissions(%+v) = seeds %v, want %v", tt.f, got, tt.seeds)
		}
	}
}

func testUpdateVerdict(t *testing.T, s reconcile.Store) {
	ctx := context.Background()
	sub := Sample(3, "220100010", 2025, 2, 300)
	sub.Verdict, sub.Findings = reconcile.Accepted, nil
	record(t, s, sub)
	fs := []reconcile.Finding{reconcile.NewFinding(reconcile.DepassementPlafond, "Le plafond annuel est dépassé.")}
	fs[0].Expected, fs[0].Actual = reconcile.MoneyValue(100000000), reconcile.MoneyValue(100000001)
	if err := s.UpdateVerdict(ctx, sub.ID, 2, reconcile.Rejected, fs); err != nil {
		t.Fatal(err)
	}
	got, err := s.Submission(ctx, sub.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := wantSubmission(sub)
	want.RegisterVersion, want.Verdict, want.Findings = 2, reconcile.Rejected, fs
	checkSubmission(t, *got, want)
	if n := len(list(t, s, reconcile.SubmissionFilter{Verdict: reconcile.Accepted})); n != 0 {
		t.Errorf("%d accepted after UpdateVerdict to rejected, want 0", n)
	}
	if err := s.UpdateVerdict(ctx, sub.ID+1000, 2, reconcile.Accepted, nil); !errors.Is(err, reconcile.ErrNotFound) {
		t.Errorf("UpdateVerdict of a missing submission: err = %v, want ErrNotFound", err)
	}
	if err := s.UpdateVerdict(ctx, sub.ID, 2, "maybe", nil); err == nil {
		t.Errorf("UpdateVerdict with verdict %q: no error", "maybe")
	}
}

func testNotFound(t *testing.T, s reconcile.Store) {
	ctx := context.Background()
	if _, err := s.Submission(ctx, 42); !errors.Is(err, reconcile.ErrNotFound) {
		t.Errorf("Submission(42) on an empty store: err = %v, want ErrNotFound", err)
	}
	if _, err := s.SubmissionContent(ctx, 42); !errors.Is(err, reconcile.ErrNotFound) {
		t.Errorf("SubmissionContent(42) on an empty store: err = %v, want ErrNotFound", err)
	}
	if rcs := receipts(t, s, 42); len(rcs) != 0 {
		t.Errorf("Receipts(42) = %+v, want none", rcs)
	}
	if subs := list(t, s, reconcile.SubmissionFilter{}); len(subs) != 0 {
		t.Errorf("Submissions on an empty store = %+v", subs)
	}
}

func testBadInput(t *testing.T, s reconcile.Store) {
	ctx := context.Background()
	sub := Sample(4, "220100010", 2025, 1, 100)
	sub.SHA256 = Sum([]byte("something else"))
	if _, err := s.RecordSubmission(ctx, sub); err == nil {
		t.Errorf("RecordSubmission with a SHA-256 that does not match the bytes: no error")
	}
	sub = Sample(4, "220100010", 2025, 1, 100)
	sub.Verdict = ""
	if _, err := s.RecordSubmission(ctx, sub); err == nil {
		t.Errorf("RecordSubmission without a verdict: no error")
	}
	if n := len(list(t, s, reconcile.SubmissionFilter{})); n != 0 {
		t.Fatalf("%d submissions stored from refused input, want 0", n)
	}
	// An unreadable file: empty bytes, no SHA-256 given, a name that is not
	// UTF-8 and holds NUL, no report. It is kept, the name made printable.
	odd := &reconcile.Submission{FileName: "rapport\xff\x00.xlsx", Verdict: reconcile.Rejected,
		ReceivedAt: base, Content: []byte{}, Origin: reconcile.Origin{Kind: reconcile.OriginCommand, Path: "/tmp/x"},
		Findings: []reconcile.Finding{reconcile.NewFinding(reconcile.FichierIllisible, "Le fichier est vide.")}}
	rc := record(t, s, odd)
	if odd.SHA256 != Sum(nil) || odd.Size != 0 {
		t.Errorf("empty file: SHA256 %q size %d, want %s and 0", odd.SHA256, odd.Size, Sum(nil))
	}
	got, err := s.Submission(ctx, rc.SubmissionID)
	if err != nil {
		t.Fatal(err)
	}
	if !utf8.ValidString(got.FileName) || got.FileName == "" || got.Report != nil {
		t.Errorf("stored name %q report %v, want valid UTF-8 and no report", got.FileName, got.Report)
	}
	content, err := s.SubmissionContent(ctx, rc.SubmissionID)
	if err != nil || content == nil || len(content) != 0 {
		t.Errorf("SubmissionContent of an empty file = %v, %v; want empty, non-nil", content, err)
	}
}
