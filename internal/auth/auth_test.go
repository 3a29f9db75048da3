package auth_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pactd/pactd/internal/auth"
	"github.com/pactd/pactd/reconcile"
)

func register() *reconcile.Register {
	t := func(siren string, senders, recipients []string) reconcile.Contract {
		return reconcile.Contract{Territory: reconcile.Territory{SIREN: siren, Senders: senders, Recipients: recipients}}
	}
	return &reconcile.Register{Contracts: []reconcile.Contract{
		t("220100010", []string{"@ain.fr", "dgs@ain.fr"}, []string{"prefet@ain.gouv.fr"}),
		t("220200026", []string{"compta@aisne.fr"}, []string{"@PREFECTURE.gouv.fr"}),
		t("220300016", []string{"@allier.fr"}, []string{"@prefecture.gouv.fr"}),
	}}
}

func TestAssign(t *testing.T) {
	rules := auth.Rules{Administrators: []string{"Chef@Pacte.gouv.fr"}, National: []string{"@pacte.gouv.fr", "expert@cabinet.fr"}}
	for _, tc := range []struct {
		email  string
		role   auth.Role
		sirens []string
	}{
		{"chef@pacte.gouv.fr", auth.Administrateur, nil},
		{"CHEF@pacte.gouv.fr", auth.Administrateur, nil},
		{"autre@pacte.gouv.fr", auth.National, nil},
		{"expert@cabinet.fr", auth.National, nil},
		{"x@sous.pacte.gouv.fr", auth.None, nil}, // a domain entry is exact
		{"jean@ain.fr", auth.Territoire, []string{"220100010"}},
		{"Jean Dupont <jean@ain.fr>", auth.Territoire, []string{"220100010"}},
		{"prefet@ain.gouv.fr", auth.Territoire, []string{"220100010"}},
		{"compta@aisne.fr", auth.Territoire, []string{"220200026"}},
		{"autre@aisne.fr", auth.None, nil}, // an exact entry is not a domain
		{"sg@prefecture.gouv.fr", auth.Territoire, []string{"220200026", "220300016"}},
		{"jean@ain.fr.evil.test", auth.None, nil},
		{"ain.fr", auth.None, nil},
		{"", auth.None, nil},
	} {
		role, sirens := rules.Assign(tc.email, register())
		if role != tc.role || !reflect.DeepEqual(sirens, tc.sirens) {
			t.Errorf("Assign(%q) = %s %v, want %s %v", tc.email, role, sirens, tc.role, tc.sirens)
		}
	}
	if role, _ := rules.Assign("jean@ain.fr", nil); role != auth.None {
		t.Errorf("without a register, a territory address got %s", role)
	}
	p := &auth.Person{Role: auth.Territoire, SIRENs: []string{"220100010"}}
	if !p.Sees("220100010") || p.Sees("220200026") || p.Sees("") || p.SeesAll() {
		t.Error("a territory sees beyond its own")
	}
	var nobody *auth.Person
	if nobody.Sees("220100010") || nobody.Is(auth.Administrateur) {
		t.Error("a nil person sees something")
	}
}

func TestValidEntry(t *testing.T) {
	for e, want := range map[string]bool{"a@b.fr": true, "@b.fr": true, "A@B.FR": true, "@": false, "@b": false, "a b@c.fr": false,
		"Jean <a@b.fr>": false, "a@b.fr,c@d.fr": false, "b.fr": false} {
		if got := auth.ValidEntry(e); got != want {
			t.Errorf("ValidEntry(%q) = %v, want %v", e, got, want)
		}
	}
}

func TestSigner(t *testing.T) {
	if _, err := auth.NewSigner(make([]byte, 31)); err == nil {
		t.Error("a 31-byte key was accepted")
	}
	key := auth.NewKey()
	s, _ := auth.NewSigner(key)
	now := time.Now()
	ss := auth.NewSession("a@b.fr", "A", auth.MethodOIDC, now, time.Hour)
	v, err := s.SealSession(ss)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.OpenSession(v, now.Add(59*time.Minute))
	if err != nil || got.ID != ss.ID || got.Email != "a@b.fr" {
		t.Fatalf("OpenSession = %+v, %v", got, err)
	}
	if _, err := s.OpenSession(v, now.Add(61*time.Minute)); err != auth.ErrBadToken {
		t.Errorf("expired session: %v", err)
	}
	var x auth.Session
	if err := s.Open(auth.PurposeLogin, v, now, &x); err != auth.ErrBadToken {
		t.Errorf("a session opened as a login state: %v", err)
	}
	same, _ := auth.NewSigner(key)
	if _, err := same.OpenSession(v, now); err != nil {
		t.Errorf("a replica with the same key refused the session: %v", err)
	}
	for _, bad := range []string{"", ".", v + "x", strings.Replace(v, ".", "x.", 1), "a.b"} {
		if _, err := s.OpenSession(bad, now); err != auth.ErrBadToken {
			t.Errorf("OpenSession(%q) = %v", bad, err)
		}
	}
	if a, b := auth.NewSession("", "", auth.MethodLocal, now, time.Hour), auth.NewSession("", "", auth.MethodLocal, now, time.Hour); a.ID == b.ID || len(a.ID) < 20 {
		t.Errorf("session IDs %q %q", a.ID, b.ID)
	}
}

func TestLocalAdmin(t *testing.T) {
	if _, err := auth.HashPassword("court"); err != auth.ErrWeakPassword {
		t.Errorf("short password: %v", err)
	}
	h, err := auth.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	a, err := auth.NewLocalAdmin("admin", "  "+h+"\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		user, pw string
		ok       bool
	}{{"admin", "correct horse battery", true}, {"admin", "correct horse batter", false}, {"root", "correct horse battery", false}, {"", "", false}} {
		if got := a.Check(tc.user, tc.pw); got != tc.ok {
			t.Errorf("Check(%q, %q) = %v", tc.user, tc.pw, got)
		}
	}
	if _, err := auth.NewLocalAdmin("admin", "motdepasse"); err == nil {
		t.Error("a plain password was taken for a hash")
	}
	// htpasswd -B writes $2y$.
	if _, err := auth.NewLocalAdmin("admin", "$2y$"+h[4:]); err != nil {
		t.Errorf("htpasswd hash refused: %v", err)
	}
}

func TestLimiter(t *testing.T) {
	l := &auth.Limiter{PerKey: 3, Total: 5, Window: time.Minute}
	t0 := time.Now()
	for i := range 3 {
		if b, _ := l.Blocked("a", t0); b {
			t.Fatalf("blocked after %d failures", i)
		}
		l.Fail("a", t0.Add(time.Duration(i)*time.Second))
	}
	if b, until := l.Blocked("a", t0.Add(10*time.Second)); !b || !until.Equal(t0.Add(time.Minute)) {
		t.Errorf("after 3 failures: blocked %v until %s", b, until)
	}
	if b, _ := l.Blocked("b", t0); b {
		t.Error("another address is blocked")
	}
	l.Fail("b", t0)
	l.Fail("c", t0)
	if b, _ := l.Blocked("d", t0); !b {
		t.Error("5 failures in all did not block every address")
	}
	if b, _ := l.Blocked("a", t0.Add(61*time.Second)); b {
		t.Error("still blocked after the window")
	}
	l.Succeed("b")
}
