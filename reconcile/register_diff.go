package reconcile

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// ContractChange says how the commitments a workbook pre-fills for one
// territory and year differ between two register versions: what
// Fingerprint covers (actions, planned amounts, indicators).
type ContractChange struct {
	SIREN string
	Name  string // territory name in the newer version (older one when removed)
	Year  int
	// Added: the territory or year has commitments in the newer version
	// only; Removed: in the older one only.
	Added, Removed bool
	// OldFingerprint and NewFingerprint are the two fingerprints ("" on the
	// side without commitments).
	OldFingerprint, NewFingerprint string
	// Changes are French phrases, one per difference, in contract order
	// ("montant État prévu de l'action ENF-01 : 10 000,00 € → 12 000,00 €").
	Changes []string
}

// Sentence returns the changes as one French sentence for a territory:
// « Depuis le classeur précédent, … . »
func (c ContractChange) Sentence() string {
	switch {
	case c.Added:
		return fmt.Sprintf("Le registre des engagements prévoit désormais des actions pour %d.", c.Year)
	case c.Removed:
		return fmt.Sprintf("Le registre des engagements ne prévoit plus d'action pour %d.", c.Year)
	case len(c.Changes) == 0:
		return "Les engagements pré-remplis ont été mis à jour."
	}
	return "Les engagements pré-remplis ont changé : " + strings.Join(c.Changes, " ; ") + "."
}

// DiffRegisters lists, per territory and year, the commitments that differ
// between old and new, sorted by SIREN then year. year 0 compares every
// contract year (FirstYear to LastYear); otherwise that year only. A nil
// old gives nothing: a first import changes nothing territories were sent.
// A territory whose commitments of a year are the same (same Fingerprint)
// is not listed; changes that no workbook shows (senders, recipients,
// ceiling, deadline) are not listed either.
func DiffRegisters(old, new *Register, year int) []ContractChange {
	if old == nil || new == nil {
		return nil
	}
	years := []int{year}
	if year == 0 {
		years = years[:0]
		for y := FirstYear; y <= LastYear; y++ {
			years = append(years, y)
		}
	}
	sirens := map[string]bool{}
	for _, r := range []*Register{old, new} {
		for i := range r.Contracts {
			sirens[r.Contracts[i].Territory.SIREN] = true
		}
	}
	list := make([]string, 0, len(sirens))
	for s := range sirens {
		list = append(list, s)
	}
	sort.Strings(list)
	var out []ContractChange
	for _, s := range list {
		oc, nc := old.Contract(s), new.Contract(s)
		for _, y := range years {
			if ch, ok := diffContract(oc, nc, y); ok {
				out = append(out, ch)
			}
		}
	}
	return out
}

// diffContract compares one territory's commitments of year y.
func diffContract(oc, nc *Contract, y int) (ContractChange, bool) {
	oldOn, newOn := oc != nil && oc.Covers(y), nc != nil && nc.Covers(y)
	if !oldOn && !newOn {
		return ContractChange{}, false
	}
	ch := ContractChange{Year: y}
	if oldOn {
		ch.SIREN, ch.Name, ch.OldFingerprint = oc.Territory.SIREN, oc.Territory.Name, Fingerprint(oc, y)
	}
	if newOn {
		ch.SIREN, ch.Name, ch.NewFingerprint = nc.Territory.SIREN, nc.Territory.Name, Fingerprint(nc, y)
	}
	switch {
	case !oldOn:
		ch.Added = true
		return ch, true
	case !newOn:
		ch.Removed = true
		return ch, true
	case ch.OldFingerprint == ch.NewFingerprint:
		return ContractChange{}, false
	}
	ch.Changes = actionChanges(oc.ActionsFor(y), nc.ActionsFor(y), y)
	return ch, true
}

