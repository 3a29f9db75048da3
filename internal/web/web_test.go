package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/pactd/pactd/internal/archive"
	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/internal/web"
	"github.com/pactd/pactd/reconcile"
)

// hostile is a territory name written by someone who wants to run script
// in the admins' browsers.
const hostile = `<script>alert("pwn")</script> & Cie`

// fixture is a real SQLite store with a register of three territories and
// submissions of 2025 for two of them.
type fixture struct {
	st        *sqlite.Store
	srv       *httptest.Server
	accepted  reconcile.Receipt
	acceptSub int64
}

// now is after the 2025 deadline (31 March 2026), so the territory that
// sent nothing is missing.
var now = time.Date(2026, 4, 15, 10, 0, 0, 0, reconcile.Paris)

func contract(siren, name string) reconcile.Contract {
	return reconcile.Contract{
		Territory: reconcile.Territory{SIREN: siren, Name: name, Type: reconcile.TypeDepartement,
			Departements: []string{"01"}, AxisCount: 3, AnnualCeiling: 100000000, Senders: []string{"@ain.fr"}},
		Actions: []reconcile.Action{{Code: "ENF-01", Axis: reconcile.AxisEnfance, Title: "Crèches", Nature: reconcile.NatureNouvelle,
			Plans: map[int]reconcile.Plan{2025: {State: 1000000, Territory: 1000000}}}},
	}
}

func submission(siren, file string, v reconcile.Verdict, at time.Time, key string, fs []reconcile.Finding) *reconcile.Submission {
	content := []byte("workbook " + file + key)
	sum := sha256.Sum256(content)
	return &reconcile.Submission{FileName: file, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(content)),
		SIREN: siren, Year: 2025, Template: reconcile.TemplateVersion, ReceivedAt: at, RegisterVersion: 1,
		Origin:  reconcile.Origin{Kind: reconcile.OriginEmail, Sender: "dgs@ain.fr", Key: key},
		Verdict: v, Findings: fs, Content: content}
}

