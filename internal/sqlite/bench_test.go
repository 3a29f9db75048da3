package sqlite_test

import (
	"testing"

	"github.com/pactd/pactd/internal/storetest"
)

func BenchmarkRecordSubmission(b *testing.B) {
	storetest.BenchRecordSubmission(b, open(b))
}

func BenchmarkSubmissions(b *testing.B) {
	storetest.BenchSubmissions(b, open(b))
}
