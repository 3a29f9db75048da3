package reportcheck

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pactd/pactd/reconcile"
)

// Agree reads the weekly report's PDF and annex as their readers do and
// checks they agree: both annex readers read the same, the partition adds
// up in the annex and as the PDF writes it, and every line of the PDF's
// national, axis and region tables holds the annex's amounts and rates.
func Agree(t testing.TB, pdf, annex []byte) {
	t.Helper()
	text := ReadPDF(t, pdf)
	x, py := ReadAnnexExcelize(t, annex), ReadAnnexOpenpyxl(t, annex)
	if !sameAnnex(x, py) {
		t.Errorf("excelize and openpyxl read the annex differently:\nexcelize %v\nopenpyxl %v", x, py)
	}
	lines := strings.Split(spaces(text), "\n")
	count := func(label string) int {
		n, ok := number(x.Summary[label])
		if !ok {
			t.Fatalf("the annex summary has no count %q", label)
		}
		return int(n)
	}
	expected := count("Territoires attendus")
	parts := []int{count("Acceptés dans les délais"), count("Acceptés hors délai"), count("Rejetés, à corriger"),
		count("Mis de côté (quarantaine)"), count("Rien reçu")}
	if sum := parts[0] + parts[1] + parts[2] + parts[3] + parts[4]; sum != expected {
		t.Errorf("the annex's partition adds up to %d, not the %d territories expected", sum, expected)
	}
	sentence := fmt.Sprintf("%d + %d + %d + %d + %d = %d territoires attendus", parts[0], parts[1], parts[2], parts[3], parts[4], expected)
	if !strings.Contains(strings.Join(strings.Fields(text), " "), sentence) {
		t.Errorf("the PDF does not say %q", sentence)
	}

	amount := func(label string) string { return money(t, x.Summary[label]) }
	total := func(a, b string) string {
		return spaces((mustAmount(t, x.Summary[a]) + mustAmount(t, x.Summary[b])).String())
	}
	accepted := parts[0] + parts[1]
	for _, row := range []struct {
		start string
		want  []string
	}{
		{"Engagements des", []string{amount("État engagé (registre, contrats attendus)"),
			amount("Collectivités engagé (registre, contrats attendus)"),
			total("État engagé (registre, contrats attendus)", "Collectivités engagé (registre, contrats attendus)")}},
		{"Prévu par les", []string{amount("État prévu (rapports acceptés)"), amount("Collectivités prévu (rapports acceptés)"),
			total("État prévu (rapports acceptés)", "Collectivités prévu (rapports acceptés)")}},
		{"Réalisé selon ces mêmes rapports", []string{amount("État réalisé (rapports acceptés)"),
			amount("Collectivités réalisé (rapports acceptés)"),
			total("État réalisé (rapports acceptés)", "Collectivités réalisé (rapports acceptés)"),
			amount("Autres financeurs réalisé (rapports acceptés)")}},
		{"Taux d'exécution", []string{rate(x.Summary["Taux d'exécution"])}},
	} {
		checkLine(t, lines, row.start, row.want)
	}
	var commit, planned, spent reconcile.Amount
	for _, a := range x.Axes {
		c := mustAmount(t, a["État engagé (€)"]) + mustAmount(t, a["Collectivité engagé (€)"])
		p := mustAmount(t, a["État prévu (€)"]) + mustAmount(t, a["Collectivité prévu (€)"])
		s := mustAmount(t, a["État réalisé (€)"]) + mustAmount(t, a["Collectivité réalisé (€)"])
		commit, planned, spent = commit+c, planned+p, spent+s
		reporting, _ := number(a["Rapports acceptés"])
		contracts, _ := number(a["Contrats"])
		checkLine(t, lines, "", []string{fmt.Sprintf("%d / %d", int(reporting), int(contracts)), spaces(c.String()),
			spaces(p.String()), spaces(s.String()), rate(a["Taux d'exécution"])})
	}
	checkLine(t, lines, "Ensemble des axes", []string{fmt.Sprintf("%d / %d", accepted, expected), spaces(commit.String()),
		spaces(planned.String()), spaces(spent.String()), rate(x.Summary["Taux d'exécution"])})
	for _, r := range x.Regions {
		name, _ := r["Région"].(string)
		n := func(h string) string { v, _ := number(r[h]); return strconv.Itoa(int(v)) }
		acc, _ := number(r["Acceptés dans les délais"])
		late, _ := number(r["Acceptés hors délai"])
		want := []string{n("Attendus"), strconv.Itoa(int(acc + late)), n("Rejetés"), n("Mis de côté"), n("Rien reçu")}
		if acc+late > 0 {
			p := mustAmount(t, r["État prévu (€)"]) + mustAmount(t, r["Collectivité prévu (€)"])
			s := mustAmount(t, r["État réalisé (€)"]) + mustAmount(t, r["Collectivité réalisé (€)"])
			want = append(want, spaces(p.String()), spaces(s.String()), rate(r["Taux d'exécution"]))
		}
		checkLine(t, lines, name, want)
	}
}

