package storetest

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// wantSubmission returns what a store must give back for sub: the same
// fields without Content, times in UTC.
func wantSubmission(sub *reconcile.Submission) reconcile.Submission {
	w := *sub
	w.Content = nil
	w.ReceivedAt = w.ReceivedAt.UTC()
	return w
}

// checkSubmission fails t unless got is want, field by field. Times must be
// the same instant in UTC; the report's transmission date the same instant.
func checkSubmission(t *testing.T, got, want reconcile.Submission) {
	t.Helper()
	if got.Content != nil {
		t.Errorf("submission %d: Content has %d bytes; stores never load it here", got.ID, len(got.Content))
	}
	checkUTC(t, "ReceivedAt", got.ReceivedAt, want.ReceivedAt)
	if !reflect.DeepEqual(got.Findings, want.Findings) {
		t.Errorf("submission %d findings:\n got %#v\nwant %#v", got.ID, got.Findings, want.Findings)
	}
	checkReport(t, got.Report, want.Report)
	got.ReceivedAt, want.ReceivedAt = time.Time{}, time.Time{}
	got.Findings, want.Findings = nil, nil
	got.Report, want.Report = nil, nil
	got.Content, want.Content = nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("submission:\n got %+v\nwant %+v", got, want)
	}
}

// checkUTC fails t unless got is want's instant, in UTC.
func checkUTC(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s = %s, want %s", what, got.Format(time.RFC3339Nano), want.Format(time.RFC3339Nano))
	}
	if got.Location() != time.UTC {
		t.Errorf("%s is in %s, want UTC", what, got.Location())
	}
}

// checkReport compares reports deeply, the transmission date as an instant.
func checkReport(t *testing.T, got, want *reconcile.Report) {
	t.Helper()
	if (got == nil) != (want == nil) {
		t.Fatalf("report = %v, want %v", got, want)
	}
	if got == nil {
		return
	}
	g, w := *got, *want
	gd, wd := g.Identification.TransmissionDate, w.Identification.TransmissionDate
	if (gd == nil) != (wd == nil) || (gd != nil && !gd.Equal(*wd)) {
		t.Errorf("report transmission date = %v, want %v", gd, wd)
	}
	g.Identification.TransmissionDate, w.Identification.TransmissionDate = nil, nil
	if !reflect.DeepEqual(g, w) {
		gj, _ := json.MarshalIndent(g, "", " ")
		wj, _ := json.MarshalIndent(w, "", " ")
		t.Errorf("report differs:\n got %s\nwant %s", gj, wj)
		for i := range g.Actions {
			if i < len(w.Actions) && !reflect.DeepEqual(g.Actions[i], w.Actions[i]) {
				t.Errorf("action %d:\n got %#v\nwant %#v", i, g.Actions[i], w.Actions[i])
			}
		}
		if !reflect.DeepEqual(g.Findings, w.Findings) {
			t.Errorf("report findings:\n got %#v\nwant %#v", g.Findings, w.Findings)
		}
	}
}
