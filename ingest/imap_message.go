package ingest

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime/quotedprintable"
	"net"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	gomessage "github.com/emersion/go-message"
	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"

	"github.com/pactd/pactd/reconcile"
)

// headerFields are the header fields fetched with the envelope.
var headerFields = []string{"From", "Subject", "Message-ID", "References", "In-Reply-To", "Date",
	"Authentication-Results", "Auto-Submitted", "Precedence", "Return-Path"}

func headerSection() *imap.FetchItemBodySection {
	return &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, HeaderFields: headerFields, Peek: true}
}

// messageInfo is what the intake reads of a message before its parts.
type messageInfo struct {
	uid         uint32
	messageID   string
	from        string
	fromFields  []string // the From header fields, as written
	subject     string
	references  []string
	authResults []string
	automatic   bool // an auto-reply, a bounce or list mail: never answered
	received    time.Time
	size        int64
}

func readMessageInfo(m *imapclient.FetchMessageBuffer, hdr *imap.FetchItemBodySection) messageInfo {
	info := messageInfo{uid: uint32(m.UID), received: m.InternalDate, size: m.RFC822Size}
	if env := m.Envelope; env != nil {
		info.messageID, info.subject = env.MessageID, env.Subject
		if len(env.From) == 1 {
			info.from = env.From[0].Addr()
		}
	}
	raw := m.FindBodySection(hdr)
	th, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		return info
	}
	h := mail.Header{Header: gomessage.Header{Header: th}}
	if list, err := h.AddressList("From"); err == nil && len(list) == 1 {
		info.from = list[0].Address
	}
	if s, err := h.Subject(); err == nil && s != "" {
		info.subject = s
	}
	if id, err := h.MessageID(); err == nil && id != "" {
		info.messageID = id
	}
	info.references, _ = h.MsgIDList("References")
	if len(info.references) == 0 {
		info.references, _ = h.MsgIDList("In-Reply-To")
	}
	info.fromFields = h.Values("From")
	info.authResults = h.Values("Authentication-Results")
	auto := strings.ToLower(strings.TrimSpace(h.Get("Auto-Submitted")))
	prec := strings.ToLower(strings.TrimSpace(h.Get("Precedence")))
	rp := strings.TrimSpace(h.Get("Return-Path"))
	local := strings.ToLower(info.from)
	info.automatic = (auto != "" && auto != "no") || prec == "bulk" || prec == "junk" || prec == "list" ||
		rp == "<>" || strings.HasPrefix(local, "mailer-daemon@") || strings.HasPrefix(local, "postmaster@")
	return info
}

// workbookPart is an attachment that may be a workbook.
type workbookPart struct {
	path     []int
	name     string
	encoding string
	size     int64 // as encoded in the message
}

// spreadsheetTypes are media types of workbooks, whatever their name.
var spreadsheetTypes = map[string]bool{
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": true,
	"application/vnd.ms-excel":                              true,
	"application/vnd.ms-excel.sheet.macroenabled.12":        true,
	"application/vnd.ms-excel.sheet.binary.macroenabled.12": true,
	"application/vnd.oasis.opendocument.spreadsheet":        true,
}

// spreadsheetExts are file extensions of workbooks. The pipeline accepts
// .xlsx only; the others reach it so that the sender learns why
// (FICHIER_ILLISIBLE: macro-enabled, legacy, another format).
var spreadsheetExts = map[string]bool{".xlsx": true, ".xlsm": true, ".xls": true, ".xlsb": true, ".ods": true}

// workbookParts lists the workbook attachments of a message. Attachments
// of a message forwarded as an attachment (message/rfc822) are not looked
// into: the forward itself is what was sent.
func workbookParts(bs imap.BodyStructure) []workbookPart {
	var out []workbookPart
	if bs == nil {
		return nil
	}
	bs.Walk(func(p []int, part imap.BodyStructure) bool {
		sp, ok := part.(*imap.BodyStructureSinglePart)
		if !ok {
			return true
		}
		name := sp.Filename()
		ext := strings.ToLower(path.Ext(name))
		if !spreadsheetExts[ext] && !spreadsheetTypes[sp.MediaType()] {
			return true
		}
		if name == "" {
			name = "piece-jointe-" + partPath(p) + ".xlsx"
		}
		out = append(out, workbookPart{path: append([]int(nil), p...), name: path.Base(strings.ReplaceAll(name, "\\", "/")),
			encoding: strings.ToLower(sp.Encoding), size: int64(sp.Size)})
		return true
	})
	return out
}

