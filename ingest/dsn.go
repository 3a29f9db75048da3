package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	gomessage "github.com/emersion/go-message"
	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"

	"github.com/pactd/pactd/reconcile"
)

// Delivery status notifications (RFC 3464) about the workbooks pactd
// mailed (pactd templates send) come back to the intake mailbox, since the
// campaign's envelope sender is its address. They are read here, matched
// to the campaign message by the Message-ID in the returned headers, and
// recorded as bounces: never a submission, never answered. docs/MAIL.md
// (« Campagne ») says why they are taken without sender authentication.

// DSNRecipient is one per-recipient group of a delivery status report.
type DSNRecipient struct {
	Recipient  string // Final-Recipient (or Original-Recipient) address
	Action     string // failed, delayed, delivered, relayed, expanded
	Status     string // 5.1.1
	Diagnostic string // Diagnostic-Code, without its type
}

// ParseDeliveryStatus reads the message/delivery-status part of a report:
// its per-recipient groups, in order. Fields it does not know are skipped;
// a group without a recipient is dropped.
func ParseDeliveryStatus(body []byte) []DSNRecipient {
	var out []DSNRecipient
	body = bytes.ReplaceAll(body, []byte("\r\n"), []byte("\n"))
	groups := bytes.Split(body, []byte("\n\n"))
	for i, g := range groups {
		if len(bytes.TrimSpace(g)) == 0 {
			continue
		}
		h, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(append(bytes.TrimLeft(g, "\n"), '\n', '\n'))))
		if err != nil || i == 0 && h.Get("Final-Recipient") == "" {
			// The first group is per message (Reporting-MTA...).
			continue
		}
		r := DSNRecipient{Recipient: typedValue(h.Get("Final-Recipient")), Action: strings.ToLower(strings.TrimSpace(h.Get("Action"))),
			Status: strings.TrimSpace(h.Get("Status")), Diagnostic: typedValue(h.Get("Diagnostic-Code"))}
		if r.Recipient == "" {
			r.Recipient = typedValue(h.Get("Original-Recipient"))
		}
		if r.Recipient == "" {
			continue
		}
		if sp := strings.IndexAny(r.Status, " \t("); sp > 0 {
			r.Status = r.Status[:sp]
		}
		out = append(out, r)
	}
	return out
}

// typedValue returns the value of "type; value" (rfc822; a@b.fr), unfolded.
func typedValue(v string) string {
	v = strings.Join(strings.Fields(v), " ")
	if i := strings.IndexByte(v, ';'); i >= 0 {
		v = v[i+1:]
	}
	return strings.Trim(strings.TrimSpace(v), "<>")
}

// returnedMessageID reads the Message-ID of the returned message from its
// headers (a text/rfc822-headers part, or the header of message/rfc822).
func returnedMessageID(headers []byte) string {
	th, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(headers)))
	if err != nil && th.Len() == 0 {
		return ""
	}
	h := mail.Header{Header: gomessage.Header{Header: th}}
	id, _ := h.MessageID()
	return id
}

// deliveryReport holds the parts of a multipart/report;
// report-type=delivery-status message, or nil paths when it is not one.
type deliveryReport struct {
	status   []int // message/delivery-status
	returned []int // text/rfc822-headers or message/rfc822
	whole    bool  // returned is message/rfc822: fetch its header only
}

// findDeliveryReport tells a delivery status notification by its body
// structure.
func findDeliveryReport(bs imap.BodyStructure) *deliveryReport {
	mp, ok := bs.(*imap.BodyStructureMultiPart)
	if !ok || !strings.EqualFold(mp.Subtype, "report") || mp.Extended == nil ||
		!strings.EqualFold(mp.Extended.Params["report-type"], "delivery-status") {
		return nil
	}
	r := &deliveryReport{}
	for i, c := range mp.Children {
		switch strings.ToLower(c.MediaType()) {
		case "message/delivery-status", "message/global-delivery-status":
			r.status = []int{i + 1}
		case "text/rfc822-headers", "message/global-headers":
			r.returned = []int{i + 1}
		case "message/rfc822", "message/global":
			r.returned, r.whole = []int{i + 1}, true
		}
	}
	if r.status == nil {
		return nil
	}
	return r
}

// handleBounce records the bounces a delivery report brings about a
// campaign message. It reports false (nothing recorded, the message goes
// its usual way) when the store keeps no campaign record, the report names
// no returned Message-ID, or that Message-ID is not a campaign message.
func (s *IMAPSource) handleBounce(ctx context.Context, c *imapclient.Client, uidValidity uint32, info messageInfo, r *deliveryReport) (bool, string, error) {
	cs, ok := s.store.(reconcile.CampaignStore)
	if !ok || r.returned == nil {
		return false, "", nil
	}
	status := &imap.FetchItemBodySection{Part: r.status, Peek: true}
	returned := &imap.FetchItemBodySection{Part: r.returned, Peek: true}
	if r.whole {
		returned.Specifier = imap.PartSpecifierHeader
	}
	msgs, err := c.Fetch(imap.UIDSetNum(imap.UID(info.uid)), &imap.FetchOptions{UID: true,
		BodySection: []*imap.FetchItemBodySection{status, returned}}).Collect()
	if err != nil {
		return false, "", fmt.Errorf("fetch delivery report %d: %w", info.uid, err)
	}
	if len(msgs) != 1 {
		return false, "", fmt.Errorf("fetch delivery report %d: %w", info.uid, errMessageGone)
	}
	id := returnedMessageID(msgs[0].FindBodySection(returned))
	if id == "" {
		return false, "", nil
	}
	send, err := cs.CampaignSendByMessageID(ctx, []string{id})
	if errors.Is(err, reconcile.ErrNotFound) {
		return false, "", nil
	}
	if err != nil {
		return false, "", err
	}
	var who []string
	for _, rc := range ParseDeliveryStatus(msgs[0].FindBodySection(status)) {
		b := &reconcile.Bounce{SendID: send.ID, Recipient: rc.Recipient, Action: rc.Action, Status: rc.Status,
			Diagnostic: rc.Diagnostic, ReceivedAt: info.received,
			OriginKey: fmt.Sprintf("imap:%s/%s/%d/%d", s.target.account(), s.target.mailbox, uidValidity, info.uid)}
		if _, err := cs.RecordBounce(ctx, b); err != nil {
			return false, "", err
		}
		who = append(who, rc.Recipient+" ("+rc.Action+" "+rc.Status+")")
	}
	s.log.Info().Uint32("uid", info.uid).Str("siren", send.SIREN).Int("year", send.Year).Int("recipients", len(who)).
		Msg("delivery report of a campaign message recorded")
	return true, fmt.Sprintf("avis de remise du classeur %s envoyé à %s : %s", send.FileName, send.SIREN, strings.Join(who, ", ")), nil
}
