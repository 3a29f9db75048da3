package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/xuri/excelize/v2"

	"github.com/pactd/pactd/ingest"
	"github.com/pactd/pactd/internal/archive"
	"github.com/pactd/pactd/internal/auth"
	"github.com/pactd/pactd/internal/sqlite"
	"github.com/pactd/pactd/internal/web"
	"github.com/pactd/pactd/internal/webtest"
	"github.com/pactd/pactd/reconcile"
)

// The territories of the site fixture: each has its own people in the
// register, and a name and SIREN found nowhere else on the pages.
var (
	alpha   = territory{"220100010", "Territoire Alpha", []string{"@alpha.test"}, []string{"prefecture@etat-alpha.test"}}
	bravo   = territory{"220200026", "Territoire Bravo", []string{"dgs@bravo.test"}, []string{"compta@bravo.test"}}
	charlie = territory{"220300016", "Territoire Charlie", []string{"@charlie.test"}, nil}
)

type territory struct {
	SIREN, Name        string
	Senders, Recipient []string
}

// People of the fixture's OpenID provider, one per role and the refused.
var (
	admin      = webtest.User{Login: "admin", Password: "mdp-admin", Email: "chef@pacte.test", EmailVerified: true, GivenName: "Claire", FamilyName: "Admin"}
	national   = webtest.User{Login: "national", Password: "mdp-national", Email: "lecteur@national.test", EmailVerified: true, GivenName: "Noé", FamilyName: "National"}
	alphaUser  = webtest.User{Login: "alpha", Password: "mdp-alpha", Email: "dgs@alpha.test", EmailVerified: true, GivenName: "Alice", FamilyName: "Alpha"}
	bravoUser  = webtest.User{Login: "bravo", Password: "mdp-bravo", Email: "compta@bravo.test", EmailVerified: true, GivenName: "Bruno", FamilyName: "Bravo"}
	stranger   = webtest.User{Login: "inconnu", Password: "mdp-inconnu", Email: "quelquun@ailleurs.test", EmailVerified: true, GivenName: "Ines", FamilyName: "Inconnue"}
	unverified = webtest.User{Login: "nonverifie", Password: "mdp-nonverifie", Email: "faux@alpha.test", EmailVerified: false, GivenName: "Fanny", FamilyName: "Fausse"}
)

// localAdmin is the local administrator's login and password.
const localUser, localPassword = "admin-local", "un mot de passe assez long"

// site is the status site with logins, on a real SQLite store, behind a
// real OpenID provider.
type site struct {
	URL      string
	srv      *httptest.Server
	st       *sqlite.Store
	prov     *webtest.Provider
	server   *web.Server
	subAlpha int64 // accepted submission of alpha, with receipt rcAlpha
	subBravo int64
	// subAlphaAnnotated is an earlier, rejected workbook of alpha whose
	// findings name cells: it has an annotated workbook.
	subAlphaAnnotated int64
	rcAlpha           string
	rcBravo           string
	qBravo            int64 // quarantine entry claiming bravo's SIREN, with bytes
	report            string
}

// year is the exercice of the fixture's submissions.
const year = 2025

