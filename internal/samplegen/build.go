package main

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// territoriesCSV is a copy of shared/domain/territoires.csv: the 121 real
// signatories (SIREN, name, type, départements, number of axes).
//
//go:embed territoires.csv
var territoriesCSV string

// seed makes the sample the same on every run.
const seed = 20240101

// readTerritories parses the embedded territory list.
func readTerritories() ([]reconcile.Territory, error) {
	r := csv.NewReader(strings.NewReader(territoriesCSV))
	r.Comma = ';'
	records, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read territoires.csv: %w", err)
	}
	var out []reconcile.Territory
	for i, rec := range records[1:] {
		if len(rec) != 5 {
			return nil, fmt.Errorf("read territoires.csv line %d: %d fields, want 5", i+2, len(rec))
		}
		axes, err := strconv.Atoi(rec[4])
		if err != nil {
			return nil, fmt.Errorf("read territoires.csv line %d axes %q: %w", i+2, rec[4], err)
		}
		if !reconcile.ValidSIREN(rec[0]) {
			return nil, fmt.Errorf("read territoires.csv line %d: invalid SIREN %s", i+2, rec[0])
		}
		out = append(out, reconcile.Territory{SIREN: rec[0], Name: rec[1], Type: reconcile.TerritoryType(rec[2]),
			Departements: strings.Fields(rec[3]), AxisCount: axes})
	}
	return out, nil
}

// buildRegister invents fictitious contracts for the real territories.
func buildRegister(territories []reconcile.Territory) *reconcile.Register {
	rng := rand.New(rand.NewPCG(seed, seed>>3))
	reg := &reconcile.Register{Deadlines: map[int]time.Time{}}
	for y := reconcile.FirstYear; y <= reconcile.LastYear; y++ {
		reg.Deadlines[y] = time.Date(y+1, time.March, 31, 0, 0, 0, 0, reconcile.Paris)
	}
	for _, t := range territories {
		reg.Contracts = append(reg.Contracts, buildContract(rng, t))
	}
	return reg
}

// buildContract invents the actions of one contract.
func buildContract(rng *rand.Rand, t reconcile.Territory) reconcile.Contract {
	short := t.ShortName()
	t.Senders = []string{"@" + short + ".fr", "cls@ccas-" + short + ".fr"}
	t.Recipients = []string{"solidarites@" + short + ".fr", "direction.solidarites@" + short + ".fr"}
	axes := t.Axes()
	n := 5 + rng.IntN(36)
	// Every axis gets at least one action; the rest go anywhere.
	perAxis := map[reconcile.Axis]int{}
	assign := make([]reconcile.Axis, n)
	for i := range assign {
		if i < len(axes) {
			assign[i] = axes[i]
		} else {
			assign[i] = axes[rng.IntN(len(axes))]
		}
	}
	// Contract order: by axis, as contracts list their fiches actions.
	var ordered []reconcile.Axis
	for _, ax := range axes {
		for _, a := range assign {
			if a == ax {
				ordered = append(ordered, a)
			}
		}
	}
	pools := map[reconcile.Axis][]string{}
	for _, ax := range axes {
		p := append([]string(nil), titles[ax]...)
		rng.Shuffle(len(p), func(i, j int) { p[i], p[j] = p[j], p[i] })
		pools[ax] = p
	}
	c := reconcile.Contract{Territory: t}
	for _, ax := range ordered {
		perAxis[ax]++
		k := perAxis[ax]
		pool := pools[ax]
		title := pool[(k-1)%len(pool)]
		if k > len(pool) {
			title += ", " + qualifiers[rng.IntN(len(qualifiers))]
		}
		a := reconcile.Action{
			Code:   fmt.Sprintf("%s-%02d", axisPrefix[ax], k),
			Axis:   ax,
			Title:  title,
			Nature: reconcile.NatureNouvelle,
			Plans:  map[int]reconcile.Plan{},
		}
		if rng.Float64() < 0.4 {
			a.Nature = reconcile.NatureRenforcee
		}
		start, end := reconcile.FirstYear, reconcile.LastYear
		switch x := rng.Float64(); {
		case x < 0.2:
			start = 2025
		case x < 0.28:
			start = 2026
		}
		if rng.Float64() < 0.12 && start < 2026 {
			end = 2026
		}
		base := 20000 + rng.Float64()*330000
		round := rng.Float64() < 0.35
		for y := start; y <= end; y++ {
			eur := base * (1 + 0.06*float64(y-start)) * (0.95 + 0.1*rng.Float64())
			if round {
				eur = math.Round(eur/100) * 100
			}
			amt := reconcile.Amount(math.Round(eur * 100))
			a.Plans[y] = reconcile.Plan{State: amt, Territory: amt}
		}
		a.Indicators = buildIndicators(rng, a, start, end)
		c.Actions = append(c.Actions, a)
	}
	var most reconcile.Amount
	for y := reconcile.FirstYear; y <= reconcile.LastYear; y++ {
		var sum reconcile.Amount
		for _, a := range c.Actions {
			sum += a.Plans[y].State
		}
		most = max(most, sum)
	}
	ceiling := float64(most) * (1.05 + 0.15*rng.Float64())
	c.Territory.AnnualCeiling = reconcile.Amount(math.Ceil(ceiling/100000) * 100000)
	return c
}

// buildIndicators invents one to three indicators for an action.
func buildIndicators(rng *rand.Rand, a reconcile.Action, start, end int) []reconcile.Indicator {
	n := 1 + rng.IntN(3)
	kinds := rng.Perm(len(indicatorKinds))[:n]
	var out []reconcile.Indicator
	for i, k := range kinds {
		kind := indicatorKinds[k]
		ind := reconcile.Indicator{
			Code:    fmt.Sprintf("%s-I%d", a.Code, i+1),
			Label:   kind.label,
			Unit:    kind.unit,
			Targets: map[int]float64{},
		}
		base := kind.low + rng.Float64()*(kind.high-kind.low)
		base = math.Round(base)
		if a.Nature == reconcile.NatureRenforcee || rng.Float64() < 0.5 {
			b := base
			ind.Baseline = &b
		}
		step := 0.04 + 0.1*rng.Float64()
		for y := start; y <= end; y++ {
			f := 1 + step*float64(y-start+1)
			if kind.decreasing {
				f = 1 / f
			}
			v := math.Round(base * f)
			if kind.unit == "%" {
				v = math.Min(v, 95)
			}
			if kind.unit == "€" {
				v = math.Round(v/100) * 100
			}
			ind.Targets[y] = v
		}
		out = append(out, ind)
	}
	return out
}
