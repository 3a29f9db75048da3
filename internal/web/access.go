package web

import (
	"errors"
	"net/http"

	"github.com/pactd/pactd/internal/auth"
	"github.com/pactd/pactd/reconcile"
)

// Access says who may reach a route. Every route declares one: Handler
// panics on a route without, and a request whose pattern is not in the
// route table is refused, so a page added without a decision is never
// served.
type Access int

// The kinds of access. Objects of a territory the person may not see, and
// pages of a role the person does not hold, answer 404 like an object that
// does not exist, never 403: nothing tells a territory what others have.
const (
	accessUndeclared Access = iota
	// AccessPublic: anyone, logged in or not (login pages, style sheet).
	AccessPublic
	// AccessSession: anyone with a valid session, with or without a role
	// (logout).
	AccessSession
	// AccessPerson: anyone with a role; the handler shows only what the
	// person sees (PersonFrom, auth.Person.Sees, ScopeStatuses).
	AccessPerson
	// AccessScoped: anyone with a role who sees the territory that
	// Route.Owner names for the request's object.
	AccessScoped
	// AccessCentral: administrateur and national (every territory).
	AccessCentral
	// AccessAdmin: administrateur only (quarantine bytes, outbox).
	AccessAdmin
)

// String names the access for tests and logs.
func (a Access) String() string {
	switch a {
	case AccessPublic:
		return "public"
	case AccessSession:
		return "session"
	case AccessPerson:
		return "person"
	case AccessScoped:
		return "scoped"
	case AccessCentral:
		return "central"
	case AccessAdmin:
		return "admin"
	}
	return "undeclared"
}

// Route is one page, file or form of the status site and who may reach it.
type Route struct {
	// Pattern is the http.ServeMux pattern, method included ("GET /x/{id}").
	Pattern string
	Access  Access
	// Owner, required for AccessScoped, returns the SIREN of the territory
	// the request's object belongs to ("" for an object of no territory,
	// which only administrateur and national see), or an error wrapping
	// reconcile.ErrNotFound when there is no such object.
	Owner func(r *http.Request) (string, error)
	// MaxBody bounds the body of a POST (default 64 KiB); an upload route
	// sets its own.
	MaxBody int64
	Handler http.HandlerFunc
}

// allowed reports whether p may reach the route, for the kinds decided
// without the object (every kind but AccessScoped and AccessPublic).
func (rt Route) allowed(p *auth.Person) bool {
	switch rt.Access {
	case AccessSession:
		return p != nil
	case AccessPerson, AccessScoped:
		return p.Is(auth.Administrateur, auth.National, auth.Territoire)
	case AccessCentral:
		return p.Is(auth.Administrateur, auth.National)
	case AccessAdmin:
		return p.Is(auth.Administrateur)
	}
	return false
}

// errHidden is an object the person may not see: answered as not found.
var errHidden = errors.New("object of a territory the person does not see")

// owned checks a scoped route's object against p: nil when p sees it,
// errHidden or reconcile.ErrNotFound when the answer is 404, another error
// for a 500.
func (rt Route) owned(r *http.Request, p *auth.Person) error {
	siren, err := rt.Owner(r)
	if err != nil {
		return err
	}
	if siren == "" && p.SeesAll() {
		return nil
	}
	if !p.Sees(siren) {
		return errHidden
	}
	return nil
}

// isNotFound reports whether err answers 404.
func isNotFound(err error) bool {
	return errors.Is(err, errHidden) || errors.Is(err, reconcile.ErrNotFound)
}

// ScopeStatuses keeps the statuses of the territories p sees.
func ScopeStatuses(p *auth.Person, sts []reconcile.ReportingStatus) []reconcile.ReportingStatus {
	if p.SeesAll() {
		return sts
	}
	var out []reconcile.ReportingStatus
	for _, st := range sts {
		if p.Sees(st.Territory.SIREN) {
			out = append(out, st)
		}
	}
	return out
}

// ScopeSubmissions keeps the submissions p sees: those of its territories,
// or all for administrateur and national.
func ScopeSubmissions(p *auth.Person, subs []reconcile.Submission) []reconcile.Submission {
	if p.SeesAll() {
		return subs
	}
	var out []reconcile.Submission
	for _, s := range subs {
		if p.Sees(s.SIREN) {
			out = append(out, s)
		}
	}
	return out
}
