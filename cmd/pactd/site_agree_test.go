package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/internal/reportcheck"
	"github.com/pactd/pactd/internal/web"
	"github.com/pactd/pactd/internal/weekly"
	"github.com/pactd/pactd/reconcile"
	"github.com/pactd/pactd/reports"
	"github.com/pactd/pactd/samples"
	"github.com/pactd/pactd/templates"
)

// The status site, the weekly PDF and pactd status place every territory
// in the same state: on the demo's data, and on the same week with files
// of known territories set aside (the Aube and the Aude, whose file names
// give their SIREN) and one file of no territory.
func TestStatusSiteAndWeeklyPDFAgree(t *testing.T) {
	for _, tc := range []struct {
		name       string
		quarantine bool
	}{{"démo", false}, {"avec quarantaine", true}} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			reg, err := templates.ReadRegister(samples.Register(), "registre.xlsx")
			if err != nil {
				t.Fatal(err)
			}
			path, st := rcStore(t, reg)
			d := &demo{st: st, reg: reg}
			if err := d.ingestSamples(ctx); err != nil {
				t.Fatal(err)
			}
			if tc.quarantine {
				at := time.Date(2026, time.April, 2, 10, 0, 0, 0, reconcile.Paris)
				for i, name := range []string{"CLS_2025_221000052_aube.xlsx", "CLS_2025_221100019_aude.xlsx", "budget.xlsx"} {
					if err := st.Quarantine(ctx, &reconcile.QuarantineEntry{ReceivedAt: at.Add(time.Duration(i) * time.Hour),
						FileName: name, Reason: "L'expéditeur n'est pas autorisé pour ce territoire.", Content: []byte("PK " + name),
						Origin: reconcile.Origin{Kind: reconcile.OriginEmail, Sender: "x@example.test", Key: "q" + name}}); err != nil {
						t.Fatal(err)
					}
				}
			}

			// pactd status, as the central team's scripts read it.
			code, out, errOut := rcRun(t, path, "status", "--year", "2025", "--json")
			if code != exitOK {
				t.Fatalf("pactd status: exit %d: %s", code, errOut)
			}
			var status struct {
				Years    []yearJSON
				Statuses []statusJSON
			}
			if err := json.Unmarshal([]byte(out), &status); err != nil || len(status.Years) != 1 {
				t.Fatalf("pactd status --json: %v %s", err, out)
			}
			tally, late := status.Years[0].Tally, status.Years[0].Late
			if tc.quarantine && tally.SetAside != 2 {
				t.Errorf("pactd status: %d territories set aside, want the Aube and the Aude", tally.SetAside)
			}
			sentence := fmt.Sprintf("%d + %d + %d + %d + %d = %d territoires attendus pour 2025, chacun dans une seule situation ; %d sont en retard",
				tally.Accepted, tally.AcceptedLate, tally.Rejected, tally.SetAside, tally.NotReceived, tally.Expected, late)

			// The status site, as an administrator reads it.
			now := time.Now()
			srv := httptest.NewServer((&web.Server{Source: st, Quarantine: st.QuarantineEntries,
				Weekly: web.StoreWeekly(st, weekly.Options{}), Now: func() time.Time { return now }, Log: zerolog.Nop()}).Handler())
			defer srv.Close()
			page := siteText(t, srv.URL+"/?annee=2025")
			if !strings.Contains(page, sentence) {
				t.Errorf("the site does not say %q", sentence)
			}
			counts := map[string]int{}
			for _, m := range regexp.MustCompile(`<strong>(\d+)</strong> ([^<]+)</a>`).FindAllStringSubmatch(page, -1) {
				var n int
				fmt.Sscan(m[1], &n)
				counts[m[2]] = n
			}
			for _, s := range reconcile.States {
				if got, want := counts[reports.StateLegend(s, true)], tally.Count(s); got != want {
					t.Errorf("site: %d « %s », pactd status %d", got, reports.StateLegend(s, true), want)
				}
			}
			// The list agrees territory by territory.
			for _, s := range status.Statuses {
				if s.State != reconcile.StateSetAside {
					continue
				}
				list := siteText(t, srv.URL+"/territoires?annee=2025&etat=mis-de-cote")
				if !strings.Contains(list, ">"+s.Name+"</a>") || strings.Contains(s.StateLabel, "Manquant") {
					t.Errorf("%s is set aside for pactd status, not on the site's list", s.Name)
				}
			}

			// The weekly PDF, as pdftotext reads it.
			wk, err := weekly.Build(ctx, st, 2025, now, weekly.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var pdf bytes.Buffer
			if err := reports.WeeklyPDF(&pdf, wk); err != nil {
				t.Fatal(err)
			}
			text := strings.Join(strings.Fields(reportcheck.ReadPDF(t, pdf.Bytes())), " ")
			if !strings.Contains(text, sentence) {
				t.Errorf("the weekly PDF does not say %q", sentence)
			}
		})
	}
}

// siteText returns the page at url with its entities decoded.
func siteText(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", url, resp.StatusCode, err)
	}
	return html.UnescapeString(string(b))
}
