package web_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pactd/pactd/internal/web"
)

// probe is one request of the route walk and what each role must get.
type probe struct {
	method, path string
	// owner is the territory the object belongs to ("alpha", "bravo"),
	// "none" for an object that does not exist, "" for a route whose
	// answer does not depend on a territory.
	owner string
	// fixed, when not zero, is the status every role gets (public routes,
	// forms without a CSRF token).
	fixed int
	// gate: the object does not exist and the access check, not the
	// handler, says so: its 404 must look like that of a hidden object.
	gate bool
}

// probes lists, for every route pattern of the site, the requests that
// test it. A route added to web.Routes without probes here fails
// TestEveryRouteEveryRole.
func probes(s *site) map[string][]probe {
	sa, sb := strconv.FormatInt(s.subAlpha, 10), strconv.FormatInt(s.subBravo, 10)
	q := strconv.FormatInt(s.qBravo, 10)
	return map[string][]probe{
		"GET /{$}": {{method: "GET", path: "/?annee=2025"}},
		"GET /territoires/{siren}": {
			{method: "GET", path: "/territoires/" + alpha.SIREN + "?annee=2025", owner: "alpha"},
			{method: "GET", path: "/territoires/" + bravo.SIREN + "?annee=2025", owner: "bravo"},
			{method: "GET", path: "/territoires/" + charlie.SIREN, owner: "charlie"},
			{method: "GET", path: "/territoires/123456789", owner: "none", gate: true},
		},
		"GET /accuses/{submission}/{receipt}": {
			{method: "GET", path: "/accuses/" + sa + "/" + s.rcAlpha, owner: "alpha"},
			{method: "GET", path: "/accuses/" + sb + "/" + s.rcBravo, owner: "bravo"},
			// Bravo's submission with alpha's receipt number: no such object.
			{method: "GET", path: "/accuses/" + sb + "/" + s.rcAlpha, owner: "none"},
			{method: "GET", path: "/accuses/999/" + s.rcAlpha, owner: "none", gate: true},
		},
		"GET /territoires":      {{method: "GET", path: "/territoires?annee=2025&tri=nom"}},
		"GET /territoires.xlsx": {{method: "GET", path: "/territoires.xlsx?annee=2025"}},
		"GET /depots/{submission}/fichier": {
			{method: "GET", path: "/depots/" + sa + "/fichier", owner: "alpha"},
			{method: "GET", path: "/depots/" + sb + "/fichier", owner: "bravo"},
			{method: "GET", path: "/depots/999/fichier", owner: "none", gate: true},
		},
		"GET /depots/{submission}/annote": {
			{method: "GET", path: "/depots/" + strconv.FormatInt(s.subAlphaAnnotated, 10) + "/annote", owner: "alpha"},
			{method: "GET", path: "/depots/999/annote", owner: "none", gate: true},
		},
		"GET /envois":                {{method: "GET", path: "/envois"}},
		"POST /envois/{id}/relancer": {{method: "POST", path: "/envois/1/relancer", fixed: 403}},
		"POST /envois/relancer":      {{method: "POST", path: "/envois/relancer", fixed: 403}},
		"GET /rapports/{name}":       {{method: "GET", path: "/rapports/" + s.report}},
		"GET /quarantaine/{id}":      {{method: "GET", path: "/quarantaine/" + q + "?nom=bravo.xlsx"}, {method: "GET", path: "/quarantaine/999", owner: "none"}},
		"GET /style.css":             {{method: "GET", path: "/style.css", fixed: 200}},
		"GET /connexion":             {{method: "GET", path: "/connexion", fixed: 200}},
		"GET /connexion/oidc":        {{method: "GET", path: "/connexion/oidc", fixed: 303}},
		"GET /connexion/retour":      {{method: "GET", path: "/connexion/retour?code=x&state=y", fixed: 400}},
		"POST /connexion/admin":      {{method: "POST", path: "/connexion/admin", fixed: 403}},
		"POST /deconnexion":          {{method: "POST", path: "/deconnexion", fixed: 403}},
		// The web door (upload_*_test.go tests the upload itself).
		"GET /territoires/{siren}/depot": {
			{method: "GET", path: "/territoires/" + alpha.SIREN + "/depot?annee=2025", owner: "alpha"},
			{method: "GET", path: "/territoires/" + bravo.SIREN + "/depot?annee=2025", owner: "bravo"},
			{method: "GET", path: "/territoires/123456789/depot", owner: "none", gate: true},
		},
		"POST /territoires/{siren}/depot": {{method: "POST", path: "/territoires/" + alpha.SIREN + "/depot", fixed: 403}},
		"GET /territoires/{siren}/classeur": {
			{method: "GET", path: "/territoires/" + alpha.SIREN + "/classeur?annee=2025", owner: "alpha"},
			{method: "GET", path: "/territoires/" + bravo.SIREN + "/classeur?annee=2025", owner: "bravo"},
			{method: "GET", path: "/territoires/123456789/classeur", owner: "none", gate: true},
		},
		// The fixture's submissions have no findings on cells, so no
		// annotated workbook: 404 for whoever sees them, like for others.
		"GET /accuses/{submission}/{receipt}/classeur-annote": {
			{method: "GET", path: "/accuses/" + sa + "/" + s.rcAlpha + "/classeur-annote", owner: "none"},
			{method: "GET", path: "/accuses/999/" + s.rcAlpha + "/classeur-annote", owner: "none", gate: true},
		},
		"GET /campagne": {{method: "GET", path: "/campagne?annee=2025"}},
	}
}

