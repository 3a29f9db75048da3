package reconcile

import (
	"context"
	"sort"
)

// CampaignRow is where the campaign stands for one territory expected in a
// year: the workbooks sent, the bounces, the answer.
type CampaignRow struct {
	Territory Territory
	Year      int
	// Sends are the workbooks mailed to the territory for the year, oldest
	// first; Last is the newest (nil: none sent by pactd).
	Sends []CampaignSend
	Last  *CampaignSend
	// Bounces of any of those messages.
	Bounces []Bounce
	// Answered is the first submission of the year received (any verdict),
	// nil when none; Reply is set when an answer came in the thread of a
	// campaign message.
	Answered *Submission
	Reply    *CampaignReply
	// Visit is the territory's latest visit to the status site (a person
	// of the territory logged in), nil when none.
	Visit *SiteVisit
	// Outdated: the register now pre-fills other commitments than the
	// newest workbook sent (pactd templates send --changed sends the new one).
	Outdated bool
}

// Bounced reports whether a notification said a campaign message of the
// territory will never reach one of its recipients.
func (r CampaignRow) Bounced() bool {
	for _, b := range r.Bounces {
		if b.Failed() {
			return true
		}
	}
	return false
}

// CampaignTally counts the rows of a campaign.
type CampaignTally struct {
	Expected int `json:"expected"` // territories expected that year
	Sent     int `json:"sent"`     // at least one workbook queued
	Accepted int `json:"accepted"` // ...and accepted by the SMTP server
	Bounced  int `json:"bounced"`  // a failed delivery notification came back
	Answered int `json:"answered"` // a workbook of the year was received
	Opened   int `json:"opened"`   // a person of the territory opened the status site
	Outdated int `json:"outdated"` // the newest workbook sent is no longer the register's
}

// CampaignRows returns one row per territory whose contract covers year,
// in SIREN order, from the campaign record and the submissions.
// visits are the status site's visits (SiteVisitLister), nil when unknown.
func CampaignRows(reg *Register, year int, sends []CampaignSend, bounces []Bounce, replies []CampaignReply, subs []Submission, visits []SiteVisit) ([]CampaignRow, CampaignTally) {
	var rows []CampaignRow
	var tally CampaignTally
	bySend := map[int64]*CampaignSend{}
	for i := range sends {
		bySend[sends[i].ID] = &sends[i]
	}
	idx := map[string]int{}
	for i := range reg.Contracts {
		c := &reg.Contracts[i]
		if !c.Covers(year) {
			continue
		}
		idx[c.Territory.SIREN] = len(rows)
		rows = append(rows, CampaignRow{Territory: c.Territory, Year: year})
	}
	for i := range sends {
		s := sends[i]
		if j, ok := idx[s.SIREN]; ok && s.Year == year {
			rows[j].Sends = append(rows[j].Sends, s)
			rows[j].Last = &rows[j].Sends[len(rows[j].Sends)-1]
		}
	}
	for _, b := range bounces {
		if j, ok := idx[b.SIREN]; ok && b.Year == year {
			rows[j].Bounces = append(rows[j].Bounces, b)
		}
	}
	for i := range replies {
		s := bySend[replies[i].SendID]
		if s == nil || s.Year != year {
			continue
		}
		if j, ok := idx[s.SIREN]; ok && rows[j].Reply == nil {
			rows[j].Reply = &replies[i]
		}
	}
	for i := range subs {
		if subs[i].Year != year {
			continue
		}
		if j, ok := idx[subs[i].SIREN]; ok && (rows[j].Answered == nil || subs[i].ReceivedAt.Before(rows[j].Answered.ReceivedAt)) {
			rows[j].Answered = &subs[i]
		}
	}
	for i := range visits {
		if j, ok := idx[visits[i].SIREN]; ok && (rows[j].Visit == nil || visits[i].Last.After(rows[j].Visit.Last)) {
			rows[j].Visit = &visits[i]
		}
	}
	for j := range rows {
		r := &rows[j]
		if r.Visit != nil {
			tally.Opened++
		}
		if r.Last != nil {
			r.Outdated = r.Last.Fingerprint != Fingerprint(reg.Contract(r.Territory.SIREN), year)
		}
		tally.Expected++
		if len(r.Sends) > 0 {
			tally.Sent++
		}
		for _, s := range r.Sends {
			if s.Accepted() {
				tally.Accepted++
				break
			}
		}
		if r.Bounced() {
			tally.Bounced++
		}
		if r.Answered != nil {
			tally.Answered++
		}
		if r.Outdated {
			tally.Outdated++
		}
	}
	// As French readers look a territory up (ignoring the article), like
	// every other list of pactd.
	sort.SliceStable(rows, func(i, j int) bool { return LessTerritory(rows[i].Territory, rows[j].Territory) })
	return rows, tally
}

// WorkbookLeft returns the rule reminders follow for year: whether pactd
// may remind a territory that its report is expected. When the record
// holds no send of year at all, the campaign was run by hand (before pactd
// sent workbooks): every territory may be reminded, as before. Once pactd
// sent workbooks for year, only a territory with a workbook accepted by
// the SMTP server may be: one whose workbook never left would be reminded
// of a file it never received.
func WorkbookLeft(sends []CampaignSend, year int) func(siren string) bool {
	any := false
	left := map[string]bool{}
	for _, s := range sends {
		if s.Year != year {
			continue
		}
		any = true
		if s.Accepted() {
			left[s.SIREN] = true
		}
	}
	if !any {
		return func(string) bool { return true }
	}
	return func(siren string) bool { return left[siren] }
}

// LastSend returns the newest send of the territory and year, or nil.
func LastSend(sends []CampaignSend, siren string, year int) *CampaignSend {
	var last *CampaignSend
	for i := range sends {
		if sends[i].SIREN == siren && sends[i].Year == year {
			if last == nil || !sends[i].CreatedAt.Before(last.CreatedAt) {
				last = &sends[i]
			}
		}
	}
	return last
}

// SiteVisitLister is what a store offers of the status site's visits
// (internal/sqlite and internal/postgres do): for siren, or every
// territory when "".
type SiteVisitLister interface {
	SiteVisits(ctx context.Context, siren string) ([]SiteVisit, error)
}
