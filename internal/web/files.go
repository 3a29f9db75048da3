package web

import (
	"bytes"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// reportName matches the files of the weekly report archive.
var reportName = regexp.MustCompile(`^rapport-hebdomadaire-(\d{4}-\d{2}-\d{2})\.(pdf|xlsx)$`)

// receiptNumber matches a receipt number, "AR-2026-000042".
var receiptNumber = regexp.MustCompile(`^AR-\d{4}-\d{6,}$`)

// reportLink is one weekly report with its two files.
type reportLink struct {
	Date, DateISO string
	PDF, XLSX     string // URLs, "" when the file is missing
}

// reports lists the newest weekly reports of ReportDir, at most n.
func (s *Server) reports(n int) []reportLink {
	if s.ReportDir == "" {
		return nil
	}
	entries, err := os.ReadDir(s.ReportDir)
	if err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			s.Log.Error().Err(err).Str("dir", s.ReportDir).Msg("status page: list weekly reports")
		}
		return nil
	}
	byDate := map[string]*reportLink{}
	for _, e := range entries {
		m := reportName.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		l := byDate[m[1]]
		if l == nil {
			d, _ := time.ParseInLocation(time.DateOnly, m[1], reconcile.Paris)
			l = &reportLink{Date: frDate(d), DateISO: m[1]}
			byDate[m[1]] = l
		}
		if m[2] == "pdf" {
			l.PDF = "/rapports/" + e.Name()
		} else {
			l.XLSX = "/rapports/" + e.Name()
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

// reportFile serves one file of the weekly report archive.
func (s *Server) reportFile(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	m := reportName.FindStringSubmatch(name)
	if m == nil || s.ReportDir == "" {
		s.error(w, r, http.StatusNotFound, "Ce rapport n'existe pas.")
		return
	}
	f, err := os.Open(filepath.Join(s.ReportDir, name))
	if err != nil {
		s.error(w, r, http.StatusNotFound, "Ce rapport n'existe pas.")
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		s.error(w, r, http.StatusNotFound, "Ce rapport n'existe pas.")
		return
	}
	ct := "application/pdf"
	if m[2] == "xlsx" {
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	http.ServeContent(w, r, name, fi.ModTime(), f)
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
