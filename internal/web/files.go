package web

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"time"

	"github.com/pactd/pactd/internal/archive"
	"github.com/pactd/pactd/reconcile"
)

// reportName matches the files of the weekly report archive.
var reportName = archive.WeeklyReportName

// receiptNumber matches a receipt number, "AR-2026-000042".
var receiptNumber = regexp.MustCompile(`^AR-\d{4}-\d{6,}$`)

// reportLink is one weekly report with its two files.
type reportLink struct {
	Date, DateISO string
	PDF, XLSX     string // URLs, "" when the file is missing
}

// reports lists the newest weekly reports of the archive, at most n.
func (s *Server) reports(ctx context.Context, n int) []reportLink {
	if s.Archive == nil {
		return nil
	}
	files, err := s.Archive.Files(ctx, archive.WeeklyReport)
	if err != nil {
		s.Log.Error().Err(err).Msg("status page: list weekly reports")
		return nil
	}
	byDate := map[string]*reportLink{}
	for _, f := range files {
		m := reportName.FindStringSubmatch(f.Name)
		if m == nil {
			continue
		}
		l := byDate[m[1]]
		if l == nil {
			d, _ := time.ParseInLocation(time.DateOnly, m[1], reconcile.Paris)
			l = &reportLink{Date: frDate(d), DateISO: m[1]}
			byDate[m[1]] = l
		}
		if m[2] == "pdf" {
			l.PDF = "/rapports/" + f.Name
		} else {
			l.XLSX = "/rapports/" + f.Name
		}
	}
	var out []reportLink
	for _, l := range byDate {
		out = append(out, *l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].DateISO > out[j].DateISO })
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// reportFile serves one weekly report file of the archive.
func (s *Server) reportFile(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if !reportName.MatchString(name) || s.Archive == nil {
		s.error(w, r, http.StatusNotFound, "Ce rapport n'existe pas.")
		return
	}
	f, err := s.Archive.File(r.Context(), name)
	if errors.Is(err, reconcile.ErrNotFound) || err == nil && f.Kind != archive.WeeklyReport {
		s.error(w, r, http.StatusNotFound, "Ce rapport n'existe pas.")
		return
	}
	if err != nil {
		s.fail(w, r, "lire le rapport", err)
		return
	}
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("ETag", `"`+f.SHA256+`"`)
	http.ServeContent(w, r, name, f.CreatedAt, bytes.NewReader(f.Content))
}

// acknowledgment serves the acknowledgment PDF of one receipt.
func (s *Server) acknowledgment(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("submission"), 10, 64)
	number := r.PathValue("receipt")
	if err != nil || id <= 0 || !receiptNumber.MatchString(number) || s.Acknowledgment == nil {
		s.error(w, r, http.StatusNotFound, "Cet accusé de réception n'existe pas.")
		return
	}
	var buf bytes.Buffer
	err = s.Acknowledgment(r.Context(), &buf, id, number)
	if errors.Is(err, reconcile.ErrNotFound) {
		s.error(w, r, http.StatusNotFound, "Cet accusé de réception n'existe pas.")
		return
	}
	if err != nil {
		s.fail(w, r, "produire l'accusé de réception", err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="accuse-`+number+`.pdf"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, _ = w.Write(buf.Bytes())
}
