package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pactd/pactd/internal/auth"
)

// Routes returns every route of the status site with who may reach it.
// Handler serves exactly these; TestEveryRouteEveryRole walks them with
// every role and fails on a route it has no probes for. A new page of a
// territory's object is added as
//
//	{Pattern: "GET /depots/{submission}/fichier", Access: AccessScoped,
//		Owner: s.ownerBySubmission, Handler: s.submissionFile}
//
// and its handler needs no check of its own; a form adds
// {Pattern: "POST /...", MaxBody: ...} and puts Server.CSRFToken in a
// hidden field named CSRFField.
func (s *Server) Routes() []Route {
	return []Route{
		{Pattern: "GET /{$}", Access: AccessPerson, Handler: s.overview},
		{Pattern: "GET /territoires/{siren}", Access: AccessScoped, Owner: s.ownerBySIREN, Handler: s.territory},
		{Pattern: "GET /accuses/{submission}/{receipt}", Access: AccessScoped, Owner: s.ownerBySubmission, Handler: s.acknowledgment},
		{Pattern: "GET /rapports/{name}", Access: AccessCentral, Handler: s.reportFile},
		{Pattern: "GET /quarantaine/{id}", Access: AccessAdmin, Handler: s.quarantineFile},
		{Pattern: "GET /territoires", Access: AccessPerson, Handler: s.territoryList},
		{Pattern: "GET /territoires.xlsx", Access: AccessPerson, Handler: s.territoryExport},
		{Pattern: "GET /depots/{submission}/fichier", Access: AccessScoped, Owner: s.ownerBySubmission, Handler: s.submissionFile},
		{Pattern: "GET /depots/{submission}/annote", Access: AccessScoped, Owner: s.ownerBySubmission, Handler: s.annotatedFile},
		{Pattern: "GET /envois", Access: AccessAdmin, Handler: s.outbox},
		{Pattern: "POST /envois/{id}/relancer", Access: AccessAdmin, Handler: s.retryMail},
		{Pattern: "POST /envois/relancer", Access: AccessAdmin, Handler: s.retryFailed},
		{Pattern: "GET /campagne", Access: AccessCentral, Handler: s.campaign},
		{Pattern: "GET /style.css", Access: AccessPublic, Handler: serveStyle},
		{Pattern: "GET /connexion", Access: AccessPublic, Handler: s.loginPage},
		{Pattern: "GET /connexion/oidc", Access: AccessPublic, Handler: s.oidcStart},
		{Pattern: "GET /connexion/retour", Access: AccessPublic, Handler: s.oidcReturn},
		{Pattern: "POST /connexion/admin", Access: AccessPublic, Handler: s.adminLogin},
		{Pattern: "POST /deconnexion", Access: AccessSession, Handler: s.logout},
		// The web door (upload*.go): workbook download and upload.
		{Pattern: "GET /territoires/{siren}/depot", Access: AccessScoped, Owner: s.ownerBySIREN, Handler: s.uploadForm},
		{Pattern: "POST /territoires/{siren}/depot", Access: AccessScoped, Owner: s.ownerBySIREN, MaxBody: s.uploadMaxBody(), Handler: s.upload},
		{Pattern: "GET /territoires/{siren}/classeur", Access: AccessScoped, Owner: s.ownerBySIREN, Handler: s.workbook},
		{Pattern: "GET /accuses/{submission}/{receipt}/classeur-annote", Access: AccessScoped, Owner: s.ownerBySubmission, Handler: s.annotated},
	}
}

// Handler returns the status site: every route of Routes behind its access
// check, the Host check, Cache-Control: no-store on every page that needs
// a login, CSRF checks on forms, and the security headers.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	declared := map[string]bool{}
	for _, rt := range s.Routes() {
		if rt.Access == accessUndeclared || rt.Handler == nil || (rt.Access == AccessScoped && rt.Owner == nil) {
			panic(fmt.Sprintf("web: route %q declares no access, handler or owner", rt.Pattern))
		}
		mux.Handle(rt.Pattern, s.gate(rt))
		declared[rt.Pattern] = true
	}
	// A request whose pattern no Route declared (one registered on mux by
	// other means) is refused rather than served unchecked.
	checked := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern != "" && !declared[pattern] {
			s.Log.Error().Str("pattern", pattern).Msg("route without an access check refused")
			s.error(w, r, http.StatusNotFound, "Cette page n'existe pas.")
			return
		}
		mux.ServeHTTP(w, r)
	})
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.error(w, r, http.StatusForbidden, "Ce formulaire a été envoyé depuis un autre site : la demande est refusée.")
	}))
	return securityHeaders(cop.Handler(checked))
}

