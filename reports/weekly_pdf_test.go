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
		"Title:           Rapport hebdomadaire CLS — exercice 2025 — semaine 47",
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
	if pages < 5 {
		t.Errorf("%d pages for 121 territories", pages)
	}
	// Page 1: the week before the report's day, where the territories
	// stand, money per axis, the season, what changed, whom to act on.
	page1 := strings.Split(pdf.Layout, "\f")[0]
	for _, want := range []string{
		"PACTE NATIONAL DES SOLIDARITÉS",
		"Rapport hebdomadaire — exercice 2025",
		"Semaine 47 — du 16 au 22 novembre 2026",
		"Situation au 25 novembre 2026 à 8 h 00 ; date limite de transmission le 15 novembre 2026, passée.",
		"Registre des engagements : version 3, importée le 2 novembre 2026",
		"DONNÉES FICTIVES",
		"Où en sont les 121 territoires attendus", "Montants par axe", "Évolution sur la saison",
		"Depuis le 18 novembre 2026 à 8 h 00", "À traiter",
	} {
		if !strings.Contains(page1, want) {
			t.Errorf("page 1 does not say %q", want)
		}
	}
	for _, want := range []string{
		"Pacte national des solidarités — Contrats locaux des solidarités",
		fmt.Sprintf("Page 1 sur %d", pages), fmt.Sprintf("Page %d sur %d", pages, pages),
		"Rejetés, en attente d'un fichier corrigé", "Fichiers mis de côté, à examiner",
		"Rapports manquants : rien reçu après la date limite",
		"1. Exécution nationale", "2. Exécution par région", "3. Territoires ayant transmis un fichier",
		"4. Constats par territoire", "Lecture du rapport",
		"Prévenir la pauvreté et lutter",
		"=HYPERLINK(", "Données fictives : document produit à partir de données d'exemple.",
	} {
		if !strings.Contains(pdf.Layout, want) {
			t.Errorf("the PDF does not say %q", want)
		}
	}

	// The partition, as a reader sees it: its parts add up to the total.
	tl := wk.Tally
	sum := fmt.Sprintf("%d + %d + %d + %d + %d = %d territoires attendus pour 2025", tl.Accepted, tl.AcceptedLate,
		tl.Rejected, tl.SetAside, tl.NotReceived, tl.Expected)
	if tl.Accepted+tl.AcceptedLate+tl.Rejected+tl.SetAside+tl.NotReceived != tl.Expected || tl.SetAside == 0 || tl.Rejected == 0 {
		t.Fatalf("fixture partition %+v does not exercise every state", tl)
	}
	if !strings.Contains(strings.Join(strings.Fields(pdf.Layout), " "), sum) {
		t.Errorf("the PDF does not say %q", sum)
	}

	// The headline amounts and rates, as a reader sees them.
	layout := squeeze(pdf.Layout)
	var figures []string
	for _, a := range []reconcile.Amount{wk.Commitments.StatePlanned, wk.Commitments.TerritoryPlanned, wk.Commitments.Planned(),
		wk.Reported.StatePlanned, wk.Reported.StateSpent, wk.Reported.TerritorySpent, wk.Reported.Spent(), wk.Reported.OtherSpent} {
		figures = append(figures, a.String())
	}
	figures = append(figures, reports.FormatRate(wk.Reported.Rate()))
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
	if s := strings.ReplaceAll(wk.Reported.Spent().String(), "\u00a0", " "); !strings.Contains(pdf.Layout, s) {
		t.Errorf("amount %q is not in the PDF as written", s)
	}

	// Every finding of the recorded files: each message as many times as
	// the data has it, each code in small print; no RAPPORT_MANQUANT, the
	// missing reports are listed once, compactly.
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
		if got := strings.Count(raw, "réf."+string(c)); got != n {
			t.Errorf("code %s appears %d times in small print, want %d", c, got, n)
		}
	}
	if n := strings.Count(raw, string(reconcile.RapportManquant)); n != 1 || len(wk.Missing) != wk.Late-wk.Tally.AcceptedLate {
		t.Errorf("RAPPORT_MANQUANT appears %d times, want once, in small print over the list; %d missing findings, want %d",
			n, len(wk.Missing), wk.Late-wk.Tally.AcceptedLate)
	}
	for _, q := range wk.SetAside {
		if !strings.Contains(raw, squeeze(reports.SetAsideReason(q.Entry.Reason, q.Entry.Findings))) {
			t.Errorf("quarantine reason %q missing", q.Entry.Reason)
		}
	}

	// Each territory appears once in the lists: the ones with nothing in
	// the compact list, the others in the table of section 3.
	start, end := strings.Index(raw, "Rapportsmanquants:rienreçuaprèsladatelimite"), strings.Index(raw, "1.Exécutionnationale")
	table := strings.Index(raw, "3.Territoiresayanttransmisunfichier")
	if start < 0 || end < start || table < end {
		t.Fatalf("the missing list and section 3 are not found in order")
	}
	for _, r := range wk.Territories {
		name := squeeze(r.Territory.ListName())
		inList := strings.Contains(raw[start:end], name+"("+strings.Join(r.Territory.Departements, ",")+")")
		inTable := strings.Contains(raw[table:], squeeze(r.Territory.Name)+"("+strings.Join(r.Territory.Departements, ",")+")") ||
			strings.Contains(raw[table:], name+"("+strings.Join(r.Territory.Departements, ",")+")")
		if (r.State == reconcile.StateNotReceived) != inList {
			t.Errorf("%s (%s): in the missing list %v", r.Territory.Name, r.State, inList)
		}
		if r.State != reconcile.StateNotReceived && !inTable {
			t.Errorf("%s (%s) is not in section 3", r.Territory.Name, r.State)
		}
	}
}

// The missing list is sorted as French readers expect: by proper name,
// the article ignored.
func TestWeeklyPDFMissingListOrder(t *testing.T) {
	fx := newFixture(t, 121, 4)
	wk := reports.BuildWeekly(fx.input())
	raw := squeeze(readPDF(t, renderWeekly(t, wk)).Raw)
	start := strings.Index(raw, "Rapportsmanquants:rienreçuaprèsladatelimite")
	end := strings.Index(raw, "1.Exécutionnationale")
	list, pos := raw[start:end], 0
	var prev reconcile.Territory
	for i, r := range wk.Territories {
		if r.State != reconcile.StateNotReceived {
			continue
		}
		if i > 0 && prev.Name != "" && reconcile.LessTerritory(r.Territory, prev) {
			t.Errorf("%s sorted after %s", r.Territory.Name, prev.Name)
		}
		prev = r.Territory
		j := strings.Index(list[pos:], squeeze(r.Territory.ListName())+"("+strings.Join(r.Territory.Departements, ",")+")")
		if j < 0 {
			t.Fatalf("%s is not in the list after the previous one", r.Territory.Name)
		}
		pos += j
	}
}

func TestWeeklyPDFEmptyWeek(t *testing.T) {
	wk := reports.BuildWeekly(reports.WeeklyInput{Register: &reconcile.Register{Version: 1}, Year: 2026,
		Now: time.Date(2027, 1, 11, 8, 0, 0, 0, reconcile.Paris)})
	pdf := readPDF(t, renderWeekly(t, wk))
	for _, want := range []string{"Semaine 1 — du 4 au 10 janvier 2027", "Aucun fichier reçu.",
		"Rien à traiter", "Aucun territoire n'a transmis de fichier", "Page 1 sur"} {
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
