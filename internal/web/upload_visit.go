package web

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"sync"
	"time"

	"github.com/pactd/pactd/internal/auth"
	"github.com/pactd/pactd/reconcile"
)

// visitEvery is how often a session's visits are written: the first
// request of a session (a login) always is, then at most one every
// visitEvery, so browsing costs no write per page.
const visitEvery = 5 * time.Minute

// visitNotes remembers when each session's visit was last written.
type visitNotes struct {
	mu   sync.Mutex
	last map[string]time.Time // session ID digest → written at
}

// due reports whether the visit of session at now must be written, and
// notes it when so.
func (v *visitNotes) due(session string, now time.Time) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	if at, ok := v.last[session]; ok && now.Sub(at) < visitEvery && !now.Before(at) {
		return false
	}
	if v.last == nil || len(v.last) > 10000 {
		v.last = map[string]time.Time{}
	}
	v.last[session] = now
	return true
}

// noteVisit records that p, a person of one or more territories, used the
// site (Door.Visits): the campaign shows who has opened it. Other roles
// are not recorded. A failure is logged, never shown: the page matters
// more than the note.
func (s *Server) noteVisit(r *http.Request, p *auth.Person) {
	if s.Door == nil || s.Door.Visits == nil || p == nil || p.Role != auth.Territoire || p.Email == "" || p.SessionID == "" {
		return
	}
	sum := sha256.Sum256([]byte("pactd visit\x00" + p.SessionID))
	session := hex.EncodeToString(sum[:12])
	now := s.now()
	if !s.Door.visits.due(session, now) {
		return
	}
	for _, siren := range p.SIRENs {
		v := reconcile.SiteVisit{SIREN: siren, Email: p.Email, Name: p.Name, Last: now, Session: session}
		if err := s.Door.Visits(r.Context(), v); err != nil {
			s.Log.Warn().Err(err).Str("siren", siren).Msg("site visit not recorded")
		}
	}
}
