package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pactd/pactd/internal/mail"
	"github.com/pactd/pactd/reconcile"
)

// outboxShown is how many messages the outbox page lists.
const outboxShown = 100

// outboxPage is the view of /envois: the messages waiting or failed, with
// why, and the forms that put them back in the queue.
type outboxPage struct {
	page
	Notice, Problem string
	Waiting         []mailView
	Failed          []mailView
	Sent            []mailView
	Enabled         bool
}

type mailView struct {
	ID                 int64
	Kind, Subject, To  string
	Created, CreatedAt string
	Next, NextAt       string
	Attempts           int
	Reason             string
}

var mailKinds = map[string]string{"ack": "accusé de réception", "reply": "réponse", "weekly": "rapport hebdomadaire",
	"reminder": "relance", "template": "classeur pré-rempli"}

func mailViewOf(m mail.Message) mailView {
	kind := mailKinds[m.Kind]
	if kind == "" {
		kind = m.Kind
	}
	reason := m.LastError
	if len(m.Refused) > 0 {
		reason = strings.TrimSpace(reason + " Refusés : " + strings.Join(m.Refused, " ; ") + ".")
	}
	to := append(append([]string{}, m.Delivered...), m.To...)
	return mailView{ID: m.ID, Kind: kind, Subject: m.Subject, To: strings.Join(to, ", "),
		Created: frDateTime(m.CreatedAt), CreatedAt: isoTime(m.CreatedAt),
		Next: frDateTime(m.NextAttempt), NextAt: isoTime(m.NextAttempt), Attempts: m.Attempts, Reason: reason}
}

// outbox serves /envois for administrators.
func (s *Server) outbox(w http.ResponseWriter, r *http.Request) {
	p := outboxPage{page: s.page("File d'envoi", 0, "/envois"), Enabled: s.Mail != nil}
	p.Years = nil
	q := r.URL.Query()
	if n, err := strconv.Atoi(q.Get("remis")); err == nil && n >= 0 {
		p.Notice = count(n, "courriel remis", "courriels remis") + " en file d'envoi : le service les envoie à son prochain passage."
		if n == 0 {
			p.Notice = "Aucun courriel en échec : rien à remettre en file."
		}
	}
	if q.Get("deja") != "" {
		p.Problem = "Ce courriel a déjà été accepté par le serveur d'envoi : rien à renvoyer."
	}
	if s.Mail == nil {
		s.render(w, r, "outbox.html", &p)
		return
	}
	ms, err := s.Mail.Mails(r.Context(), mail.Filter{Limit: outboxShown})
	if err != nil {
		s.fail(w, r, "lire la file d'envoi", err)
		return
	}
	for _, m := range ms {
		switch m.State {
		case mail.Pending:
			p.Waiting = append(p.Waiting, mailViewOf(m))
		case mail.Failed:
			p.Failed = append(p.Failed, mailViewOf(m))
		default:
			if len(p.Sent) < 20 {
				p.Sent = append(p.Sent, mailViewOf(m))
			}
		}
	}
	s.render(w, r, "outbox.html", &p)
}

// retryMail serves POST /envois/{id}/relancer: one message back in the
// queue, then back to the outbox page.
func (s *Server) retryMail(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 || s.Mail == nil {
		s.error(w, r, http.StatusNotFound, "Ce courriel n'existe pas.")
		return
	}
	_, err = s.Mail.Retry(r.Context(), id)
	switch {
	case errors.Is(err, reconcile.ErrNotFound):
		s.error(w, r, http.StatusNotFound, "Ce courriel n'existe pas.")
		return
	case errors.Is(err, mail.ErrAlreadySent):
		http.Redirect(w, r, "/envois?deja=1", http.StatusSeeOther)
		return
	case err != nil:
		s.fail(w, r, "remettre le courriel en file d'envoi", err)
		return
	}
	who := PersonFrom(r.Context())
	s.Log.Info().Int64("message", id).Str("by", who.Email).Msg("outbox message retried from the status site")
	http.Redirect(w, r, "/envois?remis=1", http.StatusSeeOther)
}

// retryFailed serves POST /envois/relancer: every failed message back in
// the queue.
func (s *Server) retryFailed(w http.ResponseWriter, r *http.Request) {
	if s.Mail == nil {
		s.error(w, r, http.StatusNotFound, "Cette page n'existe pas.")
		return
	}
	ms, err := s.Mail.RetryFailed(r.Context())
	if err != nil {
		s.fail(w, r, "remettre les courriels en échec en file d'envoi", err)
		return
	}
	who := PersonFrom(r.Context())
	s.Log.Info().Int("messages", len(ms)).Str("by", who.Email).Msg("failed outbox messages retried from the status site")
	http.Redirect(w, r, "/envois?"+url.Values{"remis": {strconv.Itoa(len(ms))}}.Encode(), http.StatusSeeOther)
}
