//go:build pactd_testhooks

package ingest

import "strings"

// testHookParse panics when the file name contains PANIQUE. It exists
// only in builds with the pactd_testhooks tag, so the soak test can feed
// the daemon a file that crashes the parser and check that the panic is
// recovered into a recorded failure and, after max_attempts, a quarantine
// entry.
func testHookParse(name string) {
	if strings.Contains(name, "PANIQUE") {
		panic("pactd_testhooks: parser panic requested by the file name " + name)
	}
}
