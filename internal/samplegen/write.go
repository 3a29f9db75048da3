package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/pactd/pactd/reconcile"
)

// notice is said on every sheet of the sample.
const notice = "Données fictives à des fins de démonstration : les territoires sont réels, " +
	"mais les actions, les montants, les indicateurs et les adresses sont inventés."

// sampleStyles are the styles of the sample register.
type sampleStyles struct {
	notice, title, header, text, money, number, date int
}

// writeRegister writes reg as a commitments register, presented the way
// real files vary: header rows below a title, a column order that differs
// from SPEC §3, numbered axis labels, a few amounts typed as text.
func writeRegister(w io.Writer, reg *reconcile.Register) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newSampleStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", "Présentation"); err != nil {
		return fmt.Errorf("rename first sheet: %w", err)
	}
	for _, name := range []string{"Territoires", "Actions", "Indicateurs", "Calendrier"} {
		if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("add sheet %s: %w", name, err)
		}
	}
	for _, step := range []func(*excelize.File, *reconcile.Register, sampleStyles) error{
		writePresentation, writeTerritories, writeActions, writeIndicators, writeCalendar,
	} {
		if err := step(f, reg, st); err != nil {
			return err
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: "Registre des engagements (exemple fictif)",
		Creator: "pactd samplegen", Language: "fr-FR", Created: "2024-01-01T00:00:00Z", Modified: "2024-01-01T00:00:00Z"}); err != nil {
		return fmt.Errorf("set document properties: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write register: %w", err)
	}
	return nil
}

func newSampleStyles(f *excelize.File) (sampleStyles, error) {
	var s sampleStyles
	var err error
	add := func(dst *int, st *excelize.Style) {
		if err == nil {
			*dst, err = f.NewStyle(st)
		}
	}
	euros, number, date := `#,##0.00 "€"`, `#,##0.##`, `dd/mm/yyyy`
	font := func(b bool, size float64, colour string) *excelize.Font {
		return &excelize.Font{Family: "Arial", Bold: b, Size: size, Color: colour}
	}
	add(&s.notice, &excelize.Style{Font: font(true, 10, "B34000")})
	add(&s.title, &excelize.Style{Font: font(true, 13, "000091")})
	add(&s.header, &excelize.Style{Font: font(true, 10, "FFFFFF"),
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"000091"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}})
	add(&s.text, &excelize.Style{Font: font(false, 10, "")})
	add(&s.money, &excelize.Style{Font: font(false, 10, ""), CustomNumFmt: &euros})
	add(&s.number, &excelize.Style{Font: font(false, 10, ""), CustomNumFmt: &number})
	add(&s.date, &excelize.Style{Font: font(false, 10, ""), CustomNumFmt: &date})
	if err != nil {
		return s, fmt.Errorf("create sample styles: %w", err)
	}
	return s, nil
}

// stream writes one sheet row by row.
type stream struct {
	sw  *excelize.StreamWriter
	row int
	err error
}

func newStream(f *excelize.File, sheet string, widths []float64) (*stream, error) {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, fmt.Errorf("stream sheet %s: %w", sheet, err)
	}
	for i, w := range widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return nil, fmt.Errorf("set width of %s column %d: %w", sheet, i+1, err)
		}
	}
	return &stream{sw: sw}, nil
}

// line writes the next row; each value is a cell or a plain value with
// style.
func (s *stream) line(style int, values ...any) {
	s.row++
	if s.err != nil || len(values) == 0 {
		return
	}
	cells := make([]any, len(values))
	for i, v := range values {
		if c, ok := v.(excelize.Cell); ok {
			cells[i] = c
			continue
		}
		cells[i] = excelize.Cell{StyleID: style, Value: v}
	}
	s.err = s.sw.SetRow(fmt.Sprintf("A%d", s.row), cells)
}

func (s *stream) flush(sheet string) error {
	if s.err == nil {
		s.err = s.sw.Flush()
	}
	if s.err != nil {
		return fmt.Errorf("write sheet %s: %w", sheet, s.err)
	}
	return nil
}

func writePresentation(f *excelize.File, reg *reconcile.Register, st sampleStyles) error {
	s, err := newStream(f, "Présentation", []float64{120})
	if err != nil {
		return err
	}
	s.line(st.notice, notice)
	s.line(st.title, "Registre des engagements des contrats locaux des solidarités 2024-2027")
	s.line(st.text)
	for _, l := range []string{
		fmt.Sprintf("Ce classeur d'exemple décrit %d contrats : une ligne par territoire dans « Territoires », ", len(reg.Contracts)) +
			"une ligne par action et par année dans « Actions », une ligne par indicateur et par année dans « Indicateurs ».",
		"La feuille « Calendrier » donne la date limite de remontée du rapport de chaque année.",
		"Il est produit par « go run ./internal/samplegen » et importé par « pactd register import samples/registre.xlsx ».",
	} {
		s.line(st.text, l)
	}
	return s.flush("Présentation")
}

