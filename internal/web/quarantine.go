package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// quarantineShown is how many entries the status page lists.
const quarantineShown = 20

// quarantineRow is one quarantined file or message on the status page.
type quarantineRow struct {
	ID                    int64
	Received, ReceivedISO string
	Origin, File, Reason  string
	Download              string // URL of the bytes, "" when none can be served
}

// quarantineView is the quarantine section of the overview.
type quarantineView struct {
	Count int
	Rows  []quarantineRow // newest first, at most quarantineShown
}

// quarantine reads the quarantine section; nil when the server has no
// quarantine source.
func (s *Server) quarantine(ctx context.Context) (*quarantineView, error) {
	if s.Quarantine == nil {
		return nil, nil
	}
	qs, err := s.Quarantine(ctx, time.Time{})
	if err != nil {
		return nil, err
	}
	v := &quarantineView{Count: len(qs)}
	for i := len(qs) - 1; i >= 0 && len(v.Rows) < quarantineShown; i-- {
		q := qs[i]
		r := quarantineRow{ID: q.ID, Received: frDateTime(q.ReceivedAt), ReceivedISO: isoTime(q.ReceivedAt),
			Origin: quarantineOrigin(q), File: q.FileName, Reason: q.Reason}
		if s.QuarantineContent != nil && q.SHA256 != "" {
			r.Download = "/quarantaine/" + strconv.FormatInt(q.ID, 10)
			if q.FileName != "" {
				r.Download += "?nom=" + url.QueryEscape(q.FileName)
			}
		}
		v.Rows = append(v.Rows, r)
	}
	return v, nil
}

// quarantineOrigin says where an entry came from, in French.
func quarantineOrigin(q reconcile.QuarantineEntry) string {
	o := q.Origin
	switch {
	case o.Sender != "" && o.Account != "":
		return o.Sender + " (boîte " + o.Account + ")"
	case o.Sender != "":
		return o.Sender
	case o.Path != "":
		return "dossier : " + o.Path
	}
	return string(o.Kind)
}

// quarantineFile serves the bytes of one quarantined entry as a download.
func (s *Server) quarantineFile(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 || s.QuarantineContent == nil {
		s.error(w, r, http.StatusNotFound, "Cet élément de quarantaine n'existe pas.")
		return
	}
	b, err := s.QuarantineContent(r.Context(), id)
	if errors.Is(err, reconcile.ErrNotFound) || (err == nil && len(b) == 0) {
		s.error(w, r, http.StatusNotFound, "Cet élément de quarantaine n'existe pas ou n'a pas de contenu.")
		return
	}
	if err != nil {
		s.fail(w, r, "lire l'élément de quarantaine", err)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", `attachment; filename="quarantaine-`+strconv.FormatInt(id, 10)+safeExt(r.URL.Query().Get("nom"))+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	_, _ = w.Write(b)
}

// safeExt keeps a short alphanumeric extension of name, for the download's
// file name; anything else gives ".bin".
func safeExt(name string) string {
	ext := strings.ToLower(filepath.Ext(name))
	if len(ext) < 2 || len(ext) > 6 {
		return ".bin"
	}
	for _, c := range ext[1:] {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return ".bin"
		}
	}
	return ext
}
