package templates

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/pactd/pactd/reconcile"
)

// Column widths, in characters, of the Actions table.
var genActionWidths = []float64{11, 34, 46, 12, 15, 15, 15, 15, 15, 15, 36}

// Column widths of the Indicateurs table.
var genIndicatorWidths = []float64{11, 14, 48, 12, 13, 13, 14, 40}

// identification writes the Identification sheet.
func (b *genBook) identification() {
	const sh = SheetIdentification
	t := b.c.Territory
	b.set(sh, "A1", "Identification", b.st.title)
	b.set(sh, "A2", "Complétez les cellules sur fond jaune. Les cellules grises sont pré-remplies d'après le contrat et protégées.", b.st.subtitle)
	b.do(b.f.MergeCell(sh, "A2", "C2"))
	b.do(b.f.SetRowHeight(sh, 2, 30))
	r := GeneratedIdentificationRow
	rows := []struct {
		value any
		style int
		hint  string
	}{
		{t.Name, b.st.prefillText, ""},
		{t.SIREN, b.st.prefillText, ""},
		{b.year, b.st.prefillText, ""},
		{nil, b.st.fillText, "Nom et fonction de la personne à contacter"},
		{nil, b.st.fillText, "Adresse de messagerie de cette personne"},
		{nil, b.st.fillPhone, "Numéro direct"},
		{nil, b.st.fillDate, "Date d'envoi du fichier, au format jj/mm/aaaa"},
	}
	for i, row := range rows {
		b.set(sh, genCell(1, r+i), IdentificationLabels[i], b.st.label)
		b.set(sh, genCell(2, r+i), row.value, row.style)
		if row.hint != "" {
			b.set(sh, genCell(3, r+i), row.hint, b.st.subtitle)
		}
		b.do(b.f.SetRowHeight(sh, r+i, 20))
	}
	dateRow := r + len(rows) - 1
	dv := excelize.NewDataValidation(true)
	dv.Sqref = genCell(2, dateRow)
	b.do(dv.SetRange(genExcelSerial(2024, 1, 1), genExcelSerial(2030, 12, 31), excelize.DataValidationTypeDate,
		excelize.DataValidationOperatorBetween))
	dv.SetError(excelize.DataValidationErrorStyleStop, "Date invalide",
		"Saisissez une date au format jj/mm/aaaa, entre le 01/01/2024 et le 31/12/2030.")
	dv.SetInput("Date de transmission", "Au format jj/mm/aaaa, par exemple 15/03/2026.")
	b.do(b.f.AddDataValidation(sh, dv))
	// The template's identity, in cells every program keeps even when it
	// drops the defined names (docs/WORKBOOK.md).
	id := GeneratedIdentityRow
	b.set(sh, genCell(1, id-1), "Identification du modèle (ne pas modifier)", b.st.subtitle)
	b.do(b.f.MergeCell(sh, genCell(1, id-1), genCell(3, id-1)))
	b.set(sh, genCell(1, id), LabelTemplate, b.st.label)
	b.set(sh, genCell(2, id), reconcile.TemplateVersion, b.st.prefillText)
	b.set(sh, genCell(1, id+1), LabelFingerprint, b.st.label)
	b.set(sh, genCell(2, id+1), reconcile.Fingerprint(b.c, b.year), b.st.prefillText)
	b.set(sh, genCell(3, id+1), "Sert à reconnaître ce classeur à son retour, même enregistré avec un autre logiciel.", b.st.subtitle)
	b.do(b.f.SetRowHeight(sh, id+1, 26))
	b.do(b.f.SetColWidth(sh, "A", "A", 24))
	b.do(b.f.SetColWidth(sh, "B", "B", 46))
	b.do(b.f.SetColWidth(sh, "C", "C", 48))
	b.do(b.f.SetSheetDimension(sh, fmt.Sprintf("A1:C%d", id+1)))
	b.page(sh, false, 0)
}

