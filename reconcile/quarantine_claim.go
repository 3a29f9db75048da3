package reconcile

import "time"

// A file set aside (QuarantineEntry) was never recorded as a submission,
// yet it often says whose it is: the workbook named its SIREN when it
// could be read, and the file name carries it otherwise, as every
// pre-filled workbook is named CLS_<année>_<SIREN>_<nom>.xlsx. The status
// of the territory must show that it sent something.

// ClaimedSIREN returns the SIREN a quarantined file is about: the one the
// workbook holds when it could be read, else the first nine-digit number of
// the file name that is a valid SIREN, else "".
func (q QuarantineEntry) ClaimedSIREN() string {
	if s := q.workbookSIREN(); s != "" {
		return s
	}
	return SIRENFromFileName(q.FileName)
}

// workbookSIREN is the SIREN read from the workbook, by the entry or by
// one of its findings, or "".
func (q QuarantineEntry) workbookSIREN() string {
	if q.SIREN != "" {
		return q.SIREN
	}
	for _, f := range q.Findings {
		if f.SIREN != "" {
			return f.SIREN
		}
	}
	return ""
}

// SIRENFromName reports whether ClaimedSIREN comes from the file name
// rather than from the workbook itself, for a notice to say so.
func (q QuarantineEntry) SIRENFromName() bool {
	return q.workbookSIREN() == "" && SIRENFromFileName(q.FileName) != ""
}

// ClaimedYear returns the reporting year a quarantined file is about: the
// workbook's when read, else a year of the contracts in the file name
// ("CLS_2025_…"), else the year being collected when it arrived (the year
// before its reception in Paris, within the contract years).
func (q QuarantineEntry) ClaimedYear() int {
	for _, f := range q.Findings {
		if f.Year != 0 {
			return f.Year
		}
	}
	if y := YearFromFileName(q.FileName); y != 0 {
		return y
	}
	return CollectedYear(q.ReceivedAt)
}

// CollectedYear returns the reporting year being collected at t: the
// previous calendar year in Paris, kept within FirstYear..LastYear.
func CollectedYear(t time.Time) int {
	return min(max(t.In(Paris).Year()-1, FirstYear), LastYear)
}

// SIRENFromFileName returns the first run of exactly nine digits in name
// that is a valid SIREN (Luhn), or "".
func SIRENFromFileName(name string) string {
	for _, run := range digitRuns(name) {
		if len(run) == 9 && ValidSIREN(run) {
			return run
		}
	}
	return ""
}

// YearFromFileName returns the first run of exactly four digits in name
// that is a contract year, or 0.
func YearFromFileName(name string) int {
	for _, run := range digitRuns(name) {
		if len(run) != 4 {
			continue
		}
		y := int(run[0]-'0')*1000 + int(run[1]-'0')*100 + int(run[2]-'0')*10 + int(run[3]-'0')
		if y >= FirstYear && y <= LastYear {
			return y
		}
	}
	return 0
}

// digitRuns returns the maximal runs of ASCII digits of s, in order.
func digitRuns(s string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		digit := i < len(s) && s[i] >= '0' && s[i] <= '9'
		switch {
		case digit && start < 0:
			start = i
		case !digit && start >= 0:
			out = append(out, s[start:i])
			start = -1
		}
	}
	return out
}
