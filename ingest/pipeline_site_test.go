package ingest_test

import (
	"context"
	"strings"
	"testing"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/reconcile"
)

// TestPipelineSiteOrigin checks uploads on the status site: a workbook of
// the page's territory is recorded like any other, with its origin; one
// of another SIREN is set aside, like mail from an address not authorised
// for it, and its sender-less origin adds no sender finding.
func TestPipelineSiteOrigin(t *testing.T) {
	p, st, reg := newPipeline(t)
	ctx := context.Background()
	good := filledWorkbook(t, reg, ainSIREN, nil)
	site := func(page, key string) reconcile.Origin {
		return reconcile.Origin{Kind: reconcile.OriginSite, Person: "dgs@ain.fr", Territory: page, Key: key}
	}
	out, err := p.Process(ctx, ingest.Incoming{Name: "a.xlsx", Content: good, Origin: site(ainSIREN, "site:1")})
	must(t, err)
	if out.Quarantined || out.Submission.Verdict != reconcile.Accepted {
		t.Fatalf("upload on its own page: %+v, findings %+v; want accepted", out, out.Submission.Findings)
	}
	for _, f := range out.Submission.Findings {
		if f.Code == reconcile.ExpediteurNonAutorise {
			t.Errorf("a sender finding for a site upload: %+v", f)
		}
	}
	stored, err := st.Submission(ctx, out.Submission.ID)
	must(t, err)
	if stored.Origin != site(ainSIREN, "site:1") {
		t.Errorf("stored origin %+v", stored.Origin)
	}

	other := "200046977"
	out, err = p.Process(ctx, ingest.Incoming{Name: "b.xlsx", Content: good, Origin: site(other, "site:2")})
	must(t, err)
	if !out.Quarantined || !strings.HasPrefix(out.Reason, "Ce classeur est celui du SIREN "+ainSIREN+", pas celui de ") ||
		!strings.HasPrefix(out.Receipt.Number, "QR-") {
		t.Fatalf("upload on another territory's page: %+v, want set aside", out)
	}
	subs, err := st.Submissions(ctx, reconcile.SubmissionFilter{})
	must(t, err)
	if len(subs) != 1 {
		t.Errorf("%d submissions, want the first upload only", len(subs))
	}
}