func partPath(p []int) string {
	s := make([]string, len(p))
	for i, n := range p {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ".")
}

// fetchParts fetches the decoded bytes of the parts of message uid:
// BINARY.PEEK where the server has BINARY, else BODY.PEEK decoded here.
func (s *IMAPSource) fetchParts(c *imapclient.Client, uid uint32, parts []workbookPart) ([][]byte, error) {
	opts := &imap.FetchOptions{UID: true}
	binary := c.Caps().Has(imap.CapBinary)
	var bins []*imap.FetchItemBinarySection
	var bodies []*imap.FetchItemBodySection
	for _, p := range parts {
		if binary {
			bins = append(bins, &imap.FetchItemBinarySection{Part: p.path, Peek: true})
		} else {
			bodies = append(bodies, &imap.FetchItemBodySection{Part: p.path, Peek: true})
		}
	}
	opts.BinarySection, opts.BodySection = bins, bodies
	msgs, err := c.Fetch(imap.UIDSetNum(imap.UID(uid)), opts).Collect()
	if err != nil {
		return nil, fmt.Errorf("fetch parts of message %d: %w", uid, err)
	}
	if len(msgs) != 1 {
		return nil, fmt.Errorf("fetch parts of message %d: %w", uid, errMessageGone)
	}
	out := make([][]byte, len(parts))
	for i, p := range parts {
		if binary {
			out[i] = msgs[0].FindBinarySection(bins[i])
		} else {
			data, err := decodePart(p.encoding, msgs[0].FindBodySection(bodies[i]))
			if err != nil {
				return nil, fmt.Errorf("decode part %s of message %d: %w", partPath(p.path), uid, errUnreadable{err})
			}
			out[i] = data
		}
		if out[i] == nil {
			return nil, fmt.Errorf("fetch part %s of message %d: %w", partPath(p.path), uid, errUnreadable{errors.New("no data returned")})
		}
	}
	return out, nil
}

// errMessageGone: the message left the mailbox between SEARCH and FETCH.
var errMessageGone = errors.New("message no longer in the mailbox")

// errUnreadable marks a part the server returned but that cannot be read.
type errUnreadable struct{ error }

func (e errUnreadable) Unwrap() error { return e.error }

// decodePart undoes a Content-Transfer-Encoding.
func decodePart(encoding string, data []byte) ([]byte, error) {
	switch strings.ToLower(encoding) {
	case "base64":
		clean := bytes.Map(func(r rune) rune {
			if r == '\r' || r == '\n' || r == ' ' || r == '\t' {
				return -1
			}
			return r
		}, data)
		out := make([]byte, base64.StdEncoding.DecodedLen(len(clean)))
		n, err := base64.StdEncoding.Decode(out, clean)
		if err != nil {
			// Some mailers drop the padding.
			n, err = base64.RawStdEncoding.Decode(out, bytes.TrimRight(clean, "="))
		}
		if err != nil {
			return nil, err
		}
		return out[:n], nil
	case "quoted-printable":
		return io.ReadAll(quotedprintable.NewReader(bytes.NewReader(data)))
	case "", "7bit", "8bit", "binary":
		return data, nil
	}
	return nil, fmt.Errorf("unknown transfer encoding %q", encoding)
}

// isConnError reports whether err says the connection is gone.
func isConnError(err error) bool {
	var ne net.Error
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) ||
		errors.As(err, &ne)
}

// origin returns the Origin of the message's part (or "message" for the
// message itself).
func (s *IMAPSource) origin(uidValidity uint32, info messageInfo, part string) reconcile.Origin {
	return reconcile.Origin{
		Kind: reconcile.OriginEmail, Sender: info.from, MessageID: info.messageID, Subject: info.subject,
		Account: s.target.account(), Mailbox: s.target.mailbox, UIDValidity: uidValidity, UID: info.uid,
		Key: fmt.Sprintf("imap:%s/%s/%d/%d/%s", s.target.account(), s.target.mailbox, uidValidity, info.uid, part),
	}
}
