package ingest

import (
	"fmt"
	"sync"
)

// AuthStatus is how a mailbox authenticates senders, for the status site
// and /healthz: a Warning to show to admins while mail cannot be trusted.
type AuthStatus struct {
	// Required is false when IMAPConfig.Auth.Disabled
	// (intake.require_authentication = false).
	Required bool
	// TrustedServers are the authserv-ids whose verdict counts.
	TrustedServers []string
	// Unconfigured is true when authentication is required but no server
	// is trusted: every message of the mailbox is quarantined.
	Unconfigured bool
	// Warning says in French what is wrong and what to set, "" when
	// senders are authenticated.
	Warning string
}

// Warnings shown on the status site and logged at start.
const (
	warnAuthUnconfigured = "La boîte %s met de côté tout message : l'authentification des expéditeurs est exigée mais aucun serveur de confiance n'est configuré. Indiquez dans intake.trusted_servers l'authserv-id de l'en-tête Authentication-Results de votre serveur de réception (voir docs/MAIL.md)."
	warnAuthDisabled     = "La boîte %s accepte les messages sur la seule foi de leur adresse d'expéditeur, qui se falsifie aisément : l'authentification des expéditeurs est désactivée (intake.require_authentication = false)."
)

// AuthStatus returns how the mailbox authenticates senders.
func (s *IMAPSource) AuthStatus() AuthStatus {
	a := s.cfg.Auth
	st := AuthStatus{Required: !a.Disabled, TrustedServers: append([]string(nil), a.TrustedServers...),
		Unconfigured: a.Unconfigured()}
	switch {
	case st.Unconfigured:
		st.Warning = fmt.Sprintf(warnAuthUnconfigured, s.target.account())
	case a.Disabled:
		st.Warning = fmt.Sprintf(warnAuthDisabled, s.target.account())
	}
	return st
}

// logAuthPolicy says at start, loudly when mail cannot be trusted, how
// senders are authenticated.
func (s *IMAPSource) logAuthPolicy() {
	a := s.cfg.Auth
	switch {
	case a.Unconfigured():
		s.log.Error().Str("set", "intake.trusted_servers").
			Msg("sender authentication is required but no trusted authserv-id is configured: every message of this mailbox will be quarantined")
	case a.Disabled:
		s.log.Warn().Str("set", "intake.require_authentication = true").
			Msg("sender authentication is disabled: the From header alone decides who sent a workbook")
	default:
		s.log.Info().Strs("trusted_servers", a.TrustedServers).Msg("senders authenticated by Authentication-Results")
	}
}

// authCounters counts sender-check failures by check.
type authCounters struct {
	mu sync.Mutex
	n  map[AuthCheck]int64
}

func (c *authCounters) add(check AuthCheck) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[AuthCheck]int64{}
	}
	c.n[check]++
}

func (c *authCounters) snapshot() map[AuthCheck]int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[AuthCheck]int64, len(c.n))
	for k, v := range c.n {
		out[k] = v
	}
	return out
}
