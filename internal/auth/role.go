package auth

import (
	"net/mail"
	"slices"
	"strings"

	"github.com/pactd/pactd/reconcile"
)

// Role is what a person may see on the status site (SPEC §9).
type Role string

// The roles, from the most to the least powerful. None is a person who
// logged in but holds no role: every page but the login pages answers
// with a French page saying whom to ask.
const (
	Administrateur Role = "administrateur" // everything, quarantine bytes and outbox included
	National       Role = "national"       // every territory, read only
	Territoire     Role = "territoire"     // the territories whose register lists the address
	None           Role = ""
)

// Label returns the role in French, for pages.
func (r Role) Label() string {
	switch r {
	case Administrateur:
		return "administrateur"
	case National:
		return "équipe nationale, lecture seule"
	case Territoire:
		return "territoire"
	}
	return "aucun rôle"
}

// Method is how a person proved who they are.
type Method string

// Login methods.
const (
	MethodOIDC     Method = "oidc"     // an OpenID Connect provider vouched for a verified address
	MethodLocal    Method = "local"    // the local administrator's password
	MethodLoopback Method = "loopback" // no login configured: the site only answers on loopback
)

// Person is who makes a request, with the role computed for it.
type Person struct {
	Email  string // lower case; "" for the local administrator and loopback access
	Name   string // for pages
	Method Method
	Role   Role
	// SIRENs are the territories a Territoire sees, sorted; empty for the
	// other roles, who see every territory or none.
	SIRENs []string
	// SessionID identifies the session (for logout); "" without one.
	SessionID string
}

// SeesAll reports whether p sees every territory (administrateur, national).
func (p *Person) SeesAll() bool {
	return p != nil && (p.Role == Administrateur || p.Role == National)
}

// Sees reports whether p may see the territory siren and what belongs to
// it: its status, files, findings, acknowledgments and workbooks.
func (p *Person) Sees(siren string) bool {
	if p == nil || siren == "" {
		return false
	}
	if p.SeesAll() {
		return true
	}
	return p.Role == Territoire && slices.Contains(p.SIRENs, siren)
}

// Is reports whether p holds one of roles.
func (p *Person) Is(roles ...Role) bool {
	return p != nil && p.Role != None && slices.Contains(roles, p.Role)
}

// Rules are the role assignments of the configuration: addresses or
// "@domain" entries for the administrators and the national team.
// Territory roles come from the register.
type Rules struct {
	Administrators []string
	National       []string
}

// Assign computes the role of a verified address: administrateur when
// Administrators lists it, else national when National does, else
// territoire for every territory of reg (the latest register; nil when none
// is imported) whose senders or recipients list it, else None.
func (rl Rules) Assign(email string, reg *reconcile.Register) (Role, []string) {
	addr := NormalizeEmail(email)
	if addr == "" {
		return None, nil
	}
	switch {
	case MatchAny(rl.Administrators, addr):
		return Administrateur, nil
	case MatchAny(rl.National, addr):
		return National, nil
	}
	if reg == nil {
		return None, nil
	}
	var sirens []string
	for _, c := range reg.Contracts {
		t := c.Territory
		if MatchAny(t.Senders, addr) || MatchAny(t.Recipients, addr) {
			sirens = append(sirens, t.SIREN)
		}
	}
	if len(sirens) == 0 {
		return None, nil
	}
	slices.Sort(sirens)
	return Territoire, slices.Compact(sirens)
}

// NormalizeEmail returns the bare address of s in lower case, or "" when s
// is not one address.
func NormalizeEmail(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		return ""
	}
	addr := strings.ToLower(a.Address)
	if at := strings.LastIndexByte(addr, '@'); at <= 0 || at == len(addr)-1 {
		return ""
	}
	return addr
}

// MatchAny reports whether addr (normalised) is one of entries: the same
// address, or an "@domain" entry of its exact domain (no subdomains).
// Case and surrounding spaces of entries are ignored.
func MatchAny(entries []string, addr string) bool {
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 {
		return false
	}
	domain := addr[at:]
	for _, e := range entries {
		e = strings.ToLower(strings.TrimSpace(e))
		if e == "" {
			continue
		}
		if e == addr || (strings.HasPrefix(e, "@") && e == domain) {
			return true
		}
	}
	return false
}

// ValidEntry reports whether e is an address or an "@domain" entry, as
// the configuration's role lists hold.
func ValidEntry(e string) bool {
	e = strings.TrimSpace(e)
	if d, ok := strings.CutPrefix(e, "@"); ok {
		return d != "" && strings.Contains(d, ".") && !strings.ContainsAny(d, "@ <>,;")
	}
	return NormalizeEmail(e) == strings.ToLower(e) && !strings.ContainsAny(e, " <>")
}
