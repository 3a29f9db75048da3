package mail

import (
	"bytes"
	"testing"
)

// FuzzStripAttachments checks that stripping never panics, never grows a
// message, keeps its header, and changes it only when it names what it
// removed.
func FuzzStripAttachments(f *testing.F) {
	raw, _, err := Compose(Draft{From: "a@example.test", To: []string{"b@example.test"}, Subject: "s", Key: "k", Text: "t",
		Attachments: []Attachment{{Name: "r.pdf", ContentType: "application/pdf", Data: []byte("%PDF")}}})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	f.Add([]byte("Subject: x\r\n\r\nbody"))
	f.Add([]byte("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Disposition: attachment\r\n\r\nx\r\n--b--\r\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		out, names := stripAttachments(raw)
		if len(out) > len(raw) {
			t.Fatalf("grew from %d to %d bytes", len(raw), len(out))
		}
		if (len(names) == 0) != bytes.Equal(out, raw) {
			t.Fatalf("changed %v, names %q", !bytes.Equal(out, raw), names)
		}
		if sep := bytes.Index(raw, []byte("\r\n\r\n")); sep >= 0 && !bytes.HasPrefix(out, raw[:sep+4]) {
			t.Fatal("header changed")
		}
	})
}
