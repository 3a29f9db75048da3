package reconcile

import "strings"

// Contacts returns the addresses to contact a territory at: its registered
// recipients of acknowledgments, then its authorised sender addresses (not
// the "@domain" entries), each once whatever its case, in register order.
func (t Territory) Contacts() []string {
	seen := map[string]bool{}
	var out []string
	for _, l := range [][]string{t.Recipients, t.Senders} {
		for _, a := range l {
			a = strings.TrimSpace(a)
			if i := strings.IndexByte(a, '@'); i <= 0 || i == len(a)-1 {
				continue
			}
			if k := strings.ToLower(a); !seen[k] {
				seen[k] = true
				out = append(out, a)
			}
		}
	}
	return out
}
