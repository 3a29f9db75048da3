package templates

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/pactd/pactd/internal/ooxml"
	"github.com/pactd/pactd/reconcile"
)

// Parse reads a returned reporting workbook (template CLS-RAE/1, SPEC §4):
// every value with the cell it comes from, and the findings made while
// reading (FICHIER_ILLISIBLE, MODELE_INCONNU, TERRITOIRE_INCONNU,
// ANNEE_HORS_CONTRAT, ENGAGEMENT_MODIFIE, VALEUR_NON_NUMERIQUE,
// ERREUR_FORMULE, MONTANT_NEGATIF, NOMBRE_EN_TEXTE, VALEUR_MANQUANTE).
//
// Parse never fails: anything wrong with the file becomes a finding in
// Report.Findings, with a French sentence saying what to do. It reads only
// cached values, never evaluates a formula, never runs a macro, and checks
// lim (zero fields take DefaultLimits) before the work they bound. name is
// the file name as received, for messages. reg is the register to compare
// pre-filled commitments with; when nil, the register checks are skipped.
// The returned report is never nil; a missing value is nil, never zero.
func Parse(data []byte, name string, reg *reconcile.Register, lim Limits) (rep *reconcile.Report) {
	defer func() {
		if r := recover(); r != nil {
			rep = &reconcile.Report{File: name, Findings: []reconcile.Finding{reconcile.NewFinding(reconcile.FichierIllisible,
				fmt.Sprintf("Le fichier %s n'a pas pu être analysé à cause d'une anomalie de pactd : il est conservé tel quel ; signalez-le à la délégation, qui le traitera.", quoteFileName(name)))}}
		}
	}()
	return parseReturned(data, name, reg, lim)
}

// wbParser holds the state of one Parse call.
type wbParser struct {
	rep      *reconcile.Report
	lim      Limits
	wb       *ooxml.Workbook
	sheets   map[string]*ooxml.Grid // by folded sheet name
	contract *reconcile.Contract
	year     int
	// textNumbers marks the Actions columns where a line holds a number
	// typed as text, which the file's own totals do not count.
	textNumbers map[string]bool
	// ident holds the labelled cells of the Identification sheet.
	ident identLabels
	// byCells is set when the template's identity was read from the
	// Identification cells because the defined names are gone.
	byCells bool
}

func parseReturned(data []byte, name string, reg *reconcile.Register, lim Limits) *reconcile.Report {
	ps := &wbParser{rep: &reconcile.Report{File: name, Findings: []reconcile.Finding{}}, lim: lim.withDefaults(),
		textNumbers: map[string]bool{}}
	if r := ps.open(data); r != nil {
		ps.add(reconcile.NewFinding(reconcile.FichierIllisible, refusalMessage(r, name, ps.lim)))
		return ps.rep
	}
	ps.ident = ps.scanIdentification()
	if ps.checkTemplate() {
		ps.identify(reg)
		ps.readActions()
		ps.readIndicators()
		ps.readSynthese()
		ps.readComments()
		if ps.byCells {
			ps.checkFingerprint(reg)
		}
	}
	if refused := slices.DeleteFunc(slices.Clone(ps.rep.Findings), func(f reconcile.Finding) bool {
		return f.Code != reconcile.FichierIllisible
	}); len(refused) > 0 {
		// A table too long to read refuses the file: other findings would
		// only distract from what the sender must fix first.
		ps.rep.Findings = refused
	}
	for i := range ps.rep.Findings {
		f := &ps.rep.Findings[i]
		if f.SIREN == "" {
			f.SIREN = ps.rep.SIREN
		}
		if f.Year == 0 {
			f.Year = ps.rep.Year
		}
	}
	reconcile.SortFindings(ps.rep.Findings)
	return ps.rep
}

// add appends a finding.
func (ps *wbParser) add(f reconcile.Finding) {
	if f.Severity == "" {
		f.Severity = f.Code.Severity()
	}
	ps.rep.Findings = append(ps.rep.Findings, f)
}

// parsedSheets are the sheets the parser reads, besides those the defined
// names point to.
var parsedSheets = []string{SheetIdentification, SheetActions, SheetIndicators, SheetSynthese, SheetComments}

