package web

import (
	"bytes"
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/internal/auth"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
	"github.com/pactd/pactd/templates"
)

// Door is the status site's door for workbooks: a territory's person
// downloads its current pre-filled workbook and uploads the filled one,
// which goes through the very pipeline of the mailboxes and the watched
// folder (Process) with origin « site », and sees its acknowledgment at
// once. Server.Door nil closes it (its pages answer 404).
type Door struct {
	// Process is the intake pipeline the mailboxes and the folder use
	// (the daemon's, with its limits, register and receipt numbers).
	Process ingest.Processor
	// MaxFileSize is the largest workbook accepted, in bytes: the
	// intake.max_file_mb of mail and folder (default 20 MiB). A larger
	// upload is refused before it is read.
	MaxFileSize int64
	// Content returns the stored bytes of a submission, for its annotated
	// workbook (reconcile.Store.SubmissionContent); nil: no annotated
	// workbook on the site.
	Content func(ctx context.Context, id int64) ([]byte, error)
	// Generate are the settings of the pre-filled workbooks, as pactd
	// templates generate writes them (the address to send them back to,
	// the tolerances).
	Generate templates.GenerateOptions
	// Service names the service in annotated workbooks.
	Service reports.Service
	// Visits records a visit of a territory's person (the store's
	// RecordSiteVisit); nil: visits are not recorded.
	Visits func(ctx context.Context, v reconcile.SiteVisit) error

	visits visitNotes
}

func (d *Door) maxFileSize() int64 { return orDefaultSize(d.MaxFileSize, 20<<20) }

// uploadOverhead is what a multipart upload adds to the file: part
// headers, the CSRF token and the form's other fields.
const uploadOverhead = 64 << 10

// uploadMaxBody bounds the body of the upload form.
func (s *Server) uploadMaxBody() int64 {
	if s.Door == nil {
		return 0
	}
	return s.Door.maxFileSize() + uploadOverhead
}

func init() {
	for _, name := range []string{"upload.html", "upload_result.html"} {
		pages[name] = template.Must(template.New(name).ParseFS(templateFiles, "templates/layout.html", "templates/"+name))
	}
}

// uploadPage is the view of /territoires/{siren}/depot.
type uploadPage struct {
	page
	SIREN, Name       string
	Deadline          string
	Covered           bool // the contract plans actions that year
	WorkbookURL, File string
	// CanUpload: the person may upload (not the national team, which
	// reads only); Nonce identifies this form's upload.
	CanUpload bool
	Nonce     string
	MaxMB     int64
	Problem   string
}

// contractOf returns the register and the contract of the request's
// {siren}, or writes the 404 page.
func (s *Server) contractOf(w http.ResponseWriter, r *http.Request) (*reconcile.Register, *reconcile.Contract, bool) {
	if s.Door == nil {
		s.error(w, r, http.StatusNotFound, "Le dépôt de classeurs par le site n'est pas ouvert sur ce service : envoyez votre classeur par courriel.")
		return nil, nil, false
	}
	siren := r.PathValue("siren")
	reg, err := s.Source.LatestRegister(r.Context())
	if err != nil && !errors.Is(err, reconcile.ErrNotFound) {
		s.fail(w, r, "lire le registre", err)
		return nil, nil, false
	}
	var c *reconcile.Contract
	if reg != nil && reconcile.ValidSIREN(siren) {
		c = reg.Contract(siren)
	}
	if c == nil {
		s.error(w, r, http.StatusNotFound, "Aucun territoire du registre n'a ce SIREN.")
		return nil, nil, false
	}
	return reg, c, true
}

// uploadForm serves GET /territoires/{siren}/depot: the link to the
// pre-filled workbook of the year and the upload form.
func (s *Server) uploadForm(w http.ResponseWriter, r *http.Request) {
	year, ok := s.year(w, r)
	if !ok {
		return
	}
	reg, c, ok := s.contractOf(w, r)
	if !ok {
		return
	}
	s.renderUploadForm(w, r, http.StatusOK, reg, c, year, "")
}

func (s *Server) renderUploadForm(w http.ResponseWriter, r *http.Request, code int, reg *reconcile.Register, c *reconcile.Contract, year int, problem string) {
	t := c.Territory
	base := "/territoires/" + url.PathEscape(t.SIREN)
	p := &uploadPage{page: s.page("Classeur "+strconv.Itoa(year)+" — "+t.Name, year, base+"/depot"),
		SIREN: t.SIREN, Name: t.Name, Deadline: frDate(reg.Deadline(year)), Covered: c.Covers(year),
		WorkbookURL: base + "/classeur?annee=" + strconv.Itoa(year), File: templates.FileName(t, year),
		CanUpload: mayUpload(PersonFrom(r.Context())), Nonce: auth.RandomToken(18),
		MaxMB: s.Door.maxFileSize() >> 20, Problem: problem}
	s.renderStatus(w, r, code, "upload.html", p)
}

// mayUpload reports whether p may upload a workbook for a territory it
// sees: its own people and the administrators, not the national team,
// which reads only.
func mayUpload(p *auth.Person) bool {
	return p.Is(auth.Administrateur, auth.Territoire)
}

// workbook serves GET /territoires/{siren}/classeur: the territory's
// pre-filled workbook of the year, generated from the latest register
// exactly as pactd templates generate writes it.
func (s *Server) workbook(w http.ResponseWriter, r *http.Request) {
	year, ok := s.year(w, r)
	if !ok {
		return
	}
	reg, c, ok := s.contractOf(w, r)
	if !ok {
		return
	}
	if !c.Covers(year) {
		s.error(w, r, http.StatusNotFound, "Le contrat de "+c.Territory.Name+" ne prévoit aucune action en "+strconv.Itoa(year)+
			" : il n'y a pas de classeur à remplir pour cet exercice.")
		return
	}
	var buf bytes.Buffer
	if err := templates.GenerateWith(&buf, reg, c.Territory.SIREN, year, s.Door.Generate); err != nil {
		s.fail(w, r, "produire le classeur pré-rempli", err)
		return
	}
	sendFile(w, templates.FileName(c.Territory, year), xlsxType, buf.Bytes())
}

// sendFile writes a download with its name (ASCII-safe: file names of
// workbooks are built from SIREN and short names, but an uploaded one may
// be anything).
func sendFile(w http.ResponseWriter, name, contentType string, data []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, _ = w.Write(data)
}
