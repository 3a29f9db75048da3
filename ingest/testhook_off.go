//go:build !pactd_testhooks

package ingest

// testHookParse does nothing in ordinary builds; see testhook_on.go.
func testHookParse(string) {}
