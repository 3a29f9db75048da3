package reconcile

import "fmt"

// checkDeadline raises TRANSMISSION_TARDIVE when the file arrived after the
// reporting deadline of its year (the end of that day in Paris). An unknown
// reception time (zero) checks nothing. The message states only facts: the
// same finding is shown by a dry run and for a file that is rejected or
// quarantined, which are not recorded as the year's report.
func (k *checker) checkDeadline() {
	at := k.in.ReceivedAt
	if at.IsZero() {
		return
	}
	deadline := k.in.Register.Deadline(k.year)
	if !at.After(deadline) {
		return
	}
	k.add(Finding{
		Code: TransmissionTardive, Expected: TextValue(FormatDate(deadline)), Actual: TextValue(FormatDateTime(at)),
		Message: fmt.Sprintf("Le rapport %d a été reçu le %s, après la date limite du %s : s'il est accepté, "+
			"il compte, mais comme transmis hors délai.", k.year, FormatDateTime(at), FormatDate(deadline)),
	})
}
