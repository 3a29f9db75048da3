package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pactd/pactd/reconcile"
)

// The campaign record (reconcile.CampaignStore), in tables campaign_sends,
// campaign_bounces and campaign_replies (migrations 600_campaign.sql of
// both stores).

var _ reconcile.CampaignStore = (*Store)(nil)

const campaignSendSelect = `SELECT c.id, c.year, c.siren, c.register_version, c.fingerprint, c.file_name,
	c.recipients, c.message_id, c.outbox_key, c.reason, c.note, c.created_at,
	COALESCE(o.state, ''), COALESCE(o.sent_at, ''), COALESCE(o.delivered, '[]'), COALESCE(o.refused, '[]')
	FROM campaign_sends c LEFT JOIN outbox o ON o.key = c.outbox_key `

// RecordCampaignSend implements reconcile.CampaignStore.
func (s *Store) RecordCampaignSend(ctx context.Context, cs *reconcile.CampaignSend) (bool, error) {
	to, _ := json.Marshal(nonNil(cs.To))
	created := true
	err := s.InTx(ctx, func(tx *sql.Tx) error {
		err := s.queryRow(ctx, tx, `INSERT INTO campaign_sends (year, siren, register_version, fingerprint, file_name,
			recipients, message_id, outbox_key, reason, note, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (outbox_key) DO NOTHING RETURNING id`,
			cs.Year, cs.SIREN, cs.RegisterVersion, cs.Fingerprint, clean(cs.FileName), string(to), cs.MessageID,
			cs.OutboxKey, string(cs.Reason), clean(cs.Note), FormatTime(cs.CreatedAt)).Scan(&cs.ID)
		if !isNoRows(err) {
			return err
		}
		created = false
		list, err := s.campaignSends(ctx, tx, `WHERE c.outbox_key = ?`, cs.OutboxKey)
		if err != nil {
			return err
		}
		if len(list) != 1 {
			return fmt.Errorf("read send %q back: %w", cs.OutboxKey, reconcile.ErrNotFound)
		}
		*cs = list[0]
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("record campaign send %q: %w", cs.OutboxKey, err)
	}
	return created, nil
}

// CampaignSends implements reconcile.CampaignStore.
func (s *Store) CampaignSends(ctx context.Context, year int) ([]reconcile.CampaignSend, error) {
	where, args := `WHERE c.year = ?`, []any{year}
	if year == 0 {
		where, args = `WHERE 1 = 1`, nil
	}
	out, err := s.campaignSends(ctx, s.read, where+` ORDER BY c.created_at, c.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list campaign sends of %d: %w", year, err)
	}
	return out, nil
}

// CampaignSendByMessageID implements reconcile.CampaignStore.
func (s *Store) CampaignSendByMessageID(ctx context.Context, ids []string) (*reconcile.CampaignSend, error) {
	var clean []any
	for _, id := range ids {
		id = strings.Trim(strings.TrimSpace(id), "<>")
		if id != "" && len(clean) < 50 {
			clean = append(clean, id)
		}
	}
	if len(clean) == 0 {
		return nil, reconcile.ErrNotFound
	}
	where := `WHERE c.message_id IN (?` + strings.Repeat(", ?", len(clean)-1) + `) ORDER BY c.created_at DESC, c.id DESC`
	// The write pool: a send recorded a moment ago must be found.
	out, err := s.campaignSends(ctx, s.write, where, clean...)
	if err != nil {
		return nil, fmt.Errorf("find campaign send by Message-ID: %w", err)
	}
	if len(out) == 0 {
		return nil, reconcile.ErrNotFound
	}
	return &out[0], nil
}

func (s *Store) campaignSends(ctx context.Context, q queryer, where string, args ...any) ([]reconcile.CampaignSend, error) {
	rows, err := s.query(ctx, q, campaignSendSelect+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []reconcile.CampaignSend
	for rows.Next() {
		var cs reconcile.CampaignSend
		var to, reason, created, sent, delivered, refused string
		if err := rows.Scan(&cs.ID, &cs.Year, &cs.SIREN, &cs.RegisterVersion, &cs.Fingerprint, &cs.FileName, &to,
			&cs.MessageID, &cs.OutboxKey, &reason, &cs.Note, &created, &cs.State, &sent, &delivered, &refused); err != nil {
			return nil, err
		}
		cs.Reason = reconcile.SendReason(reason)
		if err := json.Unmarshal([]byte(to), &cs.To); err != nil {
			return nil, fmt.Errorf("decode recipients of send %d: %w", cs.ID, err)
		}
		_ = json.Unmarshal([]byte(delivered), &cs.Delivered)
		_ = json.Unmarshal([]byte(refused), &cs.Refused)
		if cs.CreatedAt, err = ParseTime(created); err != nil {
			return nil, err
		}
		if sent != "" {
			if cs.SentAt, err = ParseTime(sent); err != nil {
				return nil, err
			}
		}
		out = append(out, cs)
	}
	return out, rows.Err()
}

// RecordBounce implements reconcile.CampaignStore.
func (s *Store) RecordBounce(ctx context.Context, b *reconcile.Bounce) (bool, error) {
	res, err := s.exec(ctx, s.write, `INSERT INTO campaign_bounces (send_id, recipient, action, status, diagnostic,
		received_at, origin_key) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (origin_key, recipient) DO NOTHING`,
		b.SendID, clean(b.Recipient), clean(b.Action), clean(b.Status), clean(b.Diagnostic), FormatTime(b.ReceivedAt), b.OriginKey)
	if err != nil {
		return false, fmt.Errorf("record bounce of send %d: %w", b.SendID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("record bounce of send %d: %w", b.SendID, err)
	}
	return n > 0, nil
}

// Bounces implements reconcile.CampaignStore.
func (s *Store) Bounces(ctx context.Context, year int) ([]reconcile.Bounce, error) {
	q := `SELECT b.id, b.send_id, c.year, c.siren, c.message_id, b.recipient, b.action, b.status, b.diagnostic,
		b.received_at, b.origin_key FROM campaign_bounces b JOIN campaign_sends c ON c.id = b.send_id `
	args := []any{}
	if year != 0 {
		q += `WHERE c.year = ? `
		args = append(args, year)
	}
	rows, err := s.query(ctx, s.read, q+`ORDER BY b.received_at, b.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list bounces of %d: %w", year, err)
	}
	defer rows.Close()
	var out []reconcile.Bounce
	for rows.Next() {
		var b reconcile.Bounce
		var at string
		if err := rows.Scan(&b.ID, &b.SendID, &b.Year, &b.SIREN, &b.MessageID, &b.Recipient, &b.Action, &b.Status,
			&b.Diagnostic, &at, &b.OriginKey); err != nil {
			return nil, fmt.Errorf("list bounces of %d: %w", year, err)
		}
		if b.ReceivedAt, err = ParseTime(at); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// RecordCampaignReply implements reconcile.CampaignStore.
func (s *Store) RecordCampaignReply(ctx context.Context, r *reconcile.CampaignReply) error {
	_, err := s.exec(ctx, s.write, `INSERT INTO campaign_replies (send_id, receipt, sender, received_at, origin_key)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (origin_key) DO NOTHING`,
		r.SendID, r.Receipt, clean(r.Sender), FormatTime(r.ReceivedAt), r.OriginKey)
	if err != nil {
		return fmt.Errorf("record reply to send %d: %w", r.SendID, err)
	}
	return nil
}

// CampaignReplies implements reconcile.CampaignStore.
func (s *Store) CampaignReplies(ctx context.Context, year int) ([]reconcile.CampaignReply, error) {
	q := `SELECT r.send_id, r.receipt, r.sender, r.received_at, r.origin_key
		FROM campaign_replies r JOIN campaign_sends c ON c.id = r.send_id `
	args := []any{}
	if year != 0 {
		q += `WHERE c.year = ? `
		args = append(args, year)
	}
	rows, err := s.query(ctx, s.read, q+`ORDER BY r.received_at, r.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list replies of %d: %w", year, err)
	}
	defer rows.Close()
	var out []reconcile.CampaignReply
	for rows.Next() {
		var r reconcile.CampaignReply
		var at string
		if err := rows.Scan(&r.SendID, &r.Receipt, &r.Sender, &at, &r.OriginKey); err != nil {
			return nil, fmt.Errorf("list replies of %d: %w", year, err)
		}
		if r.ReceivedAt, err = ParseTime(at); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
