package mail_test

import (
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/internal/mail"
)

// With Senders, a pass sends several messages at once over connections of
// their own, each message still exactly once; a server that cannot be used
// still stops the pass.
func TestOutboxSendersOverlap(t *testing.T) {
	srv := startSMTP(t)
	var mu sync.Mutex
	inData, most := 0, 0
	o, _ := newOutbox(t, srv)
	o.Senders = 4
	ctx := context.Background()
	const n = 20
	for i := range n {
		if _, _, err := o.EnqueueDraft(ctx, "ack", draft(fmt.Sprint("k", i), fmt.Sprintf("t%d@example.test", i))); err != nil {
			t.Fatal(err)
		}
	}
	o.Hook = func(point string) {
		if point != "claimed" {
			return
		}
		mu.Lock()
		inData++
		most = max(most, inData)
		mu.Unlock()
		time.Sleep(20 * time.Millisecond) // a slow server's exchange
		mu.Lock()
		inData--
		mu.Unlock()
	}
	res, err := o.Flush(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Sent != n {
		t.Errorf("Flush sent %d, want %d: %+v", res.Sent, n, res)
	}
	seen := map[string]int{}
	for _, d := range srv.deliveries() {
		seen[strings.Join(d.to, ",")]++
	}
	for i := range n {
		if to := fmt.Sprintf("t%d@example.test", i); seen[to] != 1 {
			t.Errorf("%s got %d messages, want 1", to, seen[to])
		}
	}
	if most < 2 || most > 4 {
		t.Errorf("at most %d messages were sent at once, want 2 to 4", most)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there
	sender, _ := mail.NewSMTP("smtp://"+addr, nil)
	down := mail.NewOutbox(openStore(t), sender, zerolog.Nop())
	down.Senders = 4
	for i := range n {
		down.EnqueueDraft(ctx, "ack", draft(fmt.Sprint("d", i), "ain@example.test"))
	}
	res, err = down.Flush(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Sent != 0 || res.Retried < 1 || res.Retried > 4 {
		t.Errorf("with the server down a pass tried %d messages, want 1 to 4 (one a sender): %+v", res.Retried, res)
	}
}