// actionsSheet writes the Actions sheet and returns the row of its last
// action.
func (b *genBook) actionsSheet() int {
	const sh = SheetActions
	t := b.c.Territory
	h := GeneratedActionsHeaderRow
	b.set(sh, "A1", fmt.Sprintf("Actions %d · %s", b.year, t.Name), b.st.title)
	b.set(sh, "A2", "Montants en euros. Complétez les colonnes sur fond jaune ; écrivez 0 s'il n'y a eu aucune dépense "+
		"(une cellule laissée vide est signalée comme valeur manquante). Cofinancement : "+b.cofinancingRule()+
		". Une part de la collectivité insuffisante passe en rouge. Les colonnes grises reprennent le contrat et sont protégées.", b.st.subtitle)
	b.do(b.f.MergeCell(sh, "A2", genCell(len(ActionHeaders), 2)))
	b.do(b.f.SetRowHeight(sh, 2, 42))
	for i, label := range ActionHeaders {
		b.set(sh, genCell(i+1, h), label, b.st.header)
		b.do(b.f.SetColWidth(sh, genCol(i+1), genCol(i+1), genActionWidths[i]))
	}
	b.do(b.f.SetRowHeight(sh, h, 32))
	for i, a := range b.actions {
		r := h + 1 + i
		p := a.Plans[b.year]
		b.set(sh, genCell(1, r), a.Code, b.st.prefillText)
		b.set(sh, genCell(2, r), a.Axis.Label(), b.st.prefillWrap)
		b.set(sh, genCell(3, r), a.Title, b.st.prefillWrap)
		b.set(sh, genCell(4, r), string(a.Nature), b.st.prefillText)
		b.set(sh, genCell(5, r), genEuros(p.State), b.st.prefillMoney)
		b.set(sh, genCell(6, r), genEuros(p.Territory), b.st.prefillMoney)
		for c := 7; c <= 9; c++ {
			b.set(sh, genCell(c, r), nil, b.st.fillMoney)
		}
		b.set(sh, genCell(10, r), nil, b.st.fillList)
		b.set(sh, genCell(11, r), nil, b.st.fillWrap)
		b.do(b.f.SetRowHeight(sh, r, genRowHeight(
			genWrappedLines(a.Axis.Label(), genActionWidths[1]), genWrappedLines(a.Title, genActionWidths[2]))))
	}
	first, last := h+1, h+len(b.actions)
	total := last + 1
	b.set(sh, genCell(1, total), TotalLabel, b.st.totalLabel)
	for c := 2; c <= len(ActionHeaders); c++ {
		if c >= 5 && c <= 9 {
			b.formula(sh, genCell(c, total), fmt.Sprintf("SUM(%s%d:%s%d)", genCol(c), first, genCol(c), last), b.st.totalMoney)
			continue
		}
		b.set(sh, genCell(c, total), nil, b.st.totalLabel)
	}
	b.do(b.f.SetRowHeight(sh, total, 20))

	b.actionChecks(first, last)
	status := excelize.NewDataValidation(true)
	status.Sqref = fmt.Sprintf("J%d:J%d", first, last)
	b.do(status.SetDropList(reconcile.ActionStatuses))
	status.SetError(excelize.DataValidationErrorStyleStop, "Statut inconnu",
		"Choisissez le statut dans la liste : "+strings.Join(reconcile.ActionStatuses, ", ")+".")
	b.do(b.f.AddDataValidation(sh, status))
	money := excelize.NewDataValidation(true)
	money.Sqref = fmt.Sprintf("G%d:I%d", first, last)
	b.do(money.SetRange(0, 0, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorGreaterThanOrEqual))
	money.Formula2 = ""
	money.SetError(excelize.DataValidationErrorStyleStop, "Montant invalide",
		"Saisissez un montant en euros, positif ou nul, par exemple 12345,67. Laissez la cellule vide si vous ne le connaissez pas.")
	b.do(b.f.AddDataValidation(sh, money))

	b.do(b.f.SetPanes(sh, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: h, TopLeftCell: genCell(2, h+1),
		ActivePane: "bottomRight", Selection: []excelize.Selection{{SQRef: genCell(7, h+1), ActiveCell: genCell(7, h+1), Pane: "bottomRight"}}}))
	b.do(b.f.SetSheetDimension(sh, fmt.Sprintf("A1:K%d", total)))
	b.page(sh, true, h)
	return last
}

