package main

import (
	"strings"
	"testing"
)

// TestFlagErrorsInFrench: a bad option value is refused with exit 2 and a
// French sentence naming the option, with no Go wording.
func TestFlagErrorsInFrench(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"reconcile", "--year", "x"}, "valeur invalide « x » pour l'option --year."},
		{[]string{"status", "--inconnue"}, "option inconnue -inconnue"},
		{[]string{"reconcile", "--siren"}, "l'option -siren attend une valeur"},
	} {
		code, _, stderr := rcRun(t, emptyDB(t, "p.db"), tc.args...)
		if code != exitUsage || !strings.Contains(stderr, tc.want) || strings.Contains(stderr, "flag") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}
