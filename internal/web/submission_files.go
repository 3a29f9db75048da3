package web

import (
	"errors"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// xlsxType is the content type of a workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// submissionFile serves /depots/{submission}/fichier: the workbook as
// received, to whoever sees its territory (the route's Owner).
func (s *Server) submissionFile(w http.ResponseWriter, r *http.Request) {
	sub, data, ok := s.submissionBytes(w, r)
	if !ok {
		return
	}
	serveWorkbook(w, downloadName(sub.FileName, sub.ID), data)
}

// annotatedFile serves /depots/{submission}/annote: the received workbook
// with the cells of its findings highlighted and commented, as the
// acknowledgment mail carried it.
func (s *Server) annotatedFile(w http.ResponseWriter, r *http.Request) {
	sub, data, ok := s.submissionBytes(w, r)
	if !ok {
		return
	}
	out, err := reports.Annotate(data, sub.Findings, s.Service)
	if errors.Is(err, reports.ErrNothingToAnnotate) {
		s.error(w, r, http.StatusNotFound, "Ce dépôt n'a aucun constat sur une cellule : il n'a pas de classeur annoté.")
		return
	}
	if err != nil {
		s.fail(w, r, "produire le classeur annoté", err)
		return
	}
	serveWorkbook(w, reports.AnnotatedFileName(downloadName(sub.FileName, sub.ID)), out)
}

// submissionBytes reads the submission of the request and its bytes, or
// writes the error page.
func (s *Server) submissionBytes(w http.ResponseWriter, r *http.Request) (*reconcile.Submission, []byte, bool) {
	id, err := strconv.ParseInt(r.PathValue("submission"), 10, 64)
	if err != nil || id <= 0 || s.SubmissionContent == nil {
		s.error(w, r, http.StatusNotFound, "Ce dépôt n'existe pas.")
		return nil, nil, false
	}
	sub, err := s.Source.Submission(r.Context(), id)
	if err == nil {
		var data []byte
		if data, err = s.SubmissionContent(r.Context(), id); err == nil {
			return sub, data, true
		}
	}
	if errors.Is(err, reconcile.ErrNotFound) {
		s.error(w, r, http.StatusNotFound, "Ce dépôt n'existe pas.")
	} else {
		s.fail(w, r, "lire le fichier reçu", err)
	}
	return nil, nil, false
}

// downloadName is a safe file name for a download: the received name's
// base, without quotes or control characters, ending in .xlsx.
func downloadName(name string, id int64) string {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	base = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' || r == ';' {
			return '_'
		}
		return r
	}, base)
	if base == "." || base == "/" || base == "" {
		base = "depot-" + strconv.FormatInt(id, 10)
	}
	if !strings.HasSuffix(strings.ToLower(base), ".xlsx") {
		base += ".xlsx"
	}
	return base
}

func serveWorkbook(w http.ResponseWriter, name string, data []byte) {
	w.Header().Set("Content-Type", xlsxType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+asciiName(name)+`"; filename*=UTF-8''`+strings.ReplaceAll(url.QueryEscape(name), "+", "%20"))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, _ = w.Write(data)
}

// asciiName replaces what is not printable ASCII, for the plain filename.
func asciiName(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e {
			return '_'
		}
		return r
	}, s)
}
