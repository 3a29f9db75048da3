package ingest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pactd/pactd/ingest"
)

// Waits of the tests: a turn expected to pass is given passLimit (generous,
// so that a loaded machine that schedules the goroutine late does not fail
// the test), a turn expected to wait is watched for holdLimit.
const (
	passLimit = 5 * time.Second
	holdLimit = 50 * time.Millisecond
)

// passes reports whether t.Wait(key) returns within limit; when it does
// not, the wait goes on in the background and its result arrives on the
// returned channel.
func passes(t *testing.T, turn *ingest.Turn, key string, limit time.Duration) (bool, <-chan error) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- turn.Wait(context.Background(), key) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
		return true, nil
	case <-time.After(limit):
		return false, done
	}
}

// TestArrivalsOrder: a turn waits for the earlier open turns of its
// territory, and for earlier turns that have not yet said theirs; other
// territories and unreadable files ("") pass.
func TestArrivalsOrder(t *testing.T) {
	var a ingest.Arrivals
	ain1 := a.Next(1)
	unknown := a.Next(1) // still parsing
	ain2 := a.Next(1)
	if ok, _ := passes(t, ain1, "220100010", passLimit); !ok {
		t.Fatal("the first turn waited")
	}
	ok, later := passes(t, ain2, "220100010", holdLimit)
	if ok {
		t.Fatal("the Ain's second file passed while its first is open")
	}
	ain1.Done()
	select {
	case <-later:
		t.Fatal("the Ain's second file passed while a turn that came first has not said its territory")
	case <-time.After(50 * time.Millisecond):
	}
	if ok, _ := passes(t, unknown, "220200026", passLimit); !ok {
		t.Fatal("the Aisne waited for the Ain")
	}
	select {
	case err := <-later:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the Ain's second file still waits once the earlier turns are done or about another territory")
	}
	unknown.Done()
	ain2.Done()
	ain2.Done() // twice is harmless
}

// TestArrivalsMessageWithTwoWorkbooks: a message announcing two workbooks
// holds later turns until it has said both territories.
func TestArrivalsMessageWithTwoWorkbooks(t *testing.T) {
	var a ingest.Arrivals
	msg := a.Next(2)
	next := a.Next(1)
	if ok, _ := passes(t, msg, "220100010", passLimit); !ok {
		t.Fatal("the message's first workbook waited")
	}
	ok, later := passes(t, next, "220200026", holdLimit)
	if ok {
		t.Fatal("a later file passed before the message said its second territory")
	}
	if ok, _ := passes(t, msg, "200046977", passLimit); !ok {
		t.Fatal("the message's second workbook waited")
	}
	select {
	case <-later:
	case <-time.After(5 * time.Second):
		t.Fatal("another territory still waits once the message said both of its")
	}
	if ok, _ := passes(t, a.Next(1), "", passLimit); !ok {
		t.Fatal("an unreadable file waited")
	}
	var none *ingest.Turn
	if err := none.Wait(context.Background(), "220100010"); err != nil {
		t.Fatal(err)
	}
	none.Done()
}

// TestArrivalsWaitCancelled: a wait ends with the context.
func TestArrivalsWaitCancelled(t *testing.T) {
	var a ingest.Arrivals
	first := a.Next(1)
	defer first.Done()
	if err := first.Wait(context.Background(), "220100010"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := a.Next(1).Wait(ctx, "220100010"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Wait behind an open turn of the same territory = %v, want the context's deadline", err)
	}
}
