package templates

import (
	"fmt"
	"regexp"

	"github.com/pactd/pactd/reconcile"
)

// A workbook whose defined names are gone is taken for the template only
// when its Empreinte des engagements cell holds the fingerprint of the
// commitments it carries, recomputed from its own pre-filled cells, or the
// fingerprint the register gives the territory and year: a look-alike,
// typed by hand or pieced together from other files, carries neither.
// docs/WORKBOOK.md states the rule.

// fingerprintPattern is the form of reconcile.Fingerprint: 16 hex digits.
var fingerprintPattern = regexp.MustCompile(`^[0-9a-f]{16}$`)

// checkFingerprint tells a genuine template from a look-alike when the
// identity was read from cells. A look-alike gets one MODELE_INCONNU on
// the fingerprint cell, and no other finding: what it says about its
// cells would only hide what the sender must do, start from the workbook
// pactd sent.
func (ps *wbParser) checkFingerprint(reg *reconcile.Register) {
	got := ps.ident.values["fingerprint"].Text()
	ref := ps.ident.cells["fingerprint"]
	if fingerprintPattern.MatchString(got) {
		if got == fileFingerprint(ps.rep) {
			return
		}
		if reg != nil {
			if c := reg.Contract(ps.rep.SIREN); c != nil && c.Covers(ps.rep.Year) && got == reconcile.Fingerprint(c, ps.rep.Year) {
				return
			}
		}
	}
	what := fmt.Sprintf("la cellule %s n'existe pas", guillemets(LabelFingerprint))
	if ref != "" {
		what = fmt.Sprintf("la cellule %s (%s) ne correspond pas aux engagements qu'il contient", ref, guillemets(LabelFingerprint))
	}
	f := reconcile.NewFinding(reconcile.ModeleInconnu, fmt.Sprintf(
		"Le fichier %s ressemble au modèle %s mais n'est pas le classeur pré-rempli envoyé par l'État : ses noms définis ont disparu et %s. Complétez le classeur pré-rempli reçu pour votre territoire, sans en recopier le contenu dans un autre classeur, et renvoyez-le.",
		quoteFileName(ps.rep.File), reconcile.TemplateVersion, what))
	if ref != "" {
		f.Cells = []string{ref}
		f.Actual = reconcile.TextValue(got)
	}
	ps.rep.Findings = []reconcile.Finding{}
	ps.add(f)
}

// fileFingerprint recomputes reconcile.Fingerprint from the pre-filled
// cells of a parsed workbook: its SIREN and year, each action row's code,
// axis, title, nature and planned amounts, each indicator row's code,
// label, unit, baseline and target, in the file's order. It gives the
// fingerprint written at generation when none of those cells changed.
func fileFingerprint(rep *reconcile.Report) string {
	c := &reconcile.Contract{Territory: reconcile.Territory{SIREN: rep.SIREN}}
	for _, a := range rep.Actions {
		axis, _ := reconcile.MatchAxis(a.AxisLabel)
		nature, _ := reconcile.MatchNature(a.Nature)
		act := reconcile.Action{Code: a.Code, Axis: axis, Title: a.Title, Nature: nature,
			Plans: map[int]reconcile.Plan{rep.Year: {State: reconcile.Sum(a.StatePlanned), Territory: reconcile.Sum(a.TerritoryPlanned)}}}
		for _, ind := range rep.Indicators {
			if ind.Action != a.Code {
				continue
			}
			ri := reconcile.Indicator{Code: ind.Code, Label: ind.Label, Unit: ind.Unit, Baseline: ind.Baseline}
			if ind.Target != nil {
				ri.Targets = map[int]float64{rep.Year: *ind.Target}
			}
			act.Indicators = append(act.Indicators, ri)
		}
		c.Actions = append(c.Actions, act)
	}
	return reconcile.Fingerprint(c, rep.Year)
}
