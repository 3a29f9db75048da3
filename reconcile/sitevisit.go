package reconcile

import "time"

// SiteVisit is the last visit to the status site of one person of a
// territory (role territoire): who, when first and last seen, and in how
// many sessions (logins). The stores keep one per territory and address
// (migration 401_site_visits.sql); the campaign tells from them which
// territories have opened the site.
type SiteVisit struct {
	SIREN string `json:"siren"`
	Email string `json:"email"`
	Name  string `json:"name,omitempty"`
	// First and Last are the first and the latest request seen.
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
	// Sessions counts the logins seen (distinct sessions).
	Sessions int `json:"sessions"`
	// Session is a digest of the latest visit's session ID, to count
	// sessions; never shown.
	Session string `json:"-"`
}
