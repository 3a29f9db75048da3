package ingest

import (
	"strings"
)

// AuthServMicrosoft365 is the value of SenderAuth.TrustedServers (and of
// intake.trusted_servers) that trusts the Authentication-Results header
// Exchange Online writes without an authserv-id: the topmost header without
// one, which Exchange Online prepends above everything the sender wrote.
const AuthServMicrosoft365 = "microsoft365"

// SenderAuth is the intake's policy on mail senders (SPEC §8): the From
// address is taken for the sender's only when a trusted server vouches for
// it. The zero value requires authentication and trusts no server, so it
// fails closed: every message is quarantined until TrustedServers is set.
type SenderAuth struct {
	// Disabled takes the From address on its word
	// (intake.require_authentication = false).
	Disabled bool
	// TrustedServers are the authserv-ids whose Authentication-Results
	// count, compared without case (AuthServMicrosoft365 for Exchange
	// Online).
	TrustedServers []string
}

// Unconfigured reports whether authentication is required but no server
// is trusted: then no message can pass.
func (a SenderAuth) Unconfigured() bool {
	if a.Disabled {
		return false
	}
	for _, s := range a.TrustedServers {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// trusts reports whether id (lower case, "" for a header without one) is
// one of the trusted servers.
func (a SenderAuth) trusts(id string) bool {
	for _, s := range a.TrustedServers {
		s = strings.ToLower(strings.TrimSpace(s))
		if s == "" {
			continue
		}
		if s == id || (id == "" && s == AuthServMicrosoft365) {
			return true
		}
	}
	return false
}

// AuthCheck names, in a stable machine form for logs and metrics, the
// outcome of the sender check.
type AuthCheck string

// The outcomes of SenderAuth.Check.
const (
	AuthPassed           AuthCheck = "pass"               // dmarc=pass or aligned dkim=pass
	AuthNotRequired      AuthCheck = "not_required"       // SenderAuth.Disabled
	AuthNoTrustedServer  AuthCheck = "no_trusted_server"  // required, but no server trusted
	AuthFromMissing      AuthCheck = "from_missing"       // no From address
	AuthFromMultiple     AuthCheck = "from_multiple"      // several From fields or addresses
	AuthFromInvalid      AuthCheck = "from_invalid"       // a From that does not parse
	AuthNoTrustedResult  AuthCheck = "no_trusted_result"  // no Authentication-Results of a trusted server
	AuthResultMalformed  AuthCheck = "result_malformed"   // the trusted server's header does not parse
	AuthDKIMNotAligned   AuthCheck = "dkim_not_aligned"   // dkim=pass for another organisation's domain
	AuthDMARCOtherDomain AuthCheck = "dmarc_other_domain" // dmarc=pass for another domain than From's
	AuthDMARCFailed      AuthCheck = "dmarc_failed"       // dmarc other than pass, and no aligned dkim=pass
	AuthDKIMFailed       AuthCheck = "dkim_failed"        // dkim other than pass (or without header.d), no dmarc
	AuthNoDKIMDMARC      AuthCheck = "no_dkim_dmarc"      // the server checked neither
)

// AuthVerdict is the outcome of SenderAuth.Check.
type AuthVerdict struct {
	// Passed is true for AuthPassed and AuthNotRequired.
	Passed bool
	Check  AuthCheck
	// Reason says in French which check failed, for the quarantine and
	// the weekly report; "" when Passed.
	Reason string
	// From is the addr-spec of the From header ("" when it could not be
	// read): the address the sender check and the register compare.
	From string
	// AuthServID is the trusted server whose header was read, and Method
	// the result that passed ("dmarc" or "dkim").
	AuthServID string
	Method     string
}

// Check decides whether a message's sender is authenticated, from the
// values of its From header fields and of its Authentication-Results
// header fields in message order (topmost first).
//
// Only the topmost Authentication-Results of a trusted server counts: that
// server prepends its own, so any below it (and any of an untrusted server)
// may have been written by the sender (RFC 8601 §5, §7.2). A trusted header
// that does not parse is a failure; pactd never falls through to the next
// one. It passes with dmarc=pass whose header.from is the From domain, or
// with dkim=pass whose header.d is aligned with it (same organisational
// domain, DMARC relaxed alignment, RFC 7489 §3.1.1). The From address is
// the addr-spec of the one From field, whatever its display name says.
func (a SenderAuth) Check(from []string, authResults []string) AuthVerdict {
	addr, fromCheck := fromAddress(from)
	if a.Disabled {
		return AuthVerdict{Passed: true, Check: AuthNotRequired, From: addr}
	}
	if a.Unconfigured() {
		return failed(AuthNoTrustedServer, addr, "", "")
	}
	if fromCheck != "" {
		return failed(fromCheck, "", "", "")
	}
	domain := addrDomain(addr)
	for _, h := range authResults {
		id, ok := authServIDOf(h)
		if !ok || !a.trusts(id) {
			continue
		}
		ar, err := ParseAuthResults(h)
		if err != nil {
			return failed(AuthResultMalformed, addr, id, "")
		}
		return a.evaluate(ar, addr, domain)
	}
	return failed(AuthNoTrustedResult, addr, "", strings.Join(a.TrustedServers, ", "))
}

// evaluate reads the results of the trusted header ar for the From
// address addr of domain.
func (a SenderAuth) evaluate(ar *AuthResults, addr, domain string) AuthVerdict {
	var dkimOther, dmarcOther, dmarcResult, dkimResult string
	var dmarcPass, dkimPass bool
	for _, r := range ar.Results {
		switch r.Method {
		case "dmarc":
			hf := normDomain(r.Props["header.from"])
			if r.Result == "pass" && hf != "" && hf == domain {
				dmarcPass = true
				continue
			}
			switch {
			case r.Result == "pass" && hf != "":
				dmarcOther = hf
			case dmarcResult == "" && r.Result == "pass":
				dmarcResult = "pass sans header.from"
			case dmarcResult == "":
				dmarcResult = r.Result
			}
		case "dkim":
			d := normDomain(r.Props["header.d"])
			if r.Result == "pass" && d != "" && aligned(d, domain) {
				dkimPass = true
				continue
			}
			if r.Result == "pass" && d != "" {
				dkimOther = d
			} else if dkimResult == "" {
				dkimResult = r.Result
				if r.Result == "pass" {
					dkimResult = "pass sans header.d"
				}
			}
		}
	}
	id := ar.AuthServID
	switch {
	case dmarcPass:
		return AuthVerdict{Passed: true, Check: AuthPassed, From: addr, AuthServID: id, Method: "dmarc"}
	case dkimPass:
		return AuthVerdict{Passed: true, Check: AuthPassed, From: addr, AuthServID: id, Method: "dkim"}
	case dkimOther != "":
		return failed(AuthDKIMNotAligned, addr, id, dkimOther)
	case dmarcOther != "":
		return failed(AuthDMARCOtherDomain, addr, id, dmarcOther)
	case dmarcResult != "":
		return failed(AuthDMARCFailed, addr, id, dmarcResult)
	case dkimResult != "":
		return failed(AuthDKIMFailed, addr, id, dkimResult)
	}
	return failed(AuthNoDKIMDMARC, addr, id, "")
}

// authServIDOf returns the authserv-id of an Authentication-Results value
// without parsing the rest ("" for Exchange Online's form), or false when
// not even that can be read.
func authServIDOf(h string) (string, bool) {
	l := &arLexer{s: h}
	id, ok := l.value()
	if !ok || id == "" {
		return "", false
	}
	l.cfws()
	if l.peek() == '=' {
		return "", true
	}
	return strings.ToLower(id), true
}
