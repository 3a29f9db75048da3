package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func (d *demoSite) get(t *testing.T, path string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(d.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// On the real register size, the overview shows administrators the health
// of each part and the sender-authentication warning, and lists the files
// of the Aube and the Aude as set aside, never as nothing received.
func TestOverviewOnTheDemo(t *testing.T) {
	d := newDemoSite(t)
	_, b := d.get(t, "/?annee=2025")
	body := string(b)
	mustContain(t, body,
		"<h2 id=\"synthese\">Où en sont les 121 territoires attendus</h2>",
		"Situation au 6 avril 2026 à 9 h 00.",
		"La boîte remontees@127.0.0.1 met de côté tout message",
		`<th scope="row">base de données</th>`, "dossier surveillé (lecture périodique, sans notification)",
		`<h3>Évolution sur la saison</h3>`, `<title id="saison-titre">Évolution sur la saison. semaine 9 :`,
		`>Département de l&#39;Aube</a> (d'après le nom du fichier)`,
		`<a href="/quarantaine/`,
		// Whom to act on: the rejected Ariège with its contacts and the
		// reminder it was sent.
		"Contacts : solidarites@ariege.fr", "relance J&#43;1 du 01/04/2026.",
	)
	// Nothing-received list: compact, with département numbers, the Aube
	// and the Aude absent since they sent files.
	m := regexp.MustCompile(`(?s)<p class="compact">(.*?)</p>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no compact list of the territories with nothing received")
	}
	if strings.Contains(m[1], "Aube") || strings.Contains(m[1], "Aude\u00a0(11)") || !strings.Contains(m[1], "Aveyron\u00a0(12)") {
		t.Errorf("nothing-received list: %.300s", m[1])
	}
	if strings.Index(m[1], "Aveyron") > strings.Index(m[1], "Calvados") {
		t.Error("the nothing-received list is not in French reading order (Aveyron after Calvados)")
	}
}

// Before its deadline, a year's territories with nothing are awaited, not
// missing, and nobody is late.
func TestOverviewBeforeTheDeadline(t *testing.T) {
	d := newDemoSite(t)
	_, b := d.get(t, "/?annee=2026")
	body := string(b)
	mustContain(t, body, "<strong>121</strong> attendus : rien reçu", "<h3>Attendus : rien reçu (121)</h3>",
		"Date limite de remontée de l'exercice 2026 : 31/03/2027.")
	mustNotContain(t, body, "en retard après", "manquants")
}

// The received workbook downloads as received, and the annotated one
// carries a comment on the cell of each finding.
func TestSubmissionDownloads(t *testing.T) {
	d := newDemoSite(t)
	_, b := d.get(t, "/territoires/"+d.withFindings+"?annee=2025")
	mustContain(t, string(b), "<dt>Contacts</dt><dd>")
	file := regexp.MustCompile(`href="(/depots/(\d+)/fichier)"`).FindStringSubmatch(string(b))
	annotated := regexp.MustCompile(`href="(/depots/\d+/annote)"`).FindStringSubmatch(string(b))
	if file == nil || annotated == nil {
		t.Fatalf("the territory page has no download links")
	}
	resp, data := d.get(t, file[1])
	var id int64
	for _, c := range file[2] {
		id = id*10 + int64(c-'0')
	}
	sub, err := d.st.Submission(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	if resp.StatusCode != 200 || hex.EncodeToString(sum[:]) != sub.SHA256 || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), `filename="`+sub.FileName+`"`) {
		t.Errorf("received file: %d %s %s, sha256 differs: %v", resp.StatusCode, resp.Header.Get("Content-Type"),
			resp.Header.Get("Content-Disposition"), hex.EncodeToString(sum[:]) != sub.SHA256)
	}
	resp, data = d.get(t, annotated[1])
	if resp.StatusCode != 200 {
		t.Fatalf("annotated workbook: %d %s", resp.StatusCode, data)
	}
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	var cells []string
	for _, f := range sub.Findings {
		cells = append(cells, f.Cells...)
	}
	for _, ref := range cells {
		sheet, cell, _ := strings.Cut(ref, "!")
		comments, err := x.GetComments(sheet)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, c := range comments {
			found = found || c.Cell == cell
		}
		if !found {
			t.Errorf("the annotated workbook has no comment on %s", ref)
		}
	}
	if len(cells) == 0 || sub.Verdict == "" {
		t.Fatal("the submission has no finding on a cell: the test proves nothing")
	}
}
