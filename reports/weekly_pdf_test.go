package reports_test

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
)

func renderWeekly(t testing.TB, wk *reports.Weekly) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := reports.WeeklyPDF(&buf, wk); err != nil {
		t.Fatalf("WeeklyPDF: %v", err)
	}
	return buf.Bytes()
}

func TestWeeklyPDFReadsBack(t *testing.T) {
	fx := newFixture(t, 121, 20)
	wk := reports.BuildWeekly(fx.input())
	pdf := readPDF(t, renderWeekly(t, wk))

	for _, want := range []string{
		"Title:           Rapport hebdomadaire CLS — exercice 2025 — semaine 48",
		"Author:          pactd — suivi des contrats locaux des solidarités",
		"Page size:       595.28 x 841.89 pts (A4)",
	} {
		if !strings.Contains(pdf.Info, want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, pdf.Info)
		}
	}
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(pdf.Info)
	if m == nil {
		t.Fatalf("pdfinfo gives no page count:\n%s", pdf.Info)
	}
	pages, _ := strconv.Atoi(m[1])
	if pages < 10 {
		t.Errorf("%d pages for 121 territories", pages)
	}
	for _, want := range []string{
		"PACTE NATIONAL DES SOLIDARITÉS",
		"Exercice 2025 — Semaine 48 — du 23 au 29 novembre 2026",
		"Situation au 25 novembre 2026 à 8 h 00",
		"Date limite de transmission des rapports de l'exercice 2025 :",
		"Registre des engagements : version 3, importée le 2 novembre 2026",
		"DONNÉES FICTIVES",
		"Pacte national des solidarités — Contrats locaux des solidarités",
		fmt.Sprintf("Page 1 sur %d", pages), fmt.Sprintf("Page 3 sur %d", pages), fmt.Sprintf("Page %d sur %d", pages, pages),
		"1. Exécution nationale par axe", "2. Exécution par région", "3. Situation par territoire",
		"4. Constats par territoire", "5. Messages mis en quarantaine",
		"Prévenir la pauvreté et lutter", "pièce jointe « cœur.pdf »",
		"=HYPERLINK(", "Données fictives : document produit à partir de données d'exemple.",
	} {
		if !strings.Contains(pdf.Layout, want) {
			t.Errorf("the PDF does not say %q", want)
		}
	}

	// The headline figures, amounts and rates, as a reader sees them.
	h := wk.Headline
	layout := squeeze(pdf.Layout)
	var figures []string
	for _, a := range []reconcile.Amount{h.Commitments.StatePlanned, h.Commitments.TerritoryPlanned, h.Commitments.Planned(),
		h.Reported.StatePlanned, h.Reported.StateSpent, h.Reported.TerritorySpent, h.Reported.Spent(), h.Reported.OtherSpent} {
		figures = append(figures, a.String())
	}
	figures = append(figures, reports.FormatRate(h.Reported.Rate()))
	for _, a := range wk.Axes {
		figures = append(figures, a.Commitments.Planned().String(), a.Reported.Spent().String(), reports.FormatRate(a.Reported.Rate()),
			fmt.Sprintf("%d/%d", a.Reporting, a.Contracts))
	}
	for _, r := range wk.Regions {
		figures = append(figures, r.Name, r.Reported.Spent().String(), reports.FormatRate(r.Reported.Rate()))
	}
	for _, f := range figures {
		if !strings.Contains(layout, squeeze(f)) {
			t.Errorf("figure %q is not in the PDF", f)
		}
	}
	// No-break spaces read back as spaces: the amount must read exactly
	// "354 663 260,00 €", on one line.
	if s := strings.ReplaceAll(h.Reported.Spent().String(), "\u00a0", " "); !strings.Contains(pdf.Layout, s) {
		t.Errorf("amount %q is not in the PDF as written", s)
	}
	if !strings.Contains(layout, squeeze("Rapport hebdomadaire de suivi des rapports annuels d'exécution")) {
		t.Error("the title is missing")
	}
	counts := regexp.MustCompile(`\s+`).ReplaceAllString(pdf.Layout, " ")
	for _, c := range []struct {
		n     int
		label string
	}{{h.Contracts, "contrats au registre"}, {h.Accepted, "rapports acceptés"}, {h.Missing, "rapports manquants"}, {h.Late, "en retard"}} {
		if !regexp.MustCompile(fmt.Sprintf(`\b%d\b`, c.n)).MatchString(counts) || !strings.Contains(counts, c.label) {
			t.Errorf("headline %d %s is not in the PDF", c.n, c.label)
		}
	}

	// Every finding of the data: each message as many times as the data
	// has it, and each code (missing reports are listed under one title).
	raw := squeeze(pdf.Raw)
	msgs, codes := map[string]int{}, map[reconcile.Code]int{}
	for _, f := range fx.AllFindings {
		msgs[squeeze(f.Message)]++
		codes[f.Code]++
	}
	for m, n := range msgs {
		if got := strings.Count(raw, m); got != n {
			t.Errorf("message %q appears %d times, want %d", m, got, n)
		}
	}
	for c, n := range codes {
		want := n
		if c == reconcile.RapportManquant {
			want = 1
		}
		if got := strings.Count(raw, string(c)); got < want {
			t.Errorf("code %s appears %d times, want at least %d", c, got, want)
		}
	}
	for _, q := range fx.Quarantine {
		if !strings.Contains(raw, squeeze(q.Reason)) {
			t.Errorf("quarantine reason %q missing", q.Reason)
		}
	}

	// The territory table lists every territory, the worst first.
	start, end := strings.Index(raw, "3.Situationparterritoire"), strings.Index(raw, "4.Constatsparterritoire")
	if start < 0 || end < start {
		t.Fatalf("sections 3 and 4 not found")
	}
	table, pos := raw[start:end], 0
	for i, r := range wk.Territories {
		j := strings.Index(table[pos:], squeeze(r.Territory.Name)+r.Territory.SIREN)
		if j < 0 {
			t.Fatalf("territory %d %s is not in the table after the previous one", i, r.Territory.Name)
		}
		pos += j
	}
	if wk.Territories[0].Standing != reports.StandingMissing || wk.Territories[len(wk.Territories)-1].Standing != reports.StandingAccepted {
		t.Errorf("first %v, last %v", wk.Territories[0].Standing, wk.Territories[len(wk.Territories)-1].Standing)
	}
}

