package mail

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"mime"
	"net/textproto"
	"strings"
	"time"
)

// purgeBatch is how many messages one PurgeAttachments query takes.
const purgeBatch = 50

// PurgeAttachments removes the attachments of the messages the server
// accepted more than KeepAttachments ago: their Raw keeps the headers and
// the text, the record (subject, recipients, state, dates) stays, and
// PurgedAt and Attachments say what was removed and when. It returns how
// many messages it purged; with KeepAttachments 0 it does nothing.
// Acknowledgments and reports stay available elsewhere: the status site
// renders acknowledgments from the store and keeps the reports.
func (o *Outbox) PurgeAttachments(ctx context.Context) (int, error) {
	if o.KeepAttachments <= 0 {
		return 0, nil
	}
	now := o.now()
	before := now.Add(-o.KeepAttachments)
	n := 0
	for ctx.Err() == nil {
		ms, err := o.store.SentMailToPurge(ctx, before, purgeBatch)
		if err != nil {
			return n, fmt.Errorf("purge outbox attachments: %w", err)
		}
		for _, m := range ms {
			raw, names := stripAttachments(m.Raw)
			if err := o.store.PurgeMail(ctx, m.ID, raw, names, now); err != nil {
				return n, fmt.Errorf("purge outbox attachments: %w", err)
			}
			n++
		}
		if len(ms) < purgeBatch {
			break
		}
	}
	if n > 0 {
		o.log.Info().Int("messages", n).Time("sent_before", before).Msg("outbox attachments purged")
	}
	return n, nil
}

// purgeHourly runs PurgeAttachments when it has not run for an hour.
func (o *Outbox) purgeHourly(ctx context.Context) {
	if o.KeepAttachments <= 0 || time.Since(o.lastPurge) < time.Hour {
		return
	}
	o.lastPurge = time.Now()
	if _, err := o.PurgeAttachments(ctx); err != nil && ctx.Err() == nil {
		o.log.Error().Err(err).Msg("outbox retention")
	}
}

// stripAttachments returns raw without the parts of its top-level
// multipart body that are attachments, and their file names. The header
// and the other parts are kept byte for byte. A message that is not
// multipart, or that cannot be parsed, is returned as it is (nothing is
// lost by mistake).
func stripAttachments(raw []byte) ([]byte, []string) {
	sep := bytes.Index(raw, []byte("\r\n\r\n"))
	if sep < 0 {
		return raw, nil
	}
	header, body := raw[:sep+4], raw[sep+4:]
	h, err := textproto.NewReader(bufio.NewReader(bytes.NewReader(header))).ReadMIMEHeader()
	if err != nil {
		return raw, nil
	}
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mt, "multipart/") || params["boundary"] == "" {
		return raw, nil
	}
	delim := []byte("\r\n--" + params["boundary"])
	// body = preamble, then each part after a delimiter line; the close
	// delimiter is followed by "--".
	chunks := bytes.Split(append([]byte("\r\n"), body...), delim)
	if len(chunks) < 3 {
		return raw, nil
	}
	// Rebuild "\r\n"+body from the chunks kept, then drop that "\r\n".
	var kept bytes.Buffer
	kept.Write(chunks[0]) // preamble
	var names []string
	for _, c := range chunks[1:] {
		if bytes.HasPrefix(c, []byte("--")) { // close delimiter and epilogue
			kept.Write(delim)
			kept.Write(c)
			break
		}
		if name, ok := attachmentName(c); ok {
			names = append(names, name)
			continue
		}
		kept.Write(delim)
		kept.Write(c)
	}
	if len(names) == 0 {
		return raw, nil
	}
	out := append(append([]byte{}, header...), kept.Bytes()[2:]...)
	return out, names
}

// attachmentName reads the header of one part (after its delimiter line)
// and reports whether it is an attachment, with its file name.
func attachmentName(part []byte) (string, bool) {
	part = bytes.TrimLeft(part, " \t") // transport padding of the delimiter line
	part = bytes.TrimPrefix(part, []byte("\r\n"))
	h, err := textproto.NewReader(bufio.NewReader(bytes.NewReader(part))).ReadMIMEHeader()
	if err != nil {
		return "", false
	}
	disp, params, err := mime.ParseMediaType(h.Get("Content-Disposition"))
	if err != nil || disp != "attachment" {
		return "", false
	}
	name := params["filename"]
	if name == "" {
		_, ctParams, _ := mime.ParseMediaType(h.Get("Content-Type"))
		name = ctParams["name"]
	}
	if dec, err := new(mime.WordDecoder).DecodeHeader(name); err == nil {
		name = dec
	}
	return name, true
}