func newSite(t *testing.T, opts ...func(*web.Server)) *site {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "pactd.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	now := time.Now()
	reg := &reconcile.Register{ImportedAt: now.AddDate(0, -6, 0), Source: "registre.xlsx", SHA256: "00"}
	for _, tr := range []territory{alpha, bravo, charlie} {
		c := contract(tr.SIREN, tr.Name)
		c.Territory.Senders, c.Territory.Recipients = tr.Senders, tr.Recipient
		reg.Contracts = append(reg.Contracts, c)
	}
	reg.Sort()
	if _, err := st.SaveRegister(ctx, reg); err != nil {
		t.Fatal(err)
	}
	s := &site{st: st}
	for _, x := range []struct {
		tr  territory
		id  *int64
		rc  *string
		key string
	}{{alpha, &s.subAlpha, &s.rcAlpha, "a"}, {bravo, &s.subBravo, &s.rcBravo, "b"}} {
		sub := submission(x.tr.SIREN, "CLS_2025_"+x.tr.SIREN+".xlsx", reconcile.Accepted, now.AddDate(0, 0, -3), x.key, nil)
		sub.Year = year
		rc, err := st.RecordSubmission(ctx, sub)
		if err != nil {
			t.Fatal(err)
		}
		*x.id, *x.rc = sub.ID, rc.Number
	}
	annotated := submission(alpha.SIREN, "CLS_2025_"+alpha.SIREN+"_premier.xlsx", reconcile.Rejected, now.AddDate(0, 0, -5), "a0",
		[]reconcile.Finding{{Code: reconcile.CofinancementInsuffisant, Severity: reconcile.Bloquant, Cells: []string{"Actions!H7"},
			Message: "La collectivité a dépensé moins que l'État."}})
	annotated.Year, annotated.Content = year, workbookBytes(t)
	sum := sha256.Sum256(annotated.Content)
	annotated.SHA256, annotated.Size = hex.EncodeToString(sum[:]), int64(len(annotated.Content))
	if _, err := st.RecordSubmission(ctx, annotated); err != nil {
		t.Fatal(err)
	}
	s.subAlphaAnnotated = annotated.ID
	q := &reconcile.QuarantineEntry{ReceivedAt: now.Add(-time.Hour), FileName: "bravo.xlsx", SIREN: bravo.SIREN,
		Content: []byte("PK quarantined bytes of " + bravo.Name), Reason: "Expéditeur non autorisé.",
		Origin: reconcile.Origin{Kind: reconcile.OriginEmail, Sender: "pirate@evil.test", Key: "q1"}}
	if err := st.Quarantine(ctx, q); err != nil {
		t.Fatal(err)
	}
	s.qBravo = q.ID
	s.report = "rapport-hebdomadaire-2026-11-30.pdf"
	if err := st.SaveFiles(ctx, archive.File{Name: s.report, Kind: archive.WeeklyReport, ContentType: archive.PDF,
		Content: []byte("%PDF-1.3 tous les territoires"), CreatedAt: now}); err != nil {
		t.Fatal(err)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.URL = "http://" + ln.Addr().String()
	s.prov = webtest.StartProvider(t, webtest.ProviderOptions{RedirectURL: s.URL + "/connexion/retour",
		Users: []webtest.User{admin, national, alphaUser, bravoUser, stranger, unverified}})
	key, err := st.WebSecret(ctx, "session_key", auth.NewKey())
	if err != nil {
		t.Fatal(err)
	}
	signer, err := auth.NewSigner(key)
	if err != nil {
		t.Fatal(err)
	}
	hash, err := auth.HashPassword(localPassword)
	if err != nil {
		t.Fatal(err)
	}
	la, err := auth.NewLocalAdmin(localUser, hash)
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := url.Parse(s.URL)
	s.server = &web.Server{Source: st, Archive: st,
		Acknowledgment:    web.StoreAcknowledgment(st, "remontees@pacte.test"),
		Quarantine:        st.QuarantineEntries,
		QuarantineContent: st.QuarantineContent,
		SubmissionContent: st.SubmissionContent,
		Mail:              web.NewOutboxAdmin(st, nil, nil),
		Runs:              func(ctx context.Context, n int) ([]reconcile.JobRun, error) { return st.JobRuns(ctx, "", n) },
		Door: &web.Door{Process: &ingest.Pipeline{Store: st, Log: zerolog.Nop()}, Content: st.SubmissionContent,
			Visits: st.RecordSiteVisit},
		Outbox: func(context.Context) (web.OutboxState, error) {
			return web.OutboxState{Pending: 2, Failed: 1}, nil
		},
		Log: zerolog.Nop(),
		Auth: &web.Auth{PublicURL: pub, Signer: signer, Sessions: st,
			Rules:   auth.Rules{Administrators: []string{admin.Email}, National: []string{"@national.test"}},
			Contact: "la délégation, pacte@pacte.test",
			OIDC: auth.NewOIDC(auth.OIDCConfig{Issuer: s.prov.Issuer, ClientID: s.prov.ClientID, ClientSecret: s.prov.ClientSecret,
				RedirectURL: s.URL + "/connexion/retour", Scopes: []string{"openid", "email", "profile"}}),
			ProviderName: "ProConnect de test",
			Admin:        la, Limiter: &auth.Limiter{}, FailureDelay: 10 * time.Millisecond,
		}}
	for _, o := range opts {
		o(s.server)
	}
	s.srv = &httptest.Server{Listener: ln, Config: &http.Server{Handler: s.server.Handler()}}
	s.srv.Start()
	t.Cleanup(s.srv.Close)
	return s
}

// get asks the site for path with the given session cookie ("" for none),
// without following redirections.
func (s *site) get(t *testing.T, path, session string) (*http.Response, string) {
	t.Helper()
	return s.do(t, http.MethodGet, path, session, nil)
}

func (s *site) do(t *testing.T, method, path, session string, form url.Values) (*http.Response, string) {
	t.Helper()
	req := newRequest(t, method, s.URL+path, form)
	if session != "" {
		req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: session})
	}
	return send(t, req)
}

// workbookBytes returns a small real workbook with an Actions sheet.
func workbookBytes(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Actions"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue("Actions", "H7", 1000); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
