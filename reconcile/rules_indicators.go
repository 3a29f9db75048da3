package reconcile

import (
	"fmt"
	"math"
	"strings"
)

// indicatorKey identifies an indicator row: its action and its code.
type indicatorKey struct{ action, code string }

// indicatorRows indexes the report's indicator rows, first row winning.
func indicatorRows(r *Report) (byKey map[indicatorKey]*ReportedIndicator, byCode map[string]*ReportedIndicator) {
	byKey = make(map[indicatorKey]*ReportedIndicator)
	byCode = make(map[string]*ReportedIndicator)
	for i := range r.Indicators {
		ri := &r.Indicators[i]
		k := indicatorKey{NormalizeCode(ri.Action), NormalizeCode(ri.Code)}
		if _, ok := byKey[k]; !ok {
			byKey[k] = ri
		}
		if _, ok := byCode[k.code]; !ok {
			byCode[k.code] = ri
		}
	}
	return byKey, byCode
}

// findIndicatorRow returns the row reporting indicator ind of action a, or nil.
func (k *checker) findIndicatorRow(a *Action, ind *Indicator) *ReportedIndicator {
	byKey, byCode := k.indicatorIndex()
	if ri := byKey[indicatorKey{NormalizeCode(a.Code), NormalizeCode(ind.Code)}]; ri != nil {
		return ri
	}
	return byCode[NormalizeCode(ind.Code)]
}

func (k *checker) indicatorIndex() (map[indicatorKey]*ReportedIndicator, map[string]*ReportedIndicator) {
	if k.indByKey == nil {
		k.indByKey, k.indByCode = indicatorRows(k.in.Report)
	}
	return k.indByKey, k.indByCode
}

// registerIndicator returns the register's indicator a row reports on, or nil.
func (k *checker) registerIndicator(ri *ReportedIndicator) *Indicator {
	code := NormalizeCode(ri.Code)
	if a := k.led.byCode[NormalizeCode(ri.Action)]; a != nil {
		for i := range a.action.Indicators {
			if NormalizeCode(a.action.Indicators[i].Code) == code {
				return &a.action.Indicators[i]
			}
		}
	}
	for _, a := range k.actions {
		for i := range a.Indicators {
			if NormalizeCode(a.Indicators[i].Code) == code {
				return &a.Indicators[i]
			}
		}
	}
	return nil
}

// usableActual reports whether the row has a value the rules may read: not
// empty, and not a value the parser rejected.
func (k *checker) usableActual(ri *ReportedIndicator) bool {
	return ri.Actual != nil && !k.parseFlagged(ri.Cell, ErreurFormule, ValeurNonNumerique)
}

// indicatorName names an indicator for a sentence: "L'indicateur
// ENF-03-I1 (« Enfants accueillis ») de l'action ENF-03".
func indicatorName(action, code, label string) string {
	s := "L'indicateur " + code
	if label != "" {
		s += " (" + quote(label) + ")"
	}
	if action != "" {
		s += " de l'action " + action
	}
	return s
}

