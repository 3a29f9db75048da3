package web_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/pactd/pactd/internal/webtest"
)

// Every page of the site reads on a laptop (1280 px) and on a phone
// (390 px) without scrolling sideways, on the real register size; the
// screenshots are kept for people to look at ($PACTD_TEST_ARTIFACTS).
func TestSiteFitsLaptopAndPhone(t *testing.T) {
	d := newDemoSite(t)
	b := webtest.NewBrowser(t)
	pages := map[string]string{
		"accueil":         "/?annee=2025",
		"territoires":     "/territoires?annee=2025",
		"territoires-tri": "/territoires?annee=2025&tri=taux&ordre=desc&retard=oui",
		"territoire":      "/territoires/" + d.withFindings + "?annee=2025",
		"file-envoi":      "/envois",
	}
	for _, width := range []int{1280, 390} {
		b.SetViewport(width, 900)
		for name, path := range pages {
			if st := b.Navigate(d.URL + path); st != 200 {
				t.Fatalf("%s: status %d", path, st)
			}
			b.Screenshot(name + "-" + strconv.Itoa(width))
			scroll, _ := strconv.Atoi(b.EvalString("document.documentElement.scrollWidth"))
			inner, _ := strconv.Atoi(b.EvalString("window.innerWidth"))
			if scroll > inner || inner != width {
				wide := b.EvalString(`[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')`)
				t.Errorf("%s at %d px: the page is %d px wide in a %d px window (too wide: %s)", path, width, scroll, inner, wide)
			}
		}
	}
	// Keyboard: the first Tab reaches the skip link, visibly focused.
	b.SetViewport(1280, 900)
	b.Navigate(d.URL + "/territoires?annee=2025")
	b.Press("\t")
	if got := b.EvalString("document.activeElement.className + '|' + getComputedStyle(document.activeElement).outlineStyle"); got != "skip|solid" {
		t.Errorf("first Tab: focus on %q, want the skip link with a visible outline", got)
	}
	b.Press("\r")
	if got := b.EvalString("location.hash"); got != "#contenu" {
		t.Errorf("the skip link leads to %q", got)
	}
	if text := b.Text("main"); !strings.Contains(text, "territoire(s) sur 121") {
		t.Errorf("the list does not count 121 territories: %.200q", text)
	}
}
