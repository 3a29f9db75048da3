package reconcile

import (
	"fmt"
	"sort"
	"time"
)

// Statuses returns where each territory stands for year: one
// ReportingStatus per contract of reg covering the year, sorted by SIREN.
// subs are the stored submissions (any territory and year; others are
// ignored) and receipts their receptions (receipts of other submissions are
// ignored). The counted submission is the newest accepted one by
// ReceivedAt (the higher ID on a tie), Latest the newest of all. Late and
// Missing follow ReportingStatus's doc, judged at now against
// reg.Deadline(year). A nil reg gives nothing.
func Statuses(reg *Register, subs []Submission, receipts []Receipt, year int, now time.Time) []ReportingStatus {
	if reg == nil {
		return nil
	}
	bySIREN := make(map[string][]*Submission)
	subSIREN := make(map[int64]string)
	for i := range subs {
		s := &subs[i]
		if s.Year != year || s.SIREN == "" {
			continue
		}
		bySIREN[s.SIREN] = append(bySIREN[s.SIREN], s)
		subSIREN[s.ID] = s.SIREN
	}
	receiptCount := make(map[string]int)
	for _, r := range receipts {
		if siren, ok := subSIREN[r.SubmissionID]; ok {
			receiptCount[siren]++
		}
	}
	deadline := reg.Deadline(year)
	var out []ReportingStatus
	for i := range reg.Contracts {
		c := &reg.Contracts[i]
		if !c.Covers(year) {
			continue
		}
		st := ReportingStatus{Territory: c.Territory, Year: year, Deadline: deadline, Expected: true,
			Receipts: receiptCount[c.Territory.SIREN]}
		for _, s := range bySIREN[c.Territory.SIREN] {
			st.Submissions++
			if s.Verdict == Accepted {
				st.Accepted++
				if newer(s, st.Counted) {
					st.Counted = s
				}
			} else {
				st.Rejected++
			}
			if newer(s, st.Latest) {
				st.Latest = s
			}
		}
		passed := now.After(deadline)
		st.Missing = st.Counted == nil && passed
		st.Late = st.Missing || (st.Counted != nil && st.Counted.ReceivedAt.After(deadline))
		out = append(out, st)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Territory.SIREN < out[j].Territory.SIREN })
	return out
}

// newer reports whether s was received after cur (nil counts as older); on
// equal times the higher ID, stored later, wins.
func newer(s, cur *Submission) bool {
	if cur == nil {
		return true
	}
	if !s.ReceivedAt.Equal(cur.ReceivedAt) {
		return s.ReceivedAt.After(cur.ReceivedAt)
	}
	return s.ID > cur.ID
}

// MissingReports returns a RAPPORT_MANQUANT finding for every status whose
// deadline has passed with nothing accepted (Missing), in the order given.
func MissingReports(statuses []ReportingStatus) []Finding {
	var out []Finding
	for _, st := range statuses {
		if !st.Missing {
			continue
		}
		received := "aucun dépôt n'a été reçu"
		switch {
		case st.Submissions == 1:
			received = "le seul dépôt reçu a été rejeté"
		case st.Submissions > 1:
			received = fmt.Sprintf("les %d dépôts reçus ont tous été rejetés", st.Submissions)
		}
		f := NewFinding(RapportManquant, fmt.Sprintf("%s n'a aucun rapport accepté pour %d alors que la date limite "+
			"du %s est passée (%s) : relancez la collectivité.",
			capitalize(territoryName(st.Territory)), st.Year, FormatDate(st.Deadline), received))
		f.SIREN, f.Year = st.Territory.SIREN, st.Year
		f.Expected = TextValue(FormatDate(st.Deadline))
		out = append(out, f)
	}
	return out
}

// capitalize upper-cases the first letter of an ASCII-initial phrase
// ("la collectivité" gives "La collectivité").
func capitalize(s string) string {
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}
