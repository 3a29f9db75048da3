package ingest_test

import (
	"context"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/samples"
	"github.com/pactd/pactd/templates"
)

// benchPipeline returns a pipeline over a SQLite store holding the sample
// register (121 contracts, 2,625 actions: the real size), and the sample
// submissions.
func benchPipeline(b *testing.B, dryRun bool) (*ingest.Pipeline, []samples.File) {
	b.Helper()
	reg, err := templates.ReadRegister(samples.Register(), "registre.xlsx")
	if err != nil {
		b.Fatal(err)
	}
	store := openStore(b)
	if _, err := store.SaveRegister(context.Background(), reg); err != nil {
		b.Fatal(err)
	}
	return &ingest.Pipeline{Store: store, DryRun: dryRun, Log: zerolog.Nop()}, samples.Submissions()
}

// BenchmarkPipelineDryRun is pactd ingest --dry-run's work per file with
// the real-size register: parse, sender check, earlier reports, rules.
// Profile it: go test -run '^$' -bench PipelineDryRun -cpuprofile cpu.out ./ingest/
func BenchmarkPipelineDryRun(b *testing.B) {
	p, files := benchPipeline(b, true)
	ctx := context.Background()
	b.ResetTimer()
	for i := range b.N {
		f := files[i%len(files)]
		if _, err := p.Process(ctx, ingest.Incoming{Name: f.Name, Content: f.Content,
			Origin: reconcile.Origin{Kind: reconcile.OriginCommand}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPipelineRecord is the same with every file recorded (SQLite,
// synchronous=FULL), each under a receipt of its own.
func BenchmarkPipelineRecord(b *testing.B) {
	p, files := benchPipeline(b, false)
	ctx := context.Background()
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	b.ResetTimer()
	for i := range b.N {
		f := files[i%len(files)]
		if _, err := p.Process(ctx, ingest.Incoming{Name: f.Name, Content: f.Content, ReceivedAt: start.Add(time.Duration(i) * time.Second),
			Origin: reconcile.Origin{Kind: reconcile.OriginCommand, Key: "bench:" + time.Duration(i).String()}}); err != nil {
			b.Fatal(err)
		}
	}
}
