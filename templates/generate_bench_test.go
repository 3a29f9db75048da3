package templates_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/pactd/pactd/templates"
)

// BenchmarkGenerateLargest generates the workbook of the sample contract
// with the most actions in 2025.
func BenchmarkGenerateLargest(b *testing.B) {
	reg := readSample(b)
	best := reg.Contracts[0]
	for _, c := range reg.Contracts {
		if len(c.ActionsFor(2025)) > len(best.ActionsFor(2025)) {
			best = c
		}
	}
	b.ReportMetric(float64(len(best.ActionsFor(2025))), "actions")
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := templates.Generate(&buf, reg, best.Territory.SIREN, 2025); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/file")
}

// BenchmarkGenerateAll writes the 121 workbooks of 2025 of the sample
// register to disk, as pactd templates generate does.
func BenchmarkGenerateAll(b *testing.B) {
	reg := readSample(b)
	dir := b.TempDir()
	var n int
	for b.Loop() {
		paths, err := templates.GenerateAll(context.Background(), dir, reg, 2025, nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		n = len(paths)
	}
	b.ReportMetric(float64(n), "files")
}