// checkIndicators raises INDICATEUR_MANQUANT for every indicator of the
// year's contracted actions without a reported value (row empty or
// absent), unless the parser already named its cell as missing or invalid,
// and INDICATEUR_INVRAISEMBLABLE for every reported value that is negative,
// a fraction of a count, or a percentage over 100.
func (k *checker) checkIndicators() {
	for _, a := range k.actions {
		for i := range a.Indicators {
			ind := &a.Indicators[i]
			ri := k.findIndicatorRow(&a, ind)
			if ri != nil && ri.Actual != nil {
				continue
			}
			f := Finding{Code: IndicateurManquant, Axis: a.Axis, Action: a.Code, Indicator: ind.Code}
			target := ""
			if t, ok := ind.Targets[k.year]; ok {
				f.Expected = NumberValue(t)
				target = fmt.Sprintf(" (cible : %s%s)", FormatNumber(t), unitSuffix(ind.Unit))
			}
			name := indicatorName(a.Code, ind.Code, ind.Label)
			if ri == nil {
				f.Message = fmt.Sprintf("%s est absent de la feuille Indicateurs : rétablissez sa ligne et indiquez "+
					"la valeur atteinte en %d%s.", name, k.year, target)
				k.add(f)
				continue
			}
			if k.parseFlagged(ri.Cell, ValeurManquante, ErreurFormule, ValeurNonNumerique) {
				continue
			}
			f.Cells = cellList(ri.Cell)
			f.Message = fmt.Sprintf("%s n'a pas de valeur réalisée : indiquez la valeur atteinte en %d%s, ou 0 si "+
				"rien n'a été réalisé.%s", name, k.year, target, checkCells(f.Cells))
			k.add(f)
		}
	}
	for i := range k.in.Report.Indicators {
		ri := &k.in.Report.Indicators[i]
		if !k.usableActual(ri) {
			continue
		}
		unit, label := ri.Unit, ri.Label
		if ind := k.registerIndicator(ri); ind != nil {
			unit, label = ind.Unit, ind.Label
		}
		v := *ri.Actual
		f := Finding{Code: IndicateurInvraisemblable, Action: strings.TrimSpace(ri.Action), Indicator: strings.TrimSpace(ri.Code),
			Actual: NumberValue(v), Cells: cellList(ri.Cell)}
		if ln := k.led.byCode[NormalizeCode(ri.Action)]; ln != nil {
			f.Axis = ln.axis
		}
		name := indicatorName(f.Action, f.Indicator, label)
		value := FormatNumber(v) + unitSuffix(unit)
		switch {
		case v < 0:
			if k.parseFlagged(ri.Cell, MontantNegatif) {
				continue
			}
			f.Expected = NumberValue(0)
			f.Message = fmt.Sprintf("%s vaut %s : une valeur négative n'a pas de sens pour un indicateur ; "+
				"corrigez la valeur.%s", name, value, checkCells(f.Cells))
		case IsPercentUnit(unit) && v > 100:
			f.Expected = NumberValue(100)
			f.Message = fmt.Sprintf("%s vaut %s : un pourcentage ne peut pas dépasser 100 %% ; corrigez la valeur.%s",
				name, value, checkCells(f.Cells))
		case isCountUnit(unit) && v != math.Trunc(v):
			f.Expected = NumberValue(math.Round(v))
			f.Message = fmt.Sprintf("%s vaut %s, alors que son unité, %s, se compte en nombres entiers : "+
				"indiquez un nombre entier.%s", name, value, quote(strings.TrimSpace(unit)), checkCells(f.Cells))
		default:
			continue
		}
		k.add(f)
	}
}

// checkReinforcement raises RENFORCEMENT_NON_DEMONTRE for the indicators of
// a Renforcée action when none of its indicators with a baseline in the
// register and a reported value improves on its baseline. The register
// gives the direction: an indicator whose target for the year is below its
// baseline (a delay to reduce) improves when its value is below the
// baseline; otherwise (target above or equal to the baseline, or no
// target) when it is above. An action whose indicators have no baseline or
// no value is not judged.
func (k *checker) checkReinforcement() {
	for _, a := range k.actions {
		if a.Nature != NatureRenforcee || !k.c.Territory.HasAxis(a.Axis) {
			continue
		}
		var flat []Finding
		shown := false
		for i := range a.Indicators {
			ind := &a.Indicators[i]
			ri := k.findIndicatorRow(&a, ind)
			if ind.Baseline == nil || ri == nil || !k.usableActual(ri) {
				continue
			}
			base, v := *ind.Baseline, *ri.Actual
			target, hasTarget := ind.Targets[k.year]
			down := hasTarget && target < base
			if down && v < base || !down && v > base {
				shown = true
				break
			}
			u := unitSuffix(ind.Unit)
			how := fmt.Sprintf("sans dépasser sa valeur de référence de %s%s", FormatNumber(base), u)
			if down {
				how = fmt.Sprintf("sans descendre sous sa valeur de référence de %s%s, alors que le contrat vise une "+
					"baisse (cible de %s%s en %d)", FormatNumber(base), u, FormatNumber(target), u, k.year)
			}
			cells := cellList(ri.Cell)
			flat = append(flat, Finding{
				Code: RenforcementNonDemontre, Axis: a.Axis, Action: a.Code, Indicator: ind.Code,
				Expected: NumberValue(base), Actual: NumberValue(v), Cells: cells,
				Message: fmt.Sprintf("L'action %s est une action renforcée, mais son indicateur %s atteint %s%s %s : "+
					"le renforcement n'est pas démontré ; vérifiez la valeur ou expliquez-le dans le commentaire.%s",
					a.Code, indicatorLabel(ind), FormatNumber(v), u, how, checkCells(cells)),
			})
		}
		if shown {
			continue
		}
		for _, f := range flat {
			k.add(f)
		}
	}
}