// want returns the status role must get for p on a route of access a.
func want(a web.Access, p probe, role string) int {
	switch {
	case p.fixed != 0:
		return p.fixed
	case role == "anonyme":
		return http.StatusSeeOther
	case role == "aucun":
		return http.StatusForbidden
	case p.owner == "none":
		return http.StatusNotFound
	}
	central := role == "administrateur" || role == "national" || role == "admin-local"
	switch a {
	case web.AccessPerson:
		return http.StatusOK
	case web.AccessCentral:
		if central {
			return http.StatusOK
		}
	case web.AccessAdmin:
		if role == "administrateur" || role == "admin-local" {
			return http.StatusOK
		}
	case web.AccessScoped:
		if central || role == p.owner {
			return http.StatusOK
		}
	}
	return http.StatusNotFound
}

// produced matches what differs between two requests of one page: the
// time it was produced, and the CSRF token of a client without cookie.
var produced = regexp.MustCompile(`produite le [0-9/: ]+|name="csrf" value="[^"]*"`)

// walkRoutes requests every probe of every route with every role's session
// and checks the status, the caching and that nothing of another territory
// shows. sessions maps a role to its cookie ("" for anonymous).
func walkRoutes(t *testing.T, s *site, sessions map[string]string) {
	all := probes(s)
	routes := map[string]web.Route{}
	for _, rt := range s.server.Routes() {
		routes[rt.Pattern] = rt
		if _, ok := all[rt.Pattern]; !ok {
			t.Errorf("route %q (access %s) has no probe: add it to probes() with what each role must get", rt.Pattern, rt.Access)
		}
	}
	for pattern := range all {
		if _, ok := routes[pattern]; !ok {
			t.Errorf("probes() lists %q, which is no longer a route", pattern)
		}
	}
	names := map[string]string{"alpha": alpha.Name, "bravo": bravo.Name, "charlie": charlie.Name}
	for role, cookie := range sessions {
		notFound := ""
		for pattern, ps := range all {
			rt := routes[pattern]
			for _, p := range ps {
				resp, body := s.do(t, p.method, p.path, cookie, nil)
				w := want(rt.Access, p, role)
				if resp.StatusCode != w {
					t.Errorf("%s %s %s: got %d, want %d", role, p.method, p.path, resp.StatusCode, w)
					continue
				}
				if w == http.StatusSeeOther && p.fixed == 0 && !strings.HasPrefix(resp.Header.Get("Location"), "/connexion?retour=") {
					t.Errorf("%s %s: redirected to %q, want the login page", role, p.path, resp.Header.Get("Location"))
				}
				if rt.Access != web.AccessPublic && resp.Header.Get("Cache-Control") != "no-store" {
					t.Errorf("%s %s: Cache-Control %q, want no-store", role, p.path, resp.Header.Get("Cache-Control"))
				}
				if w == http.StatusForbidden && p.fixed == 0 && !strings.Contains(body, "n'a aucun rôle sur ce site") {
					t.Errorf("%s %s: the page does not say the person has no role", role, p.path)
				}
				if role == "alpha" || role == "bravo" {
					for other, name := range names {
						if other != role && (strings.Contains(body, name) || strings.Contains(body, sirenOf(other))) {
							t.Errorf("%s %s shows %s", role, p.path, name)
						}
					}
					hidden := p.gate || rt.Access == web.AccessCentral || rt.Access == web.AccessAdmin ||
						(p.owner != "" && p.owner != "none" && p.owner != role)
					if w == http.StatusNotFound && hidden {
						// Another territory's object looks exactly like one
						// that does not exist.
						b := produced.ReplaceAllString(body, "")
						if notFound == "" {
							notFound = b
						} else if b != notFound {
							t.Errorf("%s %s: this 404 page differs from another 404 page, telling objects apart", role, p.path)
						}
					}
				}
				if w == http.StatusOK && p.owner != "" && p.owner != "none" && strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") &&
					!strings.Contains(body, names[p.owner]) {
					t.Errorf("%s %s: page lacks %s", role, p.path, names[p.owner])
				}
			}
		}
	}
}

func sirenOf(name string) string {
	switch name {
	case "alpha":
		return alpha.SIREN
	case "bravo":
		return bravo.SIREN
	}
	return charlie.SIREN
}