func newFixture(t *testing.T, mut func(*web.Server)) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "pactd.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	reg := &reconcile.Register{ImportedAt: now.AddDate(0, -6, 0), Source: "registre.xlsx", SHA256: "00",
		Contracts: []reconcile.Contract{contract("220100010", hostile), contract("220200017", "Aisne"), contract("220300015", "Allier")}}
	reg.Sort()
	if _, err := st.SaveRegister(ctx, reg); err != nil {
		t.Fatal(err)
	}
	f := &fixture{st: st}
	bad := reconcile.NewFinding(reconcile.CofinancementInsuffisant, `La collectivité a dépensé moins que l'État <b>sur ENF-01</b>.`)
	bad.Cells, bad.Action, bad.Axis = []string{"Actions!G7", "Actions!H7"}, "ENF-01", reconcile.AxisEnfance
	if _, err := st.RecordSubmission(ctx, submission("220100010", `"><img src=x onerror=alert(1)>.xlsx`, reconcile.Rejected,
		now.AddDate(0, -1, 0), "k1", []reconcile.Finding{bad})); err != nil {
		t.Fatal(err)
	}
	sub := submission("220100010", "CLS_2025_220100010_ain.xlsx", reconcile.Accepted, now.AddDate(0, 0, -20), "k2", nil)
	if f.accepted, err = st.RecordSubmission(ctx, sub); err != nil {
		t.Fatal(err)
	}
	f.acceptSub = sub.ID
	if _, err := st.RecordSubmission(ctx, submission("220200017", "aisne.xlsx", reconcile.Rejected, now.AddDate(0, 0, -2), "k3",
		[]reconcile.Finding{bad})); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"rapport-hebdomadaire-2026-04-13.pdf", "rapport-hebdomadaire-2026-04-13.xlsx", "rapport-hebdomadaire-2026-04-06.pdf", "notes.txt"} {
		ct := "application/pdf"
		if strings.HasSuffix(name, ".xlsx") {
			ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		}
		if err := st.SaveFiles(ctx, archive.File{Name: name, Kind: archive.WeeklyReport, ContentType: ct,
			Content: []byte("%PDF-1.3 " + name), CreatedAt: now.Add(-time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	run := reconcile.JobRun{Job: "weekly_report", Scheduled: now.Add(-50 * time.Hour), Started: now.Add(-50 * time.Hour),
		Finished: now.Add(-49 * time.Hour), Outcome: reconcile.RunFailure, Error: "le serveur SMTP a refusé <le message>"}
	if err := st.StartRun(ctx, &run); err != nil {
		t.Fatal(err)
	}
	s := &web.Server{Source: st, Archive: st,
		Runs:           func(ctx context.Context, n int) ([]reconcile.JobRun, error) { return st.JobRuns(ctx, "", n) },
		Acknowledgment: web.StoreAcknowledgment(st, "remontees@pacte.example.fr"),
		Now:            func() time.Time { return now }}
	if mut != nil {
		mut(s)
	}
	f.srv = httptest.NewServer(s.Handler())
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fixture) get(t *testing.T, path string) (int, http.Header, string) {
	t.Helper()
	resp, err := f.srv.Client().Get(f.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

func mustContain(t *testing.T, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

func mustNotContain(t *testing.T, body string, bad ...string) {
	t.Helper()
	for _, b := range bad {
		if strings.Contains(body, b) {
			t.Errorf("page contains %q", b)
		}
	}
}

func TestOverviewPage(t *testing.T) {
	f := newFixture(t, nil)
	code, hdr, body := f.get(t, "/?annee=2025")
	if code != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/html") {
		t.Fatalf("got %d %s", code, hdr.Get("Content-Type"))
	}
	if csp := hdr.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	mustContain(t, body,
		`<html lang="fr">`,
		"<h1>État des remontées 2025</h1>",
		"Date limite de remontée de l'exercice 2025 : 31/03/2026",
		// The partition, as the weekly PDF and pactd status say it: the
		// hostile territory accepted on time, Aisne rejected, Allier missing.
		"<strong>1</strong> acceptés dans les délais", "<strong>0</strong> acceptés hors délai",
		"<strong>1</strong> rejetés, à corriger", "<strong>0</strong> fichiers mis de côté (quarantaine)",
		"<strong>1</strong> manquants : rien reçu",
		"Nouvellement rejeté (1) : Aisne (01).",
		`<a href="/territoires/220300015?annee=2025">Allier (01)</a>.`,
		`<a href="/territoires/220200017?annee=2025">Aisne</a>`,
		`<option value="2025" selected>2025</option>`,
		`<a href="/rapports/rapport-hebdomadaire-2026-04-13.pdf">PDF</a>, <a href="/rapports/rapport-hebdomadaire-2026-04-13.xlsx">annexe Excel</a>`,
		`<time datetime="2026-04-06">06/04/2026</time>`,
		"le serveur SMTP a refusé &lt;le message&gt;",
		`<span class="state missing">échouée</span>`,
	)
	mustContain(t, html.UnescapeString(body),
		"1 + 0 + 1 + 0 + 1 = 3 territoires attendus pour 2025, chacun dans une seule situation ; 2 sont en retard après la date limite.")
	mustNotContain(t, body, "<script", "notes.txt", `alert("pwn")`)
	if strings.Index(body, "13/04/2026") > strings.Index(body, "06/04/2026") {
		t.Error("weekly reports are not listed newest first")
	}
}

func TestOverviewDefaultYearAndErrors(t *testing.T) {
	f := newFixture(t, nil)
	if _, _, body := f.get(t, "/"); !strings.Contains(body, "<h1>État des remontées 2025</h1>") {
		t.Error("in April 2026 the default year is not 2025")
	}
	// A year no contract covers has nothing to chart.
	if code, _, body := f.get(t, "/?annee=2027"); code != 200 || !strings.Contains(body, "Aucun contrat du registre ne couvre l'exercice 2027.") ||
		strings.Contains(body, "<svg") {
		t.Errorf("2027: got %d", code)
	}
	code, _, body := f.get(t, "/?annee=1999")
	if code != http.StatusBadRequest || !strings.Contains(body, "Année invalide : choisissez une année de 2024 à 2027.") {
		t.Errorf("bad year: got %d", code)
	}
	if code, _, _ := f.get(t, "/territoires/123456789"); code != http.StatusNotFound {
		t.Errorf("unknown SIREN: got %d, want 404", code)
	}
	if code, _, _ := f.get(t, "/inconnue"); code != http.StatusNotFound {
		t.Errorf("unknown page: got %d, want 404", code)
	}
}

func TestTerritoryPage(t *testing.T) {
	f := newFixture(t, nil)
	code, _, body := f.get(t, "/territoires/220100010?annee=2025")
	if code != 200 {
		t.Fatalf("got %d", code)
	}
	mustContain(t, body,
		"<h1>&lt;script&gt;alert(&#34;pwn&#34;)&lt;/script&gt; &amp; Cie</h1>",
		"<h3 id=\"depot-1\">&#34;&gt;&lt;img src=x onerror=alert(1)&gt;.xlsx</h3>",
		"CLS_2025_220100010_ain.xlsx",
		"c'est le dépôt retenu",
		"courriel de dgs@ain.fr",
		"<code>COFINANCEMENT_INSUFFISANT</code>",
		"Actions!G7, Actions!H7",
		"Enfance · ENF-01",
		"moins que l&#39;État &lt;b&gt;sur ENF-01&lt;/b&gt;.",
		`<a href="/accuses/2/`+f.accepted.Number+`">accusé de réception (PDF)</a>`,
	)
	mustNotContain(t, body, "<script", "<img", "<b>sur")
	if strings.Index(body, "CLS_2025_220100010_ain.xlsx") > strings.Index(body, "onerror") {
		t.Error("submissions are not listed newest first")
	}
}

func TestDownloads(t *testing.T) {
	f := newFixture(t, nil)
	code, hdr, body := f.get(t, "/accuses/2/"+f.accepted.Number)
	if code != 200 || hdr.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF-") {
		t.Errorf("acknowledgment: got %d %s %.8q", code, hdr.Get("Content-Type"), body)
	}
	if cd := hdr.Get("Content-Disposition"); cd != `attachment; filename="accuse-`+f.accepted.Number+`.pdf"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	for _, p := range []string{"/accuses/2/AR-2026-999999", "/accuses/1/" + f.accepted.Number, "/accuses/x/y"} {
		if code, _, _ := f.get(t, p); code != http.StatusNotFound {
			t.Errorf("%s: got %d, want 404", p, code)
		}
	}
	code, hdr, body = f.get(t, "/rapports/rapport-hebdomadaire-2026-04-13.xlsx")
	if code != 200 || body != "%PDF-1.3 rapport-hebdomadaire-2026-04-13.xlsx" || !strings.Contains(hdr.Get("Content-Type"), "spreadsheetml") {
		t.Errorf("report: got %d %q %s", code, body, hdr.Get("Content-Type"))
	}
	for _, p := range []string{"/rapports/notes.txt", "/rapports/..%2Fpactd.db", "/rapports/rapport-hebdomadaire-2026-04-06.xlsx"} {
		if code, _, _ := f.get(t, p); code != http.StatusNotFound {
			t.Errorf("%s: got %d, want 404", p, code)
		}
	}
}

func TestNewHTTPServerTimeouts(t *testing.T) {
	srv := web.NewHTTPServer("127.0.0.1:0", http.NotFoundHandler(), zeroLog())
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.WriteTimeout <= 0 || srv.IdleTimeout <= 0 || srv.MaxHeaderBytes <= 0 {
		t.Errorf("server without timeouts: %+v", srv)
	}
}

func zeroLog() zerolog.Logger { return zerolog.Nop() }
