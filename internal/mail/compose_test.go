package mail_test

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	gomail "github.com/emersion/go-message/mail"

	"github.com/pactd/pactd/internal/mail"
)

func TestComposeFrenchReply(t *testing.T) {
	d := mail.Draft{
		From: "Délégation interministérielle <depot@example.test>", To: []string{"Élodie Müller <ain@example.test>"},
		Subject: mail.ReplySubject("RE: Re : Rapport d'exécution — été 2025"), Key: "ack:imap:x/INBOX/1/7/2",
		Date: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC), InReplyTo: "orig@ain.fr",
		References: mail.ReplyReferences("orig@ain.fr", []string{"first@ain.fr"}), AutoSubmitted: "auto-replied",
		Text:        "Bonjour,\nvotre rapport est accepté : 12 345,67 €.\n",
		Attachments: []mail.Attachment{{Name: "CLS_2025_220100010_ain-annoté.xlsx", ContentType: "application/octet-stream", Data: []byte{0, 1, 2, 0xff}}},
	}
	raw, id, err := mail.Compose(d)
	if err != nil {
		t.Fatal(err)
	}
	_, id2, _ := mail.Compose(d) // the multipart boundary is random; the identifier is not
	if id != id2 || !strings.HasSuffix(id, "@example.test") {
		t.Errorf("composing the same draft twice gave %s and %s", id, id2)
	}
	if !strings.Contains(string(raw), "filename*=utf-8''CLS_2025_220100010_ain-annot%C3%A9.xlsx") {
		t.Errorf("attachment name not in RFC 2231 form:\n%s", raw)
	}
	for _, line := range strings.Split(string(raw), "\r\n") {
		for _, c := range line {
			if c > 127 {
				t.Fatalf("non-ASCII byte in the message: %q", line)
			}
		}
	}
	r, err := gomail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	subject, _ := r.Header.Subject()
	from, _ := r.Header.AddressList("From")
	irt, _ := r.Header.MsgIDList("In-Reply-To")
	refs, _ := r.Header.MsgIDList("References")
	mid, _ := r.Header.MessageID()
	if subject != "Re: Rapport d'exécution — été 2025" {
		t.Errorf("subject %q", subject)
	}
	if from[0].Name != "Délégation interministérielle" || mid != id {
		t.Errorf("From %+v, Message-ID %q", from[0], mid)
	}
	if !slices.Equal(irt, []string{"orig@ain.fr"}) || !slices.Equal(refs, []string{"first@ain.fr", "orig@ain.fr"}) {
		t.Errorf("In-Reply-To %v, References %v", irt, refs)
	}
	if r.Header.Get("Auto-Submitted") != "auto-replied" {
		t.Error("Auto-Submitted missing")
	}
	var text string
	var names []string
	var data []byte
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p.Body)
		switch h := p.Header.(type) {
		case *gomail.InlineHeader:
			text = string(b)
		case *gomail.AttachmentHeader:
			n, _ := h.Filename()
			names, data = append(names, n), b
		}
	}
	if text != "Bonjour,\r\nvotre rapport est accepté : 12 345,67 €.\r\n" {
		t.Errorf("text %q", text)
	}
	if !slices.Equal(names, []string{"CLS_2025_220100010_ain-annoté.xlsx"}) || !bytes.Equal(data, []byte{0, 1, 2, 0xff}) {
		t.Errorf("attachments %v (%v)", names, data)
	}
}

func TestReplySubject(t *testing.T) {
	for in, want := range map[string]string{
		"Rapport":            "Re: Rapport",
		"Re: Rapport":        "Re: Rapport",
		"RE : re: Rapport":   "Re: Rapport",
		"TR: Rapport":        "Re: TR: Rapport",
		"  ":                 "Re: ",
		"Réponse au rapport": "Re: Réponse au rapport",
	} {
		if got := mail.ReplySubject(in); got != want {
			t.Errorf("ReplySubject(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAnnotatedName(t *testing.T) {
	for in, want := range map[string]string{
		"CLS_2025_220100010_ain.xlsx": "CLS_2025_220100010_ain-annote.xlsx",
		"rapport":                     "rapport-annote",
		"":                            "classeur-annote.xlsx",
	} {
		if got := mail.AnnotatedName(in); got != want {
			t.Errorf("AnnotatedName(%q) = %q, want %q", in, got, want)
		}
	}
}
