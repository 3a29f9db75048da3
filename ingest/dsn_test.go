package ingest_test

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"path/filepath"
	"testing"

	"github.com/pactd/pactd/ingest"
)

// TestParseDeliveryStatusPostfix reads the report part of a real bounce of
// the loopback Postfix (scripts/mailtest.sh, recipient nobody@bounce.test).
func TestParseDeliveryStatusPostfix(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "postfix-dsn.eml"))
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/report" || params["report-type"] != "delivery-status" {
		t.Fatalf("Content-Type %q %v: %v", mt, params, err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	var status []byte
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if p.Header.Get("Content-Type") == "message/delivery-status" {
			status, _ = io.ReadAll(p)
		}
	}
	got := ingest.ParseDeliveryStatus(status)
	want := ingest.DSNRecipient{Recipient: "nobody@bounce.test", Action: "failed", Status: "5.1.1",
		Diagnostic: "550 5.1.1 <nobody@bounce.test> User doesn't exist: nobody@bounce.test"}
	if len(got) != 1 || got[0] != want {
		t.Fatalf("ParseDeliveryStatus = %+v; want [%+v]", got, want)
	}
}

func TestParseDeliveryStatusGroups(t *testing.T) {
	body := "Reporting-MTA: dns; mx.example\r\n\r\nFinal-Recipient: rfc822; <a@x.fr>\r\nAction: delayed\r\nStatus: 4.4.1 (timeout)\r\n\r\n" +
		"Original-Recipient: rfc822;b@x.fr\r\nAction: Failed\r\nStatus: 5.2.2\r\n\r\nAction: failed\r\n"
	got := ingest.ParseDeliveryStatus([]byte(body))
	if len(got) != 2 || got[0].Recipient != "a@x.fr" || got[0].Status != "4.4.1" || got[0].Action != "delayed" ||
		got[1].Recipient != "b@x.fr" || got[1].Action != "failed" {
		t.Fatalf("ParseDeliveryStatus = %+v", got)
	}
}

func FuzzParseDeliveryStatus(f *testing.F) {
	f.Add([]byte("Reporting-MTA: dns; a\n\nFinal-Recipient: rfc822; x@y\nAction: failed\nStatus: 5.1.1\n"))
	f.Add([]byte("\n\n\n:\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, r := range ingest.ParseDeliveryStatus(b) {
			if r.Recipient == "" {
				t.Fatalf("a group without recipient was kept: %+v", r)
			}
		}
	})
}
