package mail

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime"
	netmail "net/mail"
	"strings"
	"time"

	gomail "github.com/emersion/go-message/mail"
)

// Attachment is a file attached to a Draft.
type Attachment struct {
	Name        string // file name as the recipient sees it, any characters
	ContentType string // e.g. "application/pdf"
	Data        []byte
}

// Draft is a message to compose: headers, a French plain-text body and
// attachments.
type Draft struct {
	From    string // "pactd <depot@example.test>" or a bare address
	To      []string
	Cc      []string
	Subject string
	Date    time.Time
	// MessageID without angle brackets; Compose derives one from Key when
	// empty, so composing the same draft twice gives the same identifier.
	MessageID string
	Key       string
	// InReplyTo and References thread a reply (identifiers without angle
	// brackets).
	InReplyTo  string
	References []string
	// AutoSubmitted is "auto-replied" for replies to a message,
	// "auto-generated" for scheduled mail (RFC 3834); empty for none.
	AutoSubmitted string
	Text          string
	Attachments   []Attachment
}

// Compose writes d as an RFC 5322 message: UTF-8 text in quoted-printable,
// names and subject in RFC 2047, attachment names in RFC 2231. It returns
// the message and its Message-ID (without angle brackets).
func Compose(d Draft) ([]byte, string, error) {
	from, err := netmail.ParseAddress(d.From)
	if err != nil {
		return nil, "", fmt.Errorf("compose message: read sender %q: %w", d.From, err)
	}
	to, err := parseAddresses(d.To)
	if err != nil {
		return nil, "", fmt.Errorf("compose message: %w", err)
	}
	cc, err := parseAddresses(d.Cc)
	if err != nil {
		return nil, "", fmt.Errorf("compose message: %w", err)
	}
	id := d.MessageID
	if id == "" {
		id = MessageIDFor(d.Key, from.Address)
	}
	var h gomail.Header
	h.SetAddressList("From", []*gomail.Address{(*gomail.Address)(from)})
	h.SetAddressList("To", to)
	h.SetAddressList("Cc", cc)
	h.SetSubject(d.Subject)
	date := d.Date
	if date.IsZero() {
		date = time.Now()
	}
	h.SetDate(date)
	h.SetMessageID(id)
	if d.InReplyTo != "" {
		h.SetMsgIDList("In-Reply-To", []string{d.InReplyTo})
	}
	if len(d.References) > 0 {
		h.SetMsgIDList("References", d.References)
	}
	if d.AutoSubmitted != "" {
		h.Set("Auto-Submitted", d.AutoSubmitted)
	}
	h.Set("MIME-Version", "1.0")

	var buf bytes.Buffer
	text := strings.ReplaceAll(d.Text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\n", "\r\n")
	if len(d.Attachments) == 0 {
		h.SetContentType("text/plain", map[string]string{"charset": "utf-8"})
		w, err := gomail.CreateSingleInlineWriter(&buf, h)
		if err != nil {
			return nil, "", fmt.Errorf("compose message %s: %w", id, err)
		}
		if _, err := w.Write([]byte(text)); err != nil {
			return nil, "", fmt.Errorf("compose message %s: %w", id, err)
		}
		if err := w.Close(); err != nil {
			return nil, "", fmt.Errorf("compose message %s: %w", id, err)
		}
		return buf.Bytes(), id, nil
	}
	mw, err := gomail.CreateWriter(&buf, h)
	if err != nil {
		return nil, "", fmt.Errorf("compose message %s: %w", id, err)
	}
	var th gomail.InlineHeader
	th.SetContentType("text/plain", map[string]string{"charset": "utf-8"})
	tw, err := mw.CreateSingleInline(th)
	if err == nil {
		_, err = tw.Write([]byte(text))
	}
	if err == nil {
		err = tw.Close()
	}
	if err != nil {
		return nil, "", fmt.Errorf("compose message %s: write text: %w", id, err)
	}
	for _, a := range d.Attachments {
		var ah gomail.AttachmentHeader
		ct := a.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		// mime.FormatMediaType writes RFC 2231 (name*=utf-8''…) for
		// non-ASCII names; go-message's setters would use RFC 2047 words.
		ah.Set("Content-Type", mime.FormatMediaType(ct, map[string]string{"name": a.Name}))
		ah.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Name}))
		ah.Set("Content-Transfer-Encoding", "base64")
		aw, err := mw.CreateAttachment(ah)
		if err == nil {
			_, err = aw.Write(a.Data)
		}
		if err == nil {
			err = aw.Close()
		}
		if err != nil {
			return nil, "", fmt.Errorf("compose message %s: attach %q: %w", id, a.Name, err)
		}
	}
	if err := mw.Close(); err != nil {
		return nil, "", fmt.Errorf("compose message %s: %w", id, err)
	}
	return buf.Bytes(), id, nil
}

func parseAddresses(list []string) ([]*gomail.Address, error) {
	var out []*gomail.Address
	for _, s := range list {
		a, err := netmail.ParseAddress(s)
		if err != nil {
			return nil, fmt.Errorf("read address %q: %w", s, err)
		}
		out = append(out, (*gomail.Address)(a))
	}
	return out, nil
}

// MessageIDFor returns the Message-ID (without angle brackets) of the
// message enqueued with key from address: the same key always gives the
// same identifier, so a message composed again after a crash is the same
// message. An empty key gives a random-free identifier of the time.
func MessageIDFor(key, from string) string {
	domain := "pactd.invalid"
	if at := strings.LastIndexByte(from, '@'); at >= 0 && at < len(from)-1 {
		domain = from[at+1:]
	}
	if key == "" {
		key = time.Now().Format(time.RFC3339Nano)
	}
	sum := sha256.Sum256([]byte(key))
	return "pactd." + hex.EncodeToString(sum[:12]) + "@" + domain
}

// ReplySubject returns "Re: " + subject, without stacking prefixes.
func ReplySubject(subject string) string {
	s := strings.TrimSpace(subject)
	for {
		l := strings.ToLower(s)
		switch {
		case strings.HasPrefix(l, "re:"):
			s = strings.TrimSpace(s[3:])
		case strings.HasPrefix(l, "re :"):
			s = strings.TrimSpace(s[4:])
		case strings.HasPrefix(l, "tr:"), strings.HasPrefix(l, "fw:"):
			// Keep forwards: replying to a forward is still about it.
			return "Re: " + s
		default:
			return "Re: " + s
		}
	}
}

// ReplyReferences returns the References of a reply to a message with
// that Message-ID and References: its references then its own identifier
// (RFC 5322 §3.6.4), at most 20.
func ReplyReferences(messageID string, refs []string) []string {
	out := append([]string(nil), refs...)
	if messageID != "" {
		out = append(out, messageID)
	}
	if len(out) > 20 {
		out = append(out[:1:1], out[len(out)-19:]...)
	}
	return out
}
