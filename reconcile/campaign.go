package reconcile

import (
	"context"
	"time"
)

// SendReason says why pactd templates send mailed a workbook.
type SendReason string

// Reasons of a campaign send.
const (
	SendFirst   SendReason = "envoi"        // the year's first workbook of the territory
	SendResent  SendReason = "renvoi"       // sent again on purpose (--siren)
	SendChanged SendReason = "modification" // the register changed its commitments (--changed)
)

// Label returns the reason in French.
func (r SendReason) Label() string {
	switch r {
	case SendResent:
		return "renvoi demandé"
	case SendChanged:
		return "engagements modifiés"
	}
	return "premier envoi"
}

// CampaignSend is one pre-filled workbook mailed to a territory by pactd
// templates send, recorded when it is queued in the outbox. The delivery
// fields come from the outbox message of OutboxKey when the store lists it.
type CampaignSend struct {
	ID              int64      `json:"id"`
	Year            int        `json:"year"`
	SIREN           string     `json:"siren"`
	RegisterVersion int64      `json:"register_version"`
	Fingerprint     string     `json:"fingerprint"`
	FileName        string     `json:"file"`
	To              []string   `json:"to"`
	MessageID       string     `json:"message_id"` // without angle brackets
	OutboxKey       string     `json:"outbox_key"`
	Reason          SendReason `json:"reason"`
	// Note says in French what changed, or why it was sent again.
	Note      string    `json:"note,omitempty"`
	CreatedAt time.Time `json:"created_at"`

	// From the outbox (read only).
	State     string    `json:"state,omitempty"` // mailstate.State: pending, sent, failed
	SentAt    time.Time `json:"sent_at,omitzero"`
	Delivered []string  `json:"delivered,omitempty"`
	Refused   []string  `json:"refused,omitempty"`
}

// Accepted reports whether the SMTP server accepted the message for at
// least one recipient: the workbook left pactd.
func (s CampaignSend) Accepted() bool {
	return !s.SentAt.IsZero() || len(s.Delivered) > 0
}

// Bounce is a delivery status notification (RFC 3464) that came back to
// the intake mailbox about a campaign message: one per failed recipient.
type Bounce struct {
	ID     int64  `json:"id"`
	SendID int64  `json:"send_id"`
	Year   int    `json:"year"`
	SIREN  string `json:"siren"`
	// MessageID is the Message-ID of the campaign message that bounced.
	MessageID  string    `json:"message_id"`
	Recipient  string    `json:"recipient"`
	Action     string    `json:"action"` // failed, delayed...
	Status     string    `json:"status"` // 5.1.1
	Diagnostic string    `json:"diagnostic,omitempty"`
	ReceivedAt time.Time `json:"received_at"`
	// OriginKey identifies the notification (its mailbox, UIDVALIDITY and
	// UID) so that a notification read twice is recorded once.
	OriginKey string `json:"origin_key"`
}

// Failed reports whether the notification says the message will never
// reach the recipient (Action failed, or a 5.x.x status).
func (b Bounce) Failed() bool {
	return b.Action == "failed" || (len(b.Status) > 0 && b.Status[0] == '5')
}

// CampaignReply records that a submission came in the mail thread of a
// campaign message.
type CampaignReply struct {
	SendID     int64     `json:"send_id"`
	Receipt    string    `json:"receipt"` // AR-… or QR-…
	Sender     string    `json:"sender"`
	ReceivedAt time.Time `json:"received_at"`
	OriginKey  string    `json:"origin_key"`
}

// CampaignStore keeps the record of the campaign: what was sent, what
// bounced, what was answered in the thread. internal/sqlite and
// internal/postgres implement it. Methods are safe for concurrent use.
type CampaignStore interface {
	// RecordCampaignSend stores s unless a send with s.OutboxKey is
	// already stored; it sets s.ID (and for an existing key every field
	// to the stored values) and reports whether s was new.
	RecordCampaignSend(ctx context.Context, s *CampaignSend) (bool, error)
	// CampaignSends lists the sends of year (every year when 0), oldest
	// first, with their delivery state from the outbox.
	CampaignSends(ctx context.Context, year int) ([]CampaignSend, error)
	// CampaignSendByMessageID returns the send whose Message-ID is one of
	// ids (the newest if several), or ErrNotFound.
	CampaignSendByMessageID(ctx context.Context, ids []string) (*CampaignSend, error)
	// RecordBounce stores b unless one with the same OriginKey and
	// Recipient is stored, and reports whether it was new.
	RecordBounce(ctx context.Context, b *Bounce) (bool, error)
	// Bounces lists the bounces of year (every year when 0), oldest first.
	Bounces(ctx context.Context, year int) ([]Bounce, error)
	// RecordCampaignReply stores r unless one with the same OriginKey is
	// stored.
	RecordCampaignReply(ctx context.Context, r *CampaignReply) error
	// CampaignReplies lists the replies to the sends of year (every year
	// when 0), oldest first.
	CampaignReplies(ctx context.Context, year int) ([]CampaignReply, error)
}
