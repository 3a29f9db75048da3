package reconcile_test

import (
	"testing"

	"github.com/pactd/pactd/reconcile"
)

func TestOriginLabel(t *testing.T) {
	for _, c := range []struct {
		o    reconcile.Origin
		want string
	}{
		{reconcile.Origin{Kind: reconcile.OriginEmail, Sender: "cls@ain.fr"}, "courriel de cls@ain.fr"},
		{reconcile.Origin{Kind: reconcile.OriginEmail}, "courriel"},
		{reconcile.Origin{Kind: reconcile.OriginFolder, Path: "/data/depot/a.xlsx"}, "dossier surveillé"},
		{reconcile.Origin{Kind: reconcile.OriginCommand, Sender: "cls@ain.fr"}, "commande pactd ingest (pour cls@ain.fr)"},
		{reconcile.Origin{Kind: reconcile.OriginCommand}, "commande pactd ingest"},
		{reconcile.Origin{Kind: reconcile.OriginSite, Person: "dgs@ain.fr", Territory: "220100010"}, "site (dépôt de dgs@ain.fr)"},
		{reconcile.Origin{Kind: reconcile.OriginSite}, "site"},
	} {
		if got := c.o.Label(); got != c.want {
			t.Errorf("%+v: got %q, want %q", c.o, got, c.want)
		}
	}
	if got := reconcile.Capitalize("état"); got != "État" {
		t.Errorf("Capitalize = %q", got)
	}
}