// indicatorsSheet writes the Indicateurs sheet and returns the row of its
// last indicator (the header row when there is none).
func (b *genBook) indicatorsSheet() int {
	const sh = SheetIndicators
	h := GeneratedIndicatorsHeaderRow
	b.set(sh, "A1", fmt.Sprintf("Indicateurs %d · %s", b.year, b.c.Territory.Name), b.st.title)
	b.set(sh, "A2", fmt.Sprintf("Indiquez dans la colonne « %s » la valeur atteinte en %d, dans l'unité indiquée "+
		"(pour un indicateur en %%, 57 ou 57 %% se lisent de même ; pour les autres, le nombre seul, sans %%) ; écrivez 0 si rien n'a été réalisé. "+
		"Une valeur laissée vide est signalée comme manquante.", HeaderActual, b.year), b.st.subtitle)
	b.do(b.f.MergeCell(sh, "A2", genCell(len(IndicatorHeaders), 2)))
	b.do(b.f.SetRowHeight(sh, 2, 30))
	for i, label := range IndicatorHeaders {
		b.set(sh, genCell(i+1, h), label, b.st.header)
		b.do(b.f.SetColWidth(sh, genCol(i+1), genCol(i+1), genIndicatorWidths[i]))
	}
	b.do(b.f.SetRowHeight(sh, h, 32))
	r := h
	for _, a := range b.actions {
		for _, ind := range a.Indicators {
			r++
			b.set(sh, genCell(1, r), a.Code, b.st.prefillText)
			b.set(sh, genCell(2, r), ind.Code, b.st.prefillText)
			b.set(sh, genCell(3, r), ind.Label, b.st.prefillWrap)
			b.set(sh, genCell(4, r), ind.Unit, b.st.prefillText)
			var baseline, target any
			if ind.Baseline != nil {
				baseline = *ind.Baseline
			}
			if v, ok := ind.Targets[b.year]; ok {
				target = v
			}
			b.set(sh, genCell(5, r), baseline, b.numberStyle(baseline))
			b.set(sh, genCell(6, r), target, b.numberStyle(target))
			b.set(sh, genCell(7, r), nil, b.st.fillNumber)
			b.set(sh, genCell(8, r), nil, b.st.fillWrap)
			b.do(b.f.SetRowHeight(sh, r, genRowHeight(genWrappedLines(ind.Label, genIndicatorWidths[2]))))
		}
	}
	if r > h {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("G%d:G%d", h+1, r)
		b.do(dv.SetRange(0, 0, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorGreaterThanOrEqual))
		dv.Formula2 = ""
		dv.SetError(excelize.DataValidationErrorStyleStop, "Valeur invalide",
			"Saisissez un nombre positif ou nul, dans l'unité de l'indicateur. Laissez la cellule vide si vous ne le connaissez pas.")
		b.do(b.f.AddDataValidation(sh, dv))
	}
	b.do(b.f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: h, TopLeftCell: genCell(1, h+1), ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: genCell(7, h+1), ActiveCell: genCell(7, h+1), Pane: "bottomLeft"}}}))
	b.do(b.f.SetSheetDimension(sh, fmt.Sprintf("A1:H%d", max(r, h))))
	b.page(sh, true, h)
	return r
}

// numberStyle returns the pre-filled style of an indicator value: no
// decimals for a whole number, one or two otherwise.
func (b *genBook) numberStyle(v any) int {
	if f, ok := v.(float64); ok && f != math.Trunc(f) {
		return b.st.prefillDecimal
	}
	return b.st.prefillNumber
}

// synthese writes the Synthèse sheet: per-axis sums by formula over the
// Actions rows, whose last row is lastAction.
func (b *genBook) synthese(lastAction int) {
	const sh = SheetSynthese
	h := GeneratedSyntheseHeaderRow
	first := GeneratedActionsHeaderRow + 1
	b.set(sh, "A1", fmt.Sprintf("Synthèse %d par axe · %s", b.year, b.c.Territory.Name), b.st.title)
	b.set(sh, "A2", "Calculée automatiquement à partir de l'onglet Actions : rien à saisir ici. "+
		"Le taux d'exécution rapporte les montants réalisés (État et collectivité) aux montants prévus. "+
		"En rouge, avant l'envoi : une part de la collectivité inférieure à celle de l'État, ou un taux d'exécution sous "+
		genPercent(b.tolerances().UnderExecution)+". Cofinancement : "+b.cofinancingRule()+".", b.st.subtitle)
	b.do(b.f.MergeCell(sh, "A2", "F2"))
	b.do(b.f.SetRowHeight(sh, 2, 54))
	widths := []float64{60, 17, 17, 17, 17, 14, 14}
	for i, label := range SyntheseHeaders {
		b.set(sh, genCell(i+1, h), label, b.st.header)
		b.do(b.f.SetColWidth(sh, genCol(i+1), genCol(i+1), widths[i]))
	}
	b.do(b.f.SetRowHeight(sh, h, 32))
	// Synthèse columns B..E sum Actions columns E..H.
	src := []string{"E", "F", "G", "H"}
	axes := b.c.Territory.Axes()
	for i, ax := range axes {
		r := h + 1 + i
		b.set(sh, genCell(1, r), ax.Label(), b.st.label)
		for j, s := range src {
			b.formula(sh, genCell(2+j, r), fmt.Sprintf("SUMIF(%s!$B$%d:$B$%d,$A%d,%s!$%s$%d:$%s$%d)",
				SheetActions, first, lastAction, r, SheetActions, s, first, s, lastAction), b.st.computedMoney)
		}
		b.formula(sh, genCell(6, r), fmt.Sprintf(`IFERROR((D%d+E%d)/(B%d+C%d),"")`, r, r, r, r), b.st.rate)
		b.set(sh, genCell(7, r), string(ax), b.st.label)
		b.do(b.f.SetRowHeight(sh, r, genRowHeight(genWrappedLines(ax.Label(), widths[0]))))
	}
	total := h + 1 + len(axes)
	b.set(sh, genCell(1, total), TotalLabel, b.st.totalLabel)
	for c := 2; c <= 5; c++ {
		b.formula(sh, genCell(c, total), fmt.Sprintf("SUM(%s%d:%s%d)", genCol(c), h+1, genCol(c), total-1), b.st.totalMoney)
	}
	b.formula(sh, genCell(6, total), fmt.Sprintf(`IFERROR((D%d+E%d)/(B%d+C%d),"")`, total, total, total, total), b.st.totalRate)
	b.set(sh, genCell(7, total), nil, b.st.totalLabel)
	b.do(b.f.SetRowHeight(sh, total, 20))
	b.syntheseChecks(h+1, total)
	b.do(b.f.SetColVisible(sh, "G", false))
	b.do(b.f.SetSheetDimension(sh, fmt.Sprintf("A1:G%d", total)))
	b.page(sh, true, 0)
}

