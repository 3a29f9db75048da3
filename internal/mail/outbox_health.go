package mail

import (
	"context"
	"time"

	"github.com/pactd/pactd/internal/health"
)

var _ health.Part = (*Outbox)(nil)

// State implements health.Part: the outbox is unhealthy when its server
// could not be used at the last attempt (not reached, TLS refused,
// credentials refused), or when a message has waited longer than Delay.
// LastSuccess is when the server last accepted a message. Messages given
// up are counted ("failed"), not unhealthy: Retry puts them back.
func (o *Outbox) State(ctx context.Context) health.State {
	// A message the server accepted after this process's last failure, sent
	// by it or by another replica sharing the store, shows the server works
	// again: a replica that had nothing to send since an outage is not left
	// unhealthy by its own last, outdated attempt. It is also LastSuccess
	// after a restart.
	if sent, err := o.store.Mails(ctx, Filter{State: Sent, Limit: 1}); err == nil && len(sent) == 1 {
		o.server.Succeeded(sent[0].SentAt)
	}
	s := o.server.State(ctx)
	pending, failed, err := o.store.MailCounts(ctx)
	if err != nil {
		s.OK, s.Problem = false, "L'état de la file d'envoi est illisible : la base de données ne répond pas."
		return s
	}
	s.Counts = map[string]int{"pending": pending, "failed": failed}
	if !s.OK || pending == 0 {
		return s
	}
	ms, err := o.store.Mails(ctx, Filter{State: Pending})
	if err != nil {
		s.OK, s.Problem = false, "L'état de la file d'envoi est illisible : la base de données ne répond pas."
		return s
	}
	var oldest time.Time
	for _, m := range ms {
		since := m.CreatedAt // or its last retry: waiting counts from then
		if m.RetriedAt.After(since) {
			since = m.RetriedAt
		}
		if oldest.IsZero() || since.Before(oldest) {
			oldest = since
		}
	}
	if wait := o.now().Sub(oldest); wait > orDefault(o.Delay, time.Hour) {
		s.OK, s.Problem = false, "Un courriel attend d'être envoyé depuis "+health.Duration(wait)+
			" : voyez pactd status pour la raison."
	}
	return s
}