// open checks and opens the package, reads the workbook and the sheets
// the parser needs.
func (ps *wbParser) open(data []byte) *ooxml.Refusal {
	p, r := ooxml.Open(data, ps.lim.ooxml())
	if r != nil {
		return r
	}
	if ps.wb, r = p.Workbook(); r != nil {
		return r
	}
	want := map[string]bool{}
	for _, s := range parsedSheets {
		want[reconcile.Fold(s)] = true
	}
	for _, n := range []string{NameTemplate, NameSIREN, NameYear, NameFingerprint} {
		if v, ok := ps.wb.Name(n); ok {
			if ref, ok := ooxml.ParseName(v); ok && !ref.IsConst {
				want[reconcile.Fold(ref.Sheet)] = true
			}
		}
	}
	seen := map[string]bool{}
	grids, r := p.ReadSheets(ps.wb, func(name string) bool {
		f := reconcile.Fold(name)
		if !want[f] || seen[f] {
			return false
		}
		seen[f] = true
		return true
	})
	if r != nil {
		return r
	}
	ps.sheets = make(map[string]*ooxml.Grid, len(grids))
	for _, g := range grids {
		ps.sheets[reconcile.Fold(g.Name)] = g
	}
	return nil
}

// sheet returns the grid of a sheet by name, whatever its case and accents.
func (ps *wbParser) sheet(name string) *ooxml.Grid { return ps.sheets[reconcile.Fold(name)] }

// nameValue returns the value a defined name holds or points to, and the
// cell it points to ("" for a constant).
func (ps *wbParser) nameValue(n string) (value, cellRef string, ok bool) {
	v, found := ps.wb.Name(n)
	if !found {
		return "", "", false
	}
	r, ok := ooxml.ParseName(v)
	if !ok {
		return "", "", false
	}
	if r.IsConst {
		return strings.TrimSpace(r.Const), "", true
	}
	g := ps.sheet(r.Sheet)
	if g == nil {
		return "", "", false
	}
	return g.At(r.Row, r.Col).Text(), g.Ref(r.Row, r.Col), true
}

// checkTemplate reads the template version from pactd_modele or, when a
// program dropped the defined names, from the Modèle cell of the
// Identification sheet (docs/WORKBOOK.md). It reports MODELE_INCONNU when
// neither holds a version, when the version is not CLS-RAE/1, or when a
// sheet to fill in is missing, and returns false when the rest of the file
// cannot be read as the template.
func (ps *wbParser) checkTemplate() bool {
	v, _, ok := ps.nameValue(NameTemplate)
	if !ok || v == "" {
		v = ps.ident.values["template"].Text()
		ps.byCells = v != ""
	}
	ps.rep.Template = v
	switch {
	case v == "":
		ps.add(reconcile.NewFinding(reconcile.ModeleInconnu, fmt.Sprintf(
			"Le fichier %s n'est pas le modèle de compte rendu %s envoyé par l'État (ni le nom défini %s ni la cellule %s de la feuille %s n'indiquent le modèle) : complétez le classeur pré-rempli reçu pour votre territoire, sans en recopier le contenu dans un autre classeur, et renvoyez-le.",
			quoteFileName(ps.rep.File), reconcile.TemplateVersion, NameTemplate, guillemets(LabelTemplate), SheetIdentification)))
		return false
	case v != reconcile.TemplateVersion:
		f := reconcile.NewFinding(reconcile.ModeleInconnu, fmt.Sprintf(
			"Le fichier %s suit le modèle %s, que pactd ne sait pas lire (modèle attendu : %s) : complétez le classeur pré-rempli reçu cette année pour votre territoire et renvoyez-le.",
			quoteFileName(ps.rep.File), guillemets(v), reconcile.TemplateVersion))
		f.Expected, f.Actual = reconcile.TextValue(reconcile.TemplateVersion), reconcile.TextValue(v)
		if ps.byCells {
			f.Cells = []string{ps.ident.cells["template"]}
		}
		ps.add(f)
		return false
	}
	ok = true
	for _, s := range []string{SheetIdentification, SheetActions, SheetIndicators} {
		if ps.sheet(s) == nil {
			ps.add(reconcile.NewFinding(reconcile.ModeleInconnu, fmt.Sprintf(
				"La feuille %s est introuvable dans le fichier %s : elle a été supprimée ou renommée ; rétablissez-la (ou repartez du classeur pré-rempli reçu) et renvoyez le fichier.",
				guillemets(s), quoteFileName(ps.rep.File))))
			ok = false
		}
	}
	return ok
}

// guillemets quotes s the French way, with no-break spaces.
func guillemets(s string) string { return "«\u00a0" + s + "\u00a0»" }

// normalizeSIREN keeps the digits of a SIREN typed with spaces, or read
// from a number cell ("220100010" or "220100010.0").
func normalizeSIREN(s string) string {
	s = strings.TrimSpace(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 0 && f < 1e10 && f == float64(int64(f)) {
		return fmt.Sprintf("%09d", int64(f))
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case ' ', '\u00a0', '\u202f', '.':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// yearOf reads a year from "2025" or "2025.0"; 0 when it is not one.
func yearOf(s string) int {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || f != float64(int(f)) || f < 1 || f > 9999 {
		return 0
	}
	return int(f)
}
