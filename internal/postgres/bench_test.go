package postgres_test

import (
	"testing"

	"github.com/pactd/pactd/internal/storetest"
)

func BenchmarkRecordSubmission(b *testing.B) {
	base, ok := serverURL(b)
	if !ok {
		return
	}
	storetest.BenchRecordSubmission(b, open(b, base))
}

func BenchmarkSubmissions(b *testing.B) {
	base, ok := serverURL(b)
	if !ok {
		return
	}
	storetest.BenchSubmissions(b, open(b, base))
}
