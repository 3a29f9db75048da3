package reconcile

import "fmt"

// checkDeadline raises TRANSMISSION_TARDIVE when the file arrived after the
// reporting deadline of its year (the end of that day in Paris). An unknown
// reception time (zero) checks nothing.
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
		Code: TransmissionTardive, Expected: TextValue(formatDate(deadline)), Actual: TextValue(formatDateTime(at)),
		Message: fmt.Sprintf("Le rapport %d a été reçu le %s, après la date limite du %s : il est enregistré, "+
			"mais son retard figurera dans le rapport hebdomadaire.", k.year, formatDateTime(at), formatDate(deadline)),
	})
}
