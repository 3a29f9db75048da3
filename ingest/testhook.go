package ingest

import "strings"

// parseHook, when set, is called with the file name just before a workbook
// is parsed. Builds with the pactd_testhooks tag set it to panicOnPANIQUE;
// the package's tests set it themselves. Ordinary builds leave it nil.
var parseHook func(name string)

// panicOnPANIQUE panics when the file name contains PANIQUE: a file that
// crashes the parser, for the tests of fault isolation and the soak test.
func panicOnPANIQUE(name string) {
	if strings.Contains(name, "PANIQUE") {
		panic("test hook: parser panic requested by the file name " + name)
	}
}
