package web

import (
	"net/http"
)

// serviceView is how the daemon stands, for administrators: each part's
// health and the warnings about mail that cannot be trusted.
type serviceView struct {
	OK       bool
	Parts    []partHealth
	Warnings []string
}

// partHealth is one part of the daemon on the overview.
type partHealth struct {
	Name, State, Class, LastSuccess, LastSuccessISO, Problem string
}

// adminSections fills what only administrators see on the overview: the
// health of each part, the sender-authentication warnings, the scheduled
// runs, the outbox and the quarantine.
func (s *Server) adminSections(r *http.Request, p *overviewPage) {
	ctx := r.Context()
	p.Service = s.service(r)
	if s.Runs != nil {
		runs, err := s.Runs(ctx, 10)
		if err != nil {
			s.Log.Error().Err(err).Msg("status page: list job runs")
		}
		for _, run := range runs {
			p.Runs = append(p.Runs, runView(run))
		}
	}
	if s.Outbox != nil {
		if o, err := s.Outbox(ctx); err == nil {
			p.Outbox = &o
			if !o.OldestPending.IsZero() {
				p.OutboxNote = "le plus ancien attend depuis le " + frDateTime(o.OldestPending)
			}
		}
	}
	var err error
	if p.Quarantine, err = s.quarantine(ctx); err != nil {
		s.Log.Error().Err(err).Msg("status page: list quarantine")
	}
}

// service reads the health of the parts and the warnings; nil when the
// server knows neither.
func (s *Server) service(r *http.Request) *serviceView {
	if s.Health == nil && s.AuthWarnings == nil {
		return nil
	}
	v := &serviceView{OK: true}
	if s.Health != nil {
		h := s.Health(r.Context())
		v.OK = h.Status == "ok"
		for _, part := range h.Parts {
			ph := partHealth{Name: part.Name, State: "en bonne santé", Class: "ok", Problem: part.Problem,
				LastSuccess: frDateTime(part.LastSuccess), LastSuccessISO: isoTime(part.LastSuccess)}
			if !part.OK {
				ph.State, ph.Class = "à examiner", "missing"
			}
			v.Parts = append(v.Parts, ph)
		}
	}
	if s.AuthWarnings != nil {
		for _, w := range s.AuthWarnings() {
			if w != "" {
				v.Warnings = append(v.Warnings, w)
			}
		}
	}
	return v
}