// checkLine fails unless a line of the PDF starting with start (after its
// indent; any line when empty) has every figure of want as a column, in
// that order. pdftotext -layout separates columns by two spaces or more,
// or one after an amount; within a column spaces are ignored, since it may
// drop a thin one ("2/5" for "2 / 5").
func checkLine(t testing.TB, lines []string, start string, want []string) {
	t.Helper()
	for _, l := range lines {
		trimmed := strings.TrimSpace(l)
		if start != "" && !strings.HasPrefix(trimmed, start) {
			continue
		}
		var cols []string
		for _, c := range columnGap.Split(trimmed, -1) {
			// Two amounts a single space apart are two columns.
			for _, part := range strings.SplitAfter(c, "€ ") {
				cols = append(cols, squeeze(part))
			}
		}
		at, ok := 0, true
		for _, w := range want {
			w = squeeze(w)
			for at < len(cols) && cols[at] != w {
				at++
			}
			if at == len(cols) {
				ok = false
				break
			}
			at++
		}
		if ok {
			return
		}
	}
	t.Errorf("no line of the PDF starting with %q has the columns %q", start, want)
}

// columnGap separates the columns of a pdftotext -layout line.
var columnGap = regexp.MustCompile(`\s{2,}`)

// squeeze removes every space.
func squeeze(s string) string { return strings.Join(strings.Fields(spaces(s)), "") }

// spaces writes no-break and narrow no-break spaces as pdftotext reads
// them back: spaces.
func spaces(s string) string {
	return strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(s)
}

// number reads a count or an amount as either reader gives it.
func number(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case int:
		return float64(v), true
	case string:
		f, err := strconv.ParseFloat(v, 64)
		return f, err == nil
	}
	return 0, false
}

// mustAmount reads an amount of euros; an empty cell is zero.
func mustAmount(t testing.TB, v any) reconcile.Amount {
	t.Helper()
	if v == nil {
		return 0
	}
	f, ok := number(v)
	if !ok {
		t.Fatalf("%v is not an amount", v)
	}
	a, err := reconcile.AmountFromEuros(f)
	if err != nil {
		t.Fatalf("%v is not an amount: %v", v, err)
	}
	return a
}

// money writes an amount of the annex as the PDF does.
func money(t testing.TB, v any) string {
	t.Helper()
	return spaces(mustAmount(t, v).String())
}

// rate writes a rate of the annex (a fraction, exactly the PDF's) as the
// PDF does, "—" for none.
func rate(v any) string {
	f, ok := number(v)
	if !ok {
		return "—"
	}
	r := reconcile.Rate(math.Round(f * 1000))
	return spaces(r.String())
}

// sameAnnex compares what the two readers read: numbers as numbers,
// texts as texts; a date (a serial number for excelize, a date for
// openpyxl) is not compared.
func sameAnnex(a, b Annex) bool {
	same := func(x, y map[string]any) bool {
		if len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok {
				return false
			}
			xn, xnum := number(xv)
			yn, ynum := number(yv)
			_, ystr := yv.(string)
			switch {
			case xv == nil || yv == nil:
				if xv != yv {
					return false
				}
			case xnum && ynum:
				if math.Abs(xn-yn) > 1e-9 {
					return false
				}
			case xnum && ystr: // a date
			default:
				if fmt.Sprint(xv) != fmt.Sprint(yv) {
					return false
				}
			}
		}
		return true
	}
	if !same(a.Summary, b.Summary) || len(a.Axes) != len(b.Axes) || len(a.Regions) != len(b.Regions) {
		return false
	}
	for i := range a.Axes {
		if !same(a.Axes[i], b.Axes[i]) {
			return false
		}
	}
	for i := range a.Regions {
		if !same(a.Regions[i], b.Regions[i]) {
			return false
		}
	}
	return true
}
