package reports_test

import (
	"io"
	"os"
	"testing"

	"github.com/pactd/pactd/reports"
)

// The benchmarks use the synthetic national week: 121 territories, 20
// actions each, a few findings each (see fixture_test.go).

func BenchmarkBuildWeekly(b *testing.B) {
	in := newFixture(b, 121, 20).input()
	b.ReportAllocs()
	for b.Loop() {
		reports.BuildWeekly(in)
	}
}

func BenchmarkWeeklyPDF(b *testing.B) {
	wk := reports.BuildWeekly(newFixture(b, 121, 20).input())
	b.ReportAllocs()
	for b.Loop() {
		if err := reports.WeeklyPDF(io.Discard, wk); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWeeklyAnnex(b *testing.B) {
	wk := reports.BuildWeekly(newFixture(b, 121, 20).input())
	b.ReportAllocs()
	for b.Loop() {
		if err := reports.WeeklyAnnex(io.Discard, wk); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAcknowledgmentPDF(b *testing.B) {
	ack := rejectedAck()
	b.ReportAllocs()
	for b.Loop() {
		if err := reports.AcknowledgmentPDF(io.Discard, ack); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAcknowledgmentText(b *testing.B) {
	ack := rejectedAck()
	b.ReportAllocs()
	for b.Loop() {
		reports.AcknowledgmentText(ack)
	}
}

func BenchmarkAnnotate(b *testing.B) {
	data, err := os.ReadFile("testdata/classeur-libreoffice.xlsx")
	if err != nil {
		b.Fatal(err)
	}
	fs := annotateFindings()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := reports.Annotate(data, fs, testService); err != nil {
			b.Fatal(err)
		}
	}
}
