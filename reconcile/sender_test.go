package reconcile_test

import (
	"strings"
	"testing"

	"github.com/pactd/pactd/reconcile"
)

func TestCheckSender(t *testing.T) {
	ain := &reconcile.Territory{SIREN: "220100010", Name: "Département de l'Ain", Senders: []string{"@ain.fr", "cls@partenaire.org"}}
	for _, tc := range []struct {
		from string
		ok   bool
	}{
		{"cls.referent@ain.fr", true},
		{"Claire Martin <Claire.Martin@AIN.FR>", true},
		{"cls@partenaire.org", true},
		{"autre@partenaire.org", false},
		{"pirate@ain.fr.example.com", false},
		{"quelqu.un@gmail.com", false},
		{"", false},
		{"pas une adresse", false},
	} {
		f := reconcile.CheckSender(ain, tc.from)
		if got := f == nil; got != tc.ok {
			t.Errorf("CheckSender(%q) authorised = %v, want %v", tc.from, got, tc.ok)
			continue
		}
		if f == nil {
			continue
		}
		if f.Code != reconcile.ExpediteurNonAutorise || f.Severity != reconcile.Bloquant || f.SIREN != "220100010" {
			t.Errorf("CheckSender(%q) = %+v", tc.from, f)
		}
		for _, want := range []string{"Département de l'Ain", "220100010"} {
			if !strings.Contains(f.Message, want) {
				t.Errorf("message %q lacks %q", f.Message, want)
			}
		}
	}
	f := reconcile.CheckSender(ain, "Pirate <quelqu.un@gmail.com>")
	if want := "L'adresse quelqu.un@gmail.com n'est pas autorisée à transmettre le compte rendu de Département de l'Ain (SIREN 220100010) : "; !strings.HasPrefix(f.Message, want) {
		t.Errorf("message = %q, want prefix %q", f.Message, want)
	}
	if reconcile.CheckSender(nil, "x@y.fr") != nil {
		t.Error("CheckSender(nil territory) is not nil")
	}
}
