package web

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"

	"github.com/pactd/pactd/internal/auth"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static/style.css
var styleCSS []byte

// funcs are the templates' helpers.
var funcs = template.FuncMap{
	// mails groups a table of messages with whether each row has a retry
	// form, and the form's CSRF token.
	"mails": func(rows []mailView, retry bool, csrf string) mailTable {
		return mailTable{Rows: rows, Retry: retry, CSRF: csrf}
	},
}

// mailTable is the data of the outbox page's "mails" template.
type mailTable struct {
	Rows  []mailView
	Retry bool
	CSRF  string
}

// pages are the parsed templates, each with the layout.
var pages = map[string]*template.Template{}

func init() {
	for _, name := range []string{"overview.html", "territory.html", "error.html", "login.html", "noaccess.html", "territories.html", "outbox.html"} {
		pages[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(templateFiles, "templates/layout.html", "templates/"+name))
	}
}

// render executes a page into a buffer first, so that an error gives a
// clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, data any) {
	s.renderStatus(w, r, http.StatusOK, name, data)
}

// renderStatus renders a page with status code. A page view given by
// pointer gets the header every page shows: who is logged in, and the
// CSRF token of the logout form.
func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, code int, name string, data any) {
	if b, ok := data.(interface{ base() *page }); ok {
		s.fillHeader(w, r, b.base())
	}
	var buf bytes.Buffer
	if err := pages[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		s.Log.Error().Err(err).Str("page", name).Msg("render page")
		http.Error(w, "Erreur interne : la page n'a pas pu être produite.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_, _ = w.Write(buf.Bytes())
}

// errorPage is the view of an error.
type errorPage struct {
	page
	Message string
}

// error writes an error page with a French message.
func (s *Server) error(w http.ResponseWriter, r *http.Request, code int, msg string) {
	p := &errorPage{page: s.page("Erreur", 0, "/"), Message: msg}
	p.Years = nil
	s.renderStatus(w, r, code, "error.html", p)
}

// fail logs an internal error and writes a 500 page that says nothing of it.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, what string, err error) {
	s.Log.Error().Err(err).Str("path", r.URL.Path).Msg("status page: " + what)
	s.error(w, r, http.StatusInternalServerError, "Erreur interne : impossible de "+what+". Le journal du service en dit plus.")
}

func serveStyle(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "max-age=3600")
	_, _ = w.Write(styleCSS)
}

// whoView is the header's account line.
type whoView struct {
	Name, Role string
	Logout     bool // show the logout button (a session, not loopback)
}

// fillHeader sets what the layout shows of the person making r.
func (s *Server) fillHeader(w http.ResponseWriter, r *http.Request, p *page) {
	who := PersonFrom(r.Context())
	p.Admin = who.Is(auth.Administrateur)
	p.Central = who.SeesAll()
	if who == nil {
		return
	}
	name := who.Name
	if name == "" {
		name = who.Email
	}
	p.Who = &whoView{Name: name, Role: who.Role.Label(), Logout: who.SessionID != ""}
	if p.Who.Logout {
		p.CSRF = s.CSRFToken(w, r)
	}
}