// comments writes the Commentaires sheet: one large unlocked area.
func (b *genBook) comments() {
	const sh = SheetComments
	b.set(sh, "A1", "Commentaires", b.st.title)
	b.set(sh, "A2", "Toute précision utile sur l'exécution du contrat en "+fmt.Sprint(b.year)+
		" : difficultés, retards, engagement qui vous semble inexact, changement de référent.", b.st.subtitle)
	b.do(b.f.MergeCell(sh, "A2", "J2"))
	b.do(b.f.SetRowHeight(sh, 2, 30))
	b.do(b.f.SetColWidth(sh, "A", "J", 13))
	b.set(sh, CommentsCell, nil, b.st.commentArea)
	b.do(b.f.SetCellStyle(sh, CommentsCell, "J30", b.st.commentArea))
	b.do(b.f.MergeCell(sh, CommentsCell, "J30"))
	b.do(b.f.SetSheetDimension(sh, "A1:J30"))
	b.page(sh, true, 0)
}

// page sets the print setup and the protection of a sheet: A4, fit to the
// page width, header rows repeated (titleRow > 0), the territory and the
// page number in the header and footer, and protection without password.
func (b *genBook) page(sheet string, landscape bool, titleRow int) {
	if b.err != nil {
		return
	}
	size, orient := 9, "portrait"
	if landscape {
		orient = "landscape"
	}
	one, zero := 1, 0
	b.do(b.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient,
		FitToWidth: &one, FitToHeight: &zero}))
	fit := true
	b.do(b.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}))
	m, mh := 0.4, 0.3
	top := 0.75
	b.do(b.f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &m, Right: &m, Top: &top,
		Bottom: &top, Header: &mh, Footer: &mh}))
	name := strings.ReplaceAll(b.c.Territory.Name, "&", "&&")
	b.do(b.f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: fmt.Sprintf("&L&B%s&B&RContrat local des solidarités · rapport %d", name, b.year),
		OddFooter: fmt.Sprintf("&LModèle %s · SIREN %s&C&A&RPage &P sur &N", reconcile.TemplateVersion, b.c.Territory.SIREN),
	}))
	if titleRow > 0 {
		b.do(b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet,
			RefersTo: fmt.Sprintf("%s!$%d:$%d", sheet, titleRow, titleRow)}))
	}
	b.do(b.f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{SelectLockedCells: true,
		SelectUnlockedCells: true, FormatColumns: true, FormatRows: true}))
}

// genWrappedLines estimates how many lines text takes in a column of width
// characters with wrapping on.
func genWrappedLines(text string, width float64) int {
	per := int(width * 1.2)
	if per < 1 {
		per = 1
	}
	n := utf8.RuneCountInString(text)
	return max(1, int(math.Ceil(float64(n)/float64(per))))
}

// rowHeight returns a row height in points for the largest line count.
func genRowHeight(lines ...int) float64 {
	n := 1
	for _, l := range lines {
		n = max(n, l)
	}
	return float64(n)*13 + 5
}

// genExcelSerial returns the spreadsheet serial number of a date (1900 system).
func genExcelSerial(y int, m time.Month, d int) int {
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Sub(epoch).Hours() / 24)
}