// actionChanges describes, in French, how the actions of year y differ.
func actionChanges(olds, news []Action, y int) []string {
	byCode := map[string]*Action{}
	for i := range olds {
		byCode[olds[i].Code] = &olds[i]
	}
	var out []string
	seen := map[string]bool{}
	for i := range news {
		n := &news[i]
		seen[n.Code] = true
		o := byCode[n.Code]
		if o == nil {
			out = append(out, fmt.Sprintf("action %s ajoutée (%s)", n.Code, n.Title))
			continue
		}
		if o.Title != n.Title {
			out = append(out, fmt.Sprintf("intitulé de l'action %s modifié", n.Code))
		}
		if o.Axis != n.Axis {
			out = append(out, fmt.Sprintf("axe de l'action %s : %s → %s", n.Code, o.Axis, n.Axis))
		}
		if o.Nature != n.Nature {
			out = append(out, fmt.Sprintf("nature de l'action %s : %s → %s", n.Code, o.Nature, n.Nature))
		}
		op, np := o.Plans[y], n.Plans[y]
		if op.State != np.State {
			out = append(out, fmt.Sprintf("montant État prévu de l'action %s : %s € → %s €", n.Code, op.State.Format(), np.State.Format()))
		}
		if op.Territory != np.Territory {
			out = append(out, fmt.Sprintf("montant collectivité prévu de l'action %s : %s € → %s €", n.Code, op.Territory.Format(), np.Territory.Format()))
		}
		out = append(out, indicatorChanges(n.Code, o.Indicators, n.Indicators, y)...)
	}
	for i := range olds {
		if !seen[olds[i].Code] {
			out = append(out, fmt.Sprintf("action %s retirée", olds[i].Code))
		}
	}
	return out
}

// indicatorChanges describes how the indicators of one action differ.
func indicatorChanges(action string, olds, news []Indicator, y int) []string {
	byCode := map[string]*Indicator{}
	for i := range olds {
		byCode[olds[i].Code] = &olds[i]
	}
	var out []string
	seen := map[string]bool{}
	for i := range news {
		n := &news[i]
		seen[n.Code] = true
		o := byCode[n.Code]
		if o == nil {
			out = append(out, fmt.Sprintf("indicateur %s ajouté à l'action %s", n.Code, action))
			continue
		}
		var what []string
		if o.Label != n.Label {
			what = append(what, "libellé")
		}
		if o.Unit != n.Unit {
			what = append(what, "unité")
		}
		if numberText(o.Baseline) != numberText(n.Baseline) {
			what = append(what, "référence")
		}
		if targetText(o, y) != targetText(n, y) {
			what = append(what, fmt.Sprintf("cible %s → %s", orDash(targetText(o, y)), orDash(targetText(n, y))))
		}
		if len(what) > 0 {
			out = append(out, fmt.Sprintf("indicateur %s : %s", n.Code, strings.Join(what, ", ")))
		}
	}
	for i := range olds {
		if !seen[olds[i].Code] {
			out = append(out, fmt.Sprintf("indicateur %s retiré", olds[i].Code))
		}
	}
	return out
}

func numberText(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

func targetText(ind *Indicator, y int) string {
	t, ok := ind.Targets[y]
	if !ok {
		return ""
	}
	return strings.Replace(strconv.FormatFloat(t, 'f', -1, 64), ".", ",", 1)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// ReplacedWorkbook returns the CLASSEUR_REMPLACE finding of a workbook
// made from register version old whose territory's commitments changed by
// version latest: it was checked against its own commitments, and a newer
// workbook exists.
func ReplacedWorkbook(siren string, year int, old, latest int64) Finding {
	f := NewFinding(ClasseurRemplace, fmt.Sprintf(
		"Ce classeur a été préparé d'après la version %d du registre des engagements ; les engagements de votre territoire pour %d ont changé depuis (version %d) : un classeur plus récent existe. Ce classeur-ci a été contrôlé par rapport aux engagements qu'il contient ; pour vos prochains envois, utilisez le classeur à jour, que le service vous adresse ou que vous pouvez lui demander.",
		old, year, latest))
	f.SIREN, f.Year = siren, year
	return f
}
