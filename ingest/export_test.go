package ingest

// SetLoopbackCheck replaces the loopback test of plain connections and
// returns a function restoring it.
func SetLoopbackCheck(f func(host string) bool) (restore func()) {
	old := loopbackHost
	loopbackHost = f
	return func() { loopbackHost = old }
}