func TestWeeklyPDFEmptyWeek(t *testing.T) {
	wk := reports.BuildWeekly(reports.WeeklyInput{Register: &reconcile.Register{Version: 1}, Year: 2026,
		Now: time.Date(2027, 1, 4, 8, 0, 0, 0, reconcile.Paris)})
	pdf := readPDF(t, renderWeekly(t, wk))
	for _, want := range []string{"Semaine 1 — du 4 au 10 janvier 2027", "Aucun message ni fichier n'a été mis en quarantaine depuis le 28 décembre 2026.", "Page 1 sur"} {
		if !strings.Contains(pdf.Layout, want) {
			t.Errorf("empty week does not say %q", want)
		}
	}
	if strings.Contains(pdf.Layout, "DONNÉES FICTIVES") {
		t.Error("real data said to be fictitious")
	}
}

func TestWeeklyPDFReproducible(t *testing.T) {
	fx := newFixture(t, 30, 10)
	a := renderWeekly(t, reports.BuildWeekly(fx.input()))
	b := renderWeekly(t, reports.BuildWeekly(fx.input()))
	if !bytes.Equal(a, b) {
		t.Fatalf("two renders of the same data differ (%d and %d bytes)", len(a), len(b))
	}
	info := readPDF(t, a).Info
	if !strings.Contains(info, "CreationDate:    Wed Nov 25 07:00:00 2026 UTC") {
		t.Errorf("creation date is not the report's date (8:00 Paris):\n%s", info)
	}
}
