package web

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/pactd/pactd/internal/logging"
)

// Health is the JSON body of /healthz.
type Health struct {
	Status    string         `json:"status"` // "ok" or "unhealthy"
	Time      time.Time      `json:"time"`
	Uptime    float64        `json:"uptime_seconds"`
	Database  CheckDatabase  `json:"database"`
	Mailboxes []CheckMailbox `json:"mailboxes"`
	Outbox    *CheckOutbox   `json:"outbox,omitempty"`
	Problems  []string       `json:"problems,omitempty"` // French sentences
}

// CheckDatabase says whether the database answered a ping.
type CheckDatabase struct {
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

// CheckMailbox says when an intake mailbox last answered.
type CheckMailbox struct {
	Account     string     `json:"account"`
	LastContact *time.Time `json:"last_contact"`
	OK          bool       `json:"ok"`
	AuthRefused bool       `json:"auth_refused,omitempty"`
	LastError   string     `json:"last_error,omitempty"`
	LastErrorAt *time.Time `json:"last_error_at,omitempty"`
}

// CheckOutbox says whether mail is leaving.
type CheckOutbox struct {
	OK            bool       `json:"ok"`
	Pending       int        `json:"pending"`
	Failed        int        `json:"failed"`
	OldestPending *time.Time `json:"oldest_pending,omitempty"`
	Error         string     `json:"error,omitempty"`
}

// Check computes the health of the daemon at now: unhealthy when the
// database does not answer, a mailbox refuses the credentials or has not
// answered for MailboxSilence (counting from the start), or a message has waited in the outbox for
// OutboxDelay. Messages the outbox gave up on are reported, not unhealthy:
// restarting would not deliver them.
func (s *Server) Check(ctx context.Context) Health {
	now := s.now()
	h := Health{Status: "ok", Time: now.UTC(), Uptime: now.Sub(s.Started).Seconds(), Mailboxes: []CheckMailbox{}}
	silence := orDefault(s.MailboxSilence, 15*time.Minute)
	delay := orDefault(s.OutboxDelay, time.Hour)

	pctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	h.Database.OK = true
	if s.Ping != nil {
		if err := s.Ping(pctx); err != nil {
			h.Database = CheckDatabase{OK: false, Error: logging.RedactText(err.Error())}
			h.Problems = append(h.Problems, "La base de données ne répond pas.")
		}
	}
	for _, m := range s.Mailboxes {
		c := CheckMailbox{Account: m.Account, OK: true}
		last := m.LastContact()
		since := s.Started
		if !last.IsZero() {
			lc := last.UTC()
			c.LastContact = &lc
			since = last
		}
		var st MailboxState
		if m.State != nil {
			st = m.State()
		}
		if st.LastError != "" {
			c.LastError = logging.RedactText(st.LastError)
			at := st.LastErrorAt.UTC()
			c.LastErrorAt = &at
		}
		switch {
		case st.AuthRefused:
			c.OK, c.AuthRefused = false, true
			h.Problems = append(h.Problems, "La boîte "+m.Account+" refuse la connexion : le serveur a rejeté l'identifiant ou le mot de passe. Corrigez le mot de passe dans la configuration ; pactd réessaie régulièrement.")
		case now.Sub(since) > silence:
			c.OK = false
			h.Problems = append(h.Problems, "La boîte "+m.Account+" n'a pas répondu depuis "+frDuration(now.Sub(since))+".")
		}
		h.Mailboxes = append(h.Mailboxes, c)
	}
	if s.Outbox != nil {
		o := &CheckOutbox{OK: true}
		st, err := s.Outbox(pctx)
		switch {
		case err != nil:
			o.OK, o.Error = false, logging.RedactText(err.Error())
			h.Problems = append(h.Problems, "L'état de la file d'envoi est illisible.")
		default:
			o.Pending, o.Failed = st.Pending, st.Failed
			if !st.OldestPending.IsZero() {
				op := st.OldestPending.UTC()
				o.OldestPending = &op
				if now.Sub(st.OldestPending) > delay {
					o.OK = false
					h.Problems = append(h.Problems, "Un courriel attend d'être envoyé depuis "+frDuration(now.Sub(st.OldestPending))+".")
				}
			}
		}
		h.Outbox = o
	}
	if len(h.Problems) > 0 {
		h.Status = "unhealthy"
	}
	return h
}

// health serves /healthz: 200 when healthy, 503 otherwise, JSON either way.
func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	h := s.Check(r.Context())
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if h.Status != "ok" {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(h)
}

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}
