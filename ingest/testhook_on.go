//go:build pactd_testhooks

package ingest

// With the pactd_testhooks build tag, parsing a file whose name contains
// PANIQUE panics (see panicOnPANIQUE), so the soak test can feed the daemon
// a file that crashes the parser.
func init() { parseHook = panicOnPANIQUE }
