package web

import (
	"errors"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/pactd/pactd/internal/auth"
	"github.com/pactd/pactd/reconcile"
)

// loginView is the login page.
type loginView struct {
	page
	OIDC         bool
	ProviderName string
	LocalAdmin   bool
	Return       string
	Notice       string // a French sentence: logged out, session expired...
	Problem      string // a French sentence: what went wrong
}

// loginNotices are the messages of the login page, by ?etat= value.
var loginNotices = map[string]string{
	"deconnecte": "Vous êtes déconnecté.",
}

// loginPage serves /connexion: the ways to log in that are configured.
func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	s.renderLogin(w, r, http.StatusOK, "")
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, code int, problem string) {
	if s.Auth == nil {
		s.error(w, r, http.StatusNotFound, "Aucune connexion n'est configurée : ce site est ouvert à la machine elle-même seulement.")
		return
	}
	v := &loginView{page: s.page("Connexion", 0, "/connexion"), OIDC: s.Auth.OIDC != nil, LocalAdmin: s.Auth.Admin != nil,
		ProviderName: s.Auth.ProviderName, Return: safeReturn(r.FormValue("retour")),
		Notice: loginNotices[r.URL.Query().Get("etat")], Problem: problem}
	if v.LocalAdmin {
		v.CSRF = s.CSRFToken(w, r)
	}
	if v.ProviderName == "" {
		v.ProviderName = "votre compte professionnel"
	}
	v.Years = nil
	w.Header().Set("Cache-Control", "no-store")
	s.renderStatus(w, r, code, "login.html", v)
}