func writeTerritories(f *excelize.File, reg *reconcile.Register, st sampleStyles) error {
	s, err := newStream(f, "Territoires", []float64{12, 44, 22, 14, 7, 20, 44, 58, 20})
	if err != nil {
		return err
	}
	s.line(st.notice, notice)
	s.line(st.title, "Territoires signataires")
	s.line(st.text)
	s.line(st.header, "SIREN", "Nom", "Type", "Départements", "Axes", "Plafond annuel État (€)",
		"Expéditeurs autorisés", "Destinataires", "Observations")
	for _, c := range reg.Contracts {
		t := c.Territory
		typ := t.Type.Label()
		if t.Type == reconcile.TypeCollectivite {
			typ = "Collectivité territoriale"
		}
		s.line(st.text, t.SIREN, t.Name, typ, strings.Join(t.Departements, " "), t.AxisCount,
			excelize.Cell{StyleID: st.money, Value: t.AnnualCeiling.Euros()},
			strings.Join(t.Senders, " ; "), strings.Join(t.Recipients, "; "), "")
	}
	return s.flush("Territoires")
}

// axisLabel writes an axis the ways real registers do: the official label,
// numbered "Axe 2 - ..." or "3. ...", or in capitals.
func axisLabel(t reconcile.Territory, ax reconcile.Axis, i int) string {
	n := 0
	for k, a := range t.Axes() {
		if a == ax {
			n = k + 1
		}
	}
	switch {
	case i%7 == 3:
		return fmt.Sprintf("Axe %d - %s", n, ax.Label())
	case i%11 == 5:
		return fmt.Sprintf("%d. %s", n, ax.Label())
	case i%13 == 7:
		return strings.ToUpper(ax.Label())
	}
	return ax.Label()
}

func writeActions(f *excelize.File, reg *reconcile.Register, st sampleStyles) error {
	s, err := newStream(f, "Actions", []float64{8, 12, 11, 60, 50, 11, 20, 20})
	if err != nil {
		return err
	}
	s.line(st.notice, notice)
	// This sheet's columns are not in SPEC §3's order, as in real files.
	s.line(st.header, "Année", "SIREN", "Code action", "Intitulé", "Axe", "Nature", "Collectivité prévu (€)", "État prévu (€)")
	i := 0
	for _, c := range reg.Contracts {
		for _, a := range c.Actions {
			for y := reconcile.FirstYear; y <= reconcile.LastYear; y++ {
				p, ok := a.Plans[y]
				if !ok {
					continue
				}
				i++
				nature := string(a.Nature)
				if i%9 == 4 {
					nature = strings.ToLower(nature)
				}
				money := func(v reconcile.Amount) excelize.Cell {
					if i%97 == 13 {
						return excelize.Cell{StyleID: st.text, Value: v.String()}
					}
					return excelize.Cell{StyleID: st.money, Value: v.Euros()}
				}
				s.line(st.text, y, c.Territory.SIREN, a.Code, a.Title, axisLabel(c.Territory, a.Axis, i), nature,
					money(p.Territory), money(p.State))
			}
		}
	}
	return s.flush("Actions")
}

func writeIndicators(f *excelize.File, reg *reconcile.Register, st sampleStyles) error {
	s, err := newStream(f, "Indicateurs", []float64{12, 11, 14, 40, 11, 11, 8, 11})
	if err != nil {
		return err
	}
	s.line(st.notice, notice)
	s.line(st.text)
	s.line(st.header, "SIREN", "Code action", "Code indicateur", "Indicateur", "Unité", "Référence", "Année", "Cible")
	for _, c := range reg.Contracts {
		for _, a := range c.Actions {
			for _, ind := range a.Indicators {
				for y := reconcile.FirstYear; y <= reconcile.LastYear; y++ {
					target, ok := ind.Targets[y]
					if !ok {
						continue
					}
					var baseline any
					if ind.Baseline != nil {
						baseline = *ind.Baseline
					}
					s.line(st.text, c.Territory.SIREN, a.Code, ind.Code, ind.Label, ind.Unit,
						excelize.Cell{StyleID: st.number, Value: baseline}, y, excelize.Cell{StyleID: st.number, Value: target})
				}
			}
		}
	}
	return s.flush("Indicateurs")
}

func writeCalendar(f *excelize.File, reg *reconcile.Register, st sampleStyles) error {
	s, err := newStream(f, "Calendrier", []float64{10, 16})
	if err != nil {
		return err
	}
	s.line(st.notice, notice)
	s.line(st.header, "Année", "Date limite")
	for y := reconcile.FirstYear; y <= reconcile.LastYear; y++ {
		d := reg.Deadlines[y]
		// A date without time zone: excelize converts the wall clock.
		day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
		s.line(st.text, y, excelize.Cell{StyleID: st.date, Value: day})
	}
	return s.flush("Calendrier")
}
