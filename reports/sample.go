package reports

import (
	"strings"

	"github.com/pactd/pactd/reconcile"
)

// SampleRegister reports whether reg's data are fictitious: the register
// says so (Register.Fictitious, set by the register reader from the notice
// the samples carry), or its file name has a word such as "exemple",
// "fictif", "demo" or "sample". Reports made from it then say so.
func SampleRegister(reg *reconcile.Register) bool {
	if reg == nil {
		return false
	}
	if reg.Fictitious {
		return true
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
