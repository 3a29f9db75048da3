package ingest

// SetLoopbackCheck replaces the loopback test of plain connections and
// returns a function restoring it.
func SetLoopbackCheck(f func(host string) bool) (restore func()) {
	old := loopbackHost
	loopbackHost = f
	return func() { loopbackHost = old }
}

// PanicOnPANIQUE makes the parser panic on files named *PANIQUE*, as the
// pactd_testhooks build does, until restore is called.
func PanicOnPANIQUE() (restore func()) {
	old := parseHook
	parseHook = panicOnPANIQUE
	return func() { parseHook = old }
}

// LeaseKey is the mailbox's key in the leases.
func (s *IMAPSource) LeaseKey() string { return s.leaseKey() }

// NotifyUnavailable makes the folder watcher's notifications fail to set
// up, until restore is called.
func NotifyUnavailable() (restore func()) {
	notifyUnavailable = true
	return func() { notifyUnavailable = false }
}