// indicatorLabel returns "ENF-03-I1 (« Enfants accueillis »)".
func indicatorLabel(ind *Indicator) string {
	if ind.Label == "" {
		return ind.Code
	}
	return ind.Code + " (" + quote(ind.Label) + ")"
}

// countWords are folded unit words that count whole things.
var countWords = map[string]bool{
	"personne": true, "menage": true, "foyer": true, "famille": true, "enfant": true, "jeune": true,
	"beneficiaire": true, "nuitee": true, "place": true, "logement": true,
	"structure": true, "action": true, "atelier": true, "session": true, "entretien": true,
	"accompagnement": true, "contrat": true, "dossier": true, "nombre": true, "nb": true, "participant": true,
	"eleve": true, "repas": true, "visite": true, "permanence": true, "orientation": true, "agent": true,
	"professionnel": true, "partenaire": true, "site": true, "lieu": true, "lieux": true, "etablissement": true,
	"commune": true, "animation": true, "formation": true, "stagiaire": true, "salarie": true, "adulte": true,
	"usager": true, "mesure": true, "seance": true, "evenement": true, "projet": true, "dispositif": true,
}

// measureWords are folded unit words that make a unit a measure rather
// than a count, wherever they stand: money, averages, rates.
var measureWords = map[string]bool{
	"eur": true, "euro": true, "euros": true, "moyen": true, "moyenne": true, "moyens": true, "moyennes": true,
	"par": true, "taux": true, "ratio": true, "pourcentage": true,
}

// durationWords are folded unit words of time: a unit headed by one
// ("jours", "nombre de jours", "heures d'accompagnement", "délai") is a
// duration, which may be fractional ("18,5 jours" is a mean delay). In
// "jeunes de 16 à 25 ans" the head is "jeunes", a count.
var durationWords = map[string]bool{
	"jour": true, "jours": true, "journee": true, "journees": true, "j": true, "heure": true, "heures": true,
	"h": true, "minute": true, "minutes": true, "min": true, "semaine": true, "semaines": true, "mois": true,
	"an": true, "ans": true, "annee": true, "annees": true, "delai": true, "delais": true, "duree": true,
	"durees": true,
}

// isCountUnit reports whether unit counts whole things ("personnes",
// "nombre de ménages", "places"): one of its words is a count word, it is
// neither money, a percentage nor an average ("moyen", "par"), and its head
// word (the first, after "nombre de") is not a duration ("jours",
// "heures", "délai").
func isCountUnit(unit string) bool {
	if strings.Contains(unit, "€") || strings.Contains(unit, "%") {
		return false
	}
	words := strings.Fields(Fold(unit))
	head := ""
	for _, w := range words {
		switch w {
		case "nombre", "nb", "de", "d", "du", "des":
			continue
		}
		head = w
		break
	}
	if durationWords[head] {
		return false
	}
	count := false
	for _, w := range words {
		if measureWords[w] {
			return false
		}
		if countWords[w] || countWords[strings.TrimSuffix(w, "s")] || countWords[strings.TrimSuffix(w, "x")] {
			count = true
		}
	}
	return count
}

// IsPercentUnit reports whether unit is a percentage ("%", "pourcentage",
// "taux", "pour cent").
func IsPercentUnit(unit string) bool {
	if strings.Contains(unit, "%") {
		return true
	}
	f := " " + Fold(unit) + " "
	return strings.Contains(f, " pourcentage ") || strings.Contains(f, " taux ") ||
		strings.Contains(f, " pour cent ") || strings.Contains(f, " pourcent ")
}