// oidcStart serves /connexion/oidc: it keeps the login's state, nonce and
// PKCE verifier in a signed cookie and sends the browser to the provider.
func (s *Server) oidcStart(w http.ResponseWriter, r *http.Request) {
	if s.Auth == nil || s.Auth.OIDC == nil {
		s.error(w, r, http.StatusNotFound, "Cette page n'existe pas.")
		return
	}
	target, st, err := s.Auth.OIDC.Start(r.Context(), safeReturn(r.URL.Query().Get("retour")))
	if err != nil {
		s.Log.Error().Err(err).Msg("start OIDC login")
		s.renderLogin(w, r, http.StatusServiceUnavailable, "Le fournisseur d'identité ne répond pas : réessayez dans quelques minutes.")
		return
	}
	exp := s.now().Add(10 * time.Minute)
	v, err := s.Auth.Signer.Seal(auth.PurposeLogin, st, exp)
	if err != nil {
		s.fail(w, r, "préparer la connexion", err)
		return
	}
	// Lax, not Strict: the provider's redirection back is a top-level
	// navigation from another site, which must carry this cookie.
	setCookie(w, loginCookie, v, exp, http.SameSiteLaxMode)
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// oidcReturn serves /connexion/retour, where the provider sends the
// browser back: state checked against the signed cookie, code exchanged
// with the PKCE verifier, ID token and nonce verified, verified address
// required; then the session starts.
func (s *Server) oidcReturn(w http.ResponseWriter, r *http.Request) {
	if s.Auth == nil || s.Auth.OIDC == nil {
		s.error(w, r, http.StatusNotFound, "Cette page n'existe pas.")
		return
	}
	q := r.URL.Query()
	c, err := r.Cookie(loginCookie)
	var st auth.LoginState
	if err != nil || s.Auth.Signer.Open(auth.PurposeLogin, c.Value, s.now(), &st) != nil {
		s.renderLogin(w, r, http.StatusBadRequest, "La connexion a expiré ou n'a pas commencé sur ce site : recommencez.")
		return
	}
	clearCookie(w, loginCookie) // one use
	if e := q.Get("error"); e != "" {
		s.Log.Warn().Str("oidc_error", e).Msg("identity provider refused the login")
		s.renderLogin(w, r, http.StatusUnauthorized, "Le fournisseur d'identité n'a pas confirmé votre connexion : recommencez.")
		return
	}
	id, err := s.Auth.OIDC.Finish(r.Context(), st, q.Get("state"), q.Get("code"))
	switch {
	case errors.Is(err, auth.ErrUnverifiedEmail):
		s.Log.Warn().Msg("OIDC login refused: e-mail address not verified by the provider")
		s.renderLogin(w, r, http.StatusForbidden, "Votre fournisseur d'identité n'a pas confirmé votre adresse électronique : pactd ne peut pas vous attribuer de rôle. Faites vérifier votre adresse auprès de lui.")
		return
	case errors.Is(err, auth.ErrProvider):
		s.Auth.OIDC.Reset()
		s.Log.Error().Err(err).Msg("OIDC login")
		s.renderLogin(w, r, http.StatusBadGateway, "Le fournisseur d'identité ne répond pas comme prévu : réessayez dans quelques minutes.")
		return
	case err != nil:
		s.Log.Warn().Err(err).Msg("OIDC login refused")
		s.renderLogin(w, r, http.StatusUnauthorized, "La connexion n'a pas pu être vérifiée : recommencez.")
		return
	}
	if _, err := s.startSession(w, id.Email, id.Name, auth.MethodOIDC, s.Auth.OIDC.Issuer()); err != nil {
		s.fail(w, r, "ouvrir la session", err)
		return
	}
	s.Log.Info().Str("email", id.Email).Str("method", string(auth.MethodOIDC)).Msg("login")
	http.Redirect(w, r, safeReturn(st.Return), http.StatusSeeOther)
}

// adminLogin serves POST /connexion/admin, the local administrator's form
// (its CSRF token was checked by the gate).
func (s *Server) adminLogin(w http.ResponseWriter, r *http.Request) {
	if s.Auth == nil || s.Auth.Admin == nil {
		s.error(w, r, http.StatusNotFound, "Cette page n'existe pas.")
		return
	}
	key := clientKey(r)
	now := s.now()
	if blocked, until := s.Auth.Limiter.Blocked(key, now); blocked {
		s.Log.Warn().Str("client", key).Msg("local admin login refused: too many failures")
		w.Header().Set("Retry-After", retryAfter(until.Sub(now)))
		s.renderLogin(w, r, http.StatusTooManyRequests, "Trop de tentatives de connexion ont échoué : réessayez après "+until.In(reconcile.Paris).Format("15 h 04")+".")
		return
	}
	if !s.Auth.Admin.Check(r.PostFormValue("utilisateur"), r.PostFormValue("motdepasse")) {
		s.Auth.Limiter.Fail(key, now)
		s.Log.Warn().Str("client", key).Msg("local admin login failed")
		delay := s.Auth.FailureDelay
		if delay == 0 {
			delay = time.Second
		}
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
		}
		s.renderLogin(w, r, http.StatusUnauthorized, "Identifiant ou mot de passe incorrect.")
		return
	}
	s.Auth.Limiter.Succeed(key)
	if _, err := s.startSession(w, "", s.Auth.Admin.User, auth.MethodLocal, ""); err != nil {
		s.fail(w, r, "ouvrir la session", err)
		return
	}
	s.Log.Info().Str("user", s.Auth.Admin.User).Str("method", string(auth.MethodLocal)).Msg("login")
	http.Redirect(w, r, safeReturn(r.PostFormValue("retour")), http.StatusSeeOther)
}

// logout serves POST /deconnexion: the session is recorded as closed (a
// copy of the cookie no longer works) and the cookie deleted.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if ss, ok := s.session(r); ok {
		if err := s.Auth.Sessions.RevokeSession(r.Context(), ss.ID, ss.Expires); err != nil {
			s.fail(w, r, "fermer la session", err)
			return
		}
		s.Log.Info().Str("method", string(ss.Method)).Msg("logout")
	}
	clearCookie(w, SessionCookie)
	http.Redirect(w, r, "/connexion?etat=deconnecte", http.StatusSeeOther)
}

// noRoleView is the page of a person logged in without a role.
type noRoleView struct {
	page
	Email, Contact string
}

// noRole answers a person without a role: who they are and whom to ask.
func (s *Server) noRole(w http.ResponseWriter, r *http.Request, p *auth.Person) {
	v := &noRoleView{page: s.page("Accès non attribué", 0, "/"), Email: p.Email, Contact: s.Auth.Contact}
	v.Years = nil
	s.renderStatus(w, r, http.StatusForbidden, "noaccess.html", v)
}

// clientKey is the client's address for the failure limiter.
func clientKey(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// retryAfter writes d for the Retry-After header, in whole seconds.
func retryAfter(d time.Duration) string {
	return strconv.Itoa(int(d.Seconds()) + 1)
}
