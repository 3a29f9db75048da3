package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pactd/pactd/internal/web"
	"github.com/pactd/pactd/internal/webtest"
)

// TestEveryRouteEveryRole logs in as each role in a real Chromium through
// a real OpenID provider (and the local administrator through its form),
// screenshots what each sees, then replays each session on every route of
// the site: a territory reaches its own pages, files and acknowledgments,
// and nothing of another territory, the quarantine or the consolidated
// reports, by any URL.
func TestEveryRouteEveryRole(t *testing.T) {
	s := newSite(t)
	sessions := map[string]string{"anonyme": ""}
	for _, tc := range []struct {
		role  string
		user  webtest.User
		sees  []string // on the overview
		hides []string
	}{
		{"administrateur", admin, []string{alpha.Name, bravo.Name, charlie.Name, "Quarantaine", "File d'envoi", "Rapports hebdomadaires", "Claire Admin (administrateur)"}, nil},
		{"national", national, []string{alpha.Name, bravo.Name, charlie.Name, "Rapports hebdomadaires", "équipe nationale, lecture seule"}, []string{"Quarantaine", "File d'envoi", "bravo.xlsx"}},
		{"alpha", alphaUser, []string{alpha.Name, "Alice Alpha (territoire)", "Votre territoire", "Accepté hors délai"}, []string{bravo.Name, charlie.Name, "Quarantaine", "Rapports hebdomadaires", "File d'envoi"}},
		{"bravo", bravoUser, []string{bravo.Name}, []string{alpha.Name, charlie.Name, "Quarantaine"}},
	} {
		t.Run(tc.role, func(t *testing.T) {
			b := loginOIDC(t, s, tc.user, "/?annee=2025")
			if got := b.Location(); got != s.URL+"/?annee=2025" {
				t.Fatalf("after login: at %s, want back on the page asked for", got)
			}
			text := b.Text("body")
			for _, w := range tc.sees {
				if !strings.Contains(text, w) {
					t.Errorf("overview lacks %q", w)
				}
			}
			for _, h := range tc.hides {
				if strings.Contains(text, h) {
					t.Errorf("overview shows %q", h)
				}
			}
			b.Screenshot("accueil")
			sessions[tc.role] = sessionOf(t, s, b)
			own := map[string]string{"administrateur": charlie.SIREN, "national": bravo.SIREN, "alpha": alpha.SIREN, "bravo": bravo.SIREN}[tc.role]
			if st := b.Navigate(s.URL + "/territoires/" + own + "?annee=2025"); st != http.StatusOK {
				t.Errorf("own territory page: status %d", st)
			}
			b.Screenshot("territoire")
			if tc.role == "alpha" {
				if st := b.Navigate(s.URL + "/territoires/" + bravo.SIREN + "?annee=2025"); st != http.StatusNotFound ||
					!strings.Contains(b.Text("body"), "Cette page n'existe pas.") {
					t.Errorf("alpha on bravo's page: status %d, want 404 « Cette page n'existe pas. »", st)
				}
				b.Screenshot("autre-territoire")
			}
		})
	}
	t.Run("admin-local", func(t *testing.T) {
		b := webtest.NewBrowser(t)
		b.Navigate(s.URL + "/?annee=2025")
		b.Fill("#utilisateur", localUser)
		b.Fill("#motdepasse", "mauvais mot de passe")
		if st := b.Click("form.login button"); st != http.StatusUnauthorized || !strings.Contains(b.Text("body"), "Identifiant ou mot de passe incorrect.") {
			t.Errorf("wrong password: status %d", st)
		}
		b.Screenshot("echec")
		b.Fill("#utilisateur", localUser)
		b.Fill("#motdepasse", localPassword)
		if st := b.Click("form.login button"); st != http.StatusOK || b.Location() != s.URL+"/?annee=2025" {
			t.Fatalf("local admin login: status %d at %s", st, b.Location())
		}
		if text := b.Text("body"); !strings.Contains(text, localUser+" (administrateur)") || !strings.Contains(text, "Quarantaine") {
			t.Errorf("local admin's overview lacks its name or the quarantine")
		}
		b.Screenshot("accueil")
		sessions["admin-local"] = sessionOf(t, s, b)
	})
	t.Run("aucun", func(t *testing.T) {
		b := loginOIDC(t, s, stranger, "/")
		text := b.Text("body")
		for _, w := range []string{"Accès non attribué", stranger.Email, "n'a aucun rôle sur ce site", "la délégation, pacte@pacte.test", "Se déconnecter"} {
			if !strings.Contains(text, w) {
				t.Errorf("no-role page lacks %q", w)
			}
		}
		b.Screenshot("sans-role")
		sessions["aucun"] = sessionOf(t, s, b)
	})
	t.Run("adresse non vérifiée", func(t *testing.T) {
		b := loginOIDC(t, s, unverified, "/")
		if text := b.Text("body"); !strings.Contains(text, "n'a pas confirmé votre adresse électronique") {
			t.Errorf("unverified address: page says %q", text)
		}
		for _, c := range b.Cookies(s.URL + "/") {
			if c.Name == web.SessionCookie {
				t.Error("a session was opened for an unverified address")
			}
		}
		b.Screenshot("adresse-non-verifiee")
	})
	if t.Failed() {
		return
	}
	t.Run("routes", func(t *testing.T) { walkRoutes(t, s, sessions) })
	t.Run("déconnexion", func(t *testing.T) {
		b := loginOIDC(t, s, alphaUser, "/")
		cookie := sessionOf(t, s, b)
		if st := b.Click("header form button"); st != http.StatusOK || !strings.Contains(b.Text("body"), "Vous êtes déconnecté.") {
			t.Fatalf("logout: status %d", st)
		}
		b.Screenshot("deconnecte")
		// A copy of the cookie taken before logout no longer opens anything.
		resp, _ := s.get(t, "/territoires/"+alpha.SIREN, cookie)
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("replayed cookie after logout: got %d, want 303 to the login page", resp.StatusCode)
		}
	})
}
