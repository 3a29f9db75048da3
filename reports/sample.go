package reports

import (
	"strings"

	"github.com/pactd/pactd/reconcile"
)

// SampleRegister reports whether reg was imported from a sample file, by
// the words its file name carries ("exemple", "fictif", "demo", "sample"),
// so that reports made from it say their data are fictitious. Callers that
// know better (pactd demo) set WeeklyInput.Fictitious themselves.
func SampleRegister(reg *reconcile.Register) bool {
	if reg == nil {
		return false
	}
	name := reconcile.Fold(reg.Source)
	for _, w := range []string{"exemple", "fictif", "fictive", "demo", "demonstration", "sample"} {
		for _, f := range strings.Fields(name) {
			if f == w {
				return true
			}
		}
	}
	return false
}
