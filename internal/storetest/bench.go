package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/pactd/pactd/reconcile"
)

// BenchRecordSubmission measures RecordSubmission of new 50 KB workbooks
// with a 20-action report and their findings, one commit each.
func BenchRecordSubmission(b *testing.B, s reconcile.Store) {
	ctx := context.Background()
	subs := make([]*reconcile.Submission, b.N)
	for i := range subs {
		subs[i] = Sample(uint64(i+1), "220100010", 2025, 20, 50<<10)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.RecordSubmission(ctx, subs[i]); err != nil {
			b.Fatal(err)
		}
	}
}

// Territories is how many contracts pactd follows.
const Territories = 121

// FillYears records one submission per territory and contract year, each
// with a 20-action report: the listing the status page and the weekly report
// read (121 × 4).
func FillYears(tb testing.TB, s reconcile.Store) {
	tb.Helper()
	ctx := context.Background()
	for t := 0; t < Territories; t++ {
		siren := fmt.Sprintf("2%08d", t)
		for year := reconcile.FirstYear; year <= reconcile.LastYear; year++ {
			seed := uint64(t*10 + year - reconcile.FirstYear + 1)
			if _, err := s.RecordSubmission(ctx, Sample(seed, siren, year, 20, 1<<10)); err != nil {
				tb.Fatal(err)
			}
		}
	}
}

// BenchSubmissions measures listing every submission of a store filled
// by FillYears, reports and findings decoded.
func BenchSubmissions(b *testing.B, s reconcile.Store) {
	FillYears(b, s)
	ctx := context.Background()
	want := Territories * (reconcile.LastYear - reconcile.FirstYear + 1)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		subs, err := s.Submissions(ctx, reconcile.SubmissionFilter{})
		if err != nil {
			b.Fatal(err)
		}
		if len(subs) != want {
			b.Fatalf("%d submissions, want %d", len(subs), want)
		}
	}
}