// gate checks who may reach rt before its handler runs.
func (s *Server) gate(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.hostOK(r) {
			w.Header().Set("Cache-Control", "no-store")
			http.Error(w, "Adresse inattendue : ouvrez le site à son adresse publique.", http.StatusMisdirectedRequest)
			return
		}
		if s.Auth == nil && !fromLoopback(r) {
			// No login configured: loopback only (SPEC §9), whatever the
			// listen address (pactd run refuses a public one).
			http.Error(w, "Aucune connexion n'est configurée : ce site ne répond qu'à la machine elle-même.", http.StatusForbidden)
			return
		}
		p, err := s.person(r)
		if err != nil {
			s.fail(w, r, "vérifier votre session", err)
			return
		}
		r = r.WithContext(WithPerson(r.Context(), p))
		s.noteVisit(r, p)
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if !s.boundBody(w, r, rt, p) {
				return
			}
			if !s.csrfOK(r) {
				s.error(w, r, http.StatusForbidden, "Le formulaire a expiré ou ne vient pas de ce site : rechargez la page et recommencez.")
				return
			}
		}
		if rt.Access == AccessPublic {
			rt.Handler(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Vary", "Cookie")
		switch {
		case p == nil:
			s.toLogin(w, r)
			return
		case p.Role == auth.None && rt.Access != AccessSession:
			s.noRole(w, r, p)
			return
		case !rt.allowed(p):
			s.error(w, r, http.StatusNotFound, "Cette page n'existe pas.")
			return
		}
		if rt.Access == AccessScoped {
			if err := rt.owned(r, p); err != nil {
				if isNotFound(err) {
					s.error(w, r, http.StatusNotFound, "Cette page n'existe pas.")
					return
				}
				s.fail(w, r, "lire la page demandée", err)
				return
			}
		}
		rt.Handler(w, r)
	})
}

// toLogin sends someone without a session to the login page, with the
// page asked for to come back to (GET), or refuses (other methods).
func (s *Server) toLogin(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		s.error(w, r, http.StatusUnauthorized, "Votre session a expiré : reconnectez-vous puis recommencez.")
		return
	}
	http.Redirect(w, r, "/connexion?retour="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
}

// ownerBySIREN is the owner of routes with {siren}: that territory.
func (s *Server) ownerBySIREN(r *http.Request) (string, error) {
	return r.PathValue("siren"), nil
}

// ownerBySubmission is the owner of routes with {submission}: the
// territory of that stored submission.
func (s *Server) ownerBySubmission(r *http.Request) (string, error) {
	id, err := strconv.ParseInt(r.PathValue("submission"), 10, 64)
	if err != nil || id <= 0 {
		return "", errHidden
	}
	sub, err := s.Source.Submission(r.Context(), id)
	if err != nil {
		return "", err
	}
	return sub.SIREN, nil
}

func orDefaultSize(n, def int64) int64 {
	if n > 0 {
		return n
	}
	return def
}

// safeReturn keeps a local path to go back to after login, "/" otherwise:
// never another site ("//evil", "/\evil", "https://...").
func safeReturn(s string) string {
	if s == "" || s[0] != '/' || strings.HasPrefix(s, "//") || strings.HasPrefix(s, "/\\") || len(s) > 2000 {
		return "/"
	}
	for _, c := range s {
		if c < 0x20 || c == 0x7f || c == '\\' {
			return "/"
		}
	}
	if strings.HasPrefix(s, "/connexion") || strings.HasPrefix(s, "/deconnexion") {
		return "/"
	}
	return s
}
