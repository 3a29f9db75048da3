package postgres_test

import (
	"testing"

	"github.com/pactd/pactd/internal/mailstoretest"
)

// TestMailStore runs the outbox and IMAP ledger contract on PostgreSQL.
func TestMailStore(t *testing.T) {
	base, ok := serverURL(t)
	if !ok {
		return
	}
	mailstoretest.Run(t, open(t, base))
}
