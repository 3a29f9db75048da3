package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

// exportSheet is the sheet of the exported list.
const exportSheet = "Territoires"

// exportHeaders are the columns of the export: the list's, with the
// départements and the alerts a screen has no room for.
var exportHeaders = []string{"Territoire", "SIREN", "Région", "Type", "Départements", "État", "En retard",
	"Fichiers enregistrés", "Fichiers mis de côté", "Dernier dépôt", "Taux d'exécution", "Constats bloquants", "Alertes"}

// territoryExport serves /territoires.xlsx: the list as filtered and
// sorted by the same query, as a workbook.
func (s *Server) territoryExport(w http.ResponseWriter, r *http.Request) {
	year, ok := s.year(w, r)
	if !ok {
		return
	}
	lq := readListQuery(r.URL.Query())
	rows, _, err := s.listRows(r, year, lq)
	if err != nil {
		s.fail(w, r, "lire les dépôts", err)
		return
	}
	data, err := exportWorkbook(rows, year, s.now())
	if err != nil {
		s.fail(w, r, "produire le classeur", err)
		return
	}
	name := "territoires-" + strconv.Itoa(year) + ".xlsx"
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, _ = w.Write(data)
}

// exportWorkbook writes rows as one sheet with a header row, numbers as
// numbers, the rate as a percentage, a frozen header and a filter.
func exportWorkbook(rows []territoryView, year int, now time.Time) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", exportSheet); err != nil {
		return nil, fmt.Errorf("name sheet: %w", err)
	}
	props := &excelize.DocProperties{Title: "Territoires " + strconv.Itoa(year), Creator: "pactd",
		Created: now.UTC().Format(time.RFC3339), Modified: now.UTC().Format(time.RFC3339), Language: "fr-FR"}
	if err := f.SetDocProps(props); err != nil {
		return nil, fmt.Errorf("set properties: %w", err)
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E3E3FD"}}})
	if err != nil {
		return nil, err
	}
	dateFmt := "dd/mm/yyyy hh:mm"
	dates, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return nil, err
	}
	pct := "0.0 %"
	percent, err := f.NewStyle(&excelize.Style{CustomNumFmt: &pct})
	if err != nil {
		return nil, err
	}
	for i, h := range exportHeaders {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellStr(exportSheet, cell, h); err != nil {
			return nil, err
		}
	}
	for i, v := range rows {
		late := "non"
		if v.Late {
			late = "oui"
		}
		var last any = ""
		if at := lastReceived(v.row); !at.IsZero() {
			// A date Excel sorts and filters, on Paris's wall clock.
			p := at.In(reconcile.Paris)
			last = time.Date(p.Year(), p.Month(), p.Day(), p.Hour(), p.Minute(), 0, 0, time.UTC)
		}
		var rate any = ""
		if v.row.Rate != nil {
			rate = v.row.Rate.Fraction()
		}
		vals := []any{v.Name, v.SIREN, v.Region, v.Type, v.Departements, v.StateLabel, late, v.Files, v.SetAside,
			last, rate, v.Bloquant, v.Alerte}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(exportSheet, cell, &vals); err != nil {
			return nil, fmt.Errorf("write row %d: %w", i+2, err)
		}
	}
	last := len(rows) + 1
	end, _ := excelize.CoordinatesToCellName(len(exportHeaders), last)
	if err := f.SetCellStyle(exportSheet, "A1", end[:1]+"1", bold); err != nil {
		return nil, err
	}
	if len(rows) > 0 {
		if err := f.SetCellStyle(exportSheet, "K2", "K"+strconv.Itoa(last), percent); err != nil {
			return nil, err
		}
		if err := f.SetCellStyle(exportSheet, "J2", "J"+strconv.Itoa(last), dates); err != nil {
			return nil, err
		}
		if err := f.AutoFilter(exportSheet, "A1:"+end, nil); err != nil {
			return nil, fmt.Errorf("set filter: %w", err)
		}
	}
	if err := f.SetPanes(exportSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	for col, width := range map[string]float64{"A": 42, "B": 12, "C": 26, "D": 14, "E": 14, "F": 22, "J": 18} {
		if err := f.SetColWidth(exportSheet, col, col, width); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("write workbook: %w", err)
	}
	return buf.Bytes(), nil
}

// lastReceived is when the territory's newest file arrived, recorded or
// set aside.
func lastReceived(tr reports.TerritoryRow) time.Time {
	var at time.Time
	if tr.Status.Latest != nil {
		at = tr.Status.Latest.ReceivedAt
	}
	for _, q := range tr.SetAside {
		if q.ReceivedAt.After(at) {
			at = q.ReceivedAt
		}
	}
	return at
}
