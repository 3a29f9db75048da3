package mail_test

import (
	"context"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/pactd/pactd/internal/mail"
)

// TestSMTPKeepsConnection: messages sent one after the other go over one
// session of the server; once the server has dropped the kept connection,
// the next message is sent over a new one, not lost nor refused.
func TestSMTPKeepsConnection(t *testing.T) {
	var sessions atomic.Int32
	s := &smtpServer{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		sessions.Add(1)
		return &smtpSession{s: s}, nil
	}))
	srv.Domain = "localhost"
	srv.ReadTimeout = 300 * time.Millisecond // drops a connection idle that long
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	sender, err := mail.NewSMTP("smtp://"+ln.Addr().String(), nil)
	if err != nil {
		t.Fatal(err)
	}
	send := func() {
		t.Helper()
		d, err := sender.Send(context.Background(), "depot@example.test", []string{"ain@example.test"},
			[]byte("Subject: Accusé\r\n\r\nBonjour.\r\n"))
		if err != nil || len(d.Accepted) != 1 {
			t.Fatalf("Send: %+v, %v", d, err)
		}
	}
	for range 3 {
		send()
	}
	if got := sessions.Load(); got != 1 {
		t.Errorf("3 messages over %d sessions, want 1", got)
	}
	time.Sleep(time.Second) // the server drops the kept connection
	send()
	if got, want := len(s.deliveries()), 4; got != want {
		t.Errorf("%d messages delivered, want %d", got, want)
	}
	if got := sessions.Load(); got != 2 {
		t.Errorf("%d sessions, want 2: the dropped one, then a new one", got)
	}
}
