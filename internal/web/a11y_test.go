package web_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pactd/pactd/internal/webtest"
)

// axeSource returns axe-core, the accessibility engine of the browsers'
// audit tools, from $PACTD_NODE_MODULES (scripts/test.sh installs it), or
// skips the test.
func axeSource(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("PACTD_NODE_MODULES")
	if dir == "" {
		t.Skip("PACTD_NODE_MODULES is not set (scripts/test.sh installs axe-core there)")
	}
	b, err := os.ReadFile(filepath.Join(dir, "axe-core", "axe.min.js"))
	if os.IsNotExist(err) {
		t.Skip("axe-core is not installed in PACTD_NODE_MODULES (scripts/test.sh installs it)")
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// axeViolation is one rule a page breaks, as axe-core reports it.
type axeViolation struct {
	ID, Impact, Help string
	Nodes            []struct{ Target []any }
}

// Every page of the site passes axe-core's WCAG 2.1 A and AA rules (the
// ground RGAA 4 builds on: labels, contrast, names of links and buttons,
// table headers, lang, landmarks) at a laptop's and a phone's width, on
// the real register size.
func TestSitePassesAccessibilityAudit(t *testing.T) {
	axe := axeSource(t)
	d := newDemoSite(t)
	b := webtest.NewBrowser(t)
	pages := []string{"/?annee=2025", "/territoires?annee=2025&tri=nom", "/territoires/" + d.withFindings + "?annee=2025", "/envois"}
	for _, width := range []int{1280, 390} {
		b.SetViewport(width, 900)
		for _, path := range pages {
			if st := b.Navigate(d.URL + path); st != 200 {
				t.Fatalf("%s: status %d", path, st)
			}
			// Runtime.evaluate is not subject to the page's CSP.
			b.EvalAwait(axe + `;Promise.resolve("chargé")`)
			out := b.EvalAwait(`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']}).then(r => JSON.stringify(r.violations))`)
			var vs []axeViolation
			if err := json.Unmarshal([]byte(out), &vs); err != nil {
				t.Fatalf("axe-core result: %v", err)
			}
			for _, v := range vs {
				var where []string
				for i, n := range v.Nodes {
					if i == 3 {
						where = append(where, "…")
						break
					}
					where = append(where, strings.TrimSpace(strings.Trim(strings.ReplaceAll(strings.Trim(jsonString(n.Target), "[]"), `"`, ""), " ")))
				}
				t.Errorf("%s at %s px: %s (%s, %s) on %s", path, strconv.Itoa(width), v.ID, v.Impact, v.Help, strings.Join(where, "; "))
			}
		}
	}
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
