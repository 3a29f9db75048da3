package reports

import "github.com/pactd/pactd/reconcile"

// ackSender is who the acknowledgment names as the sender: the From
// address of a mail (or pactd ingest --from), and for an upload on the
// status site the address of the person logged in, saying so.
func ackSender(o reconcile.Origin) string {
	if o.Kind == reconcile.OriginSite && o.Person != "" {
		return o.Person + " (dépôt sur le site)"
	}
	return o.Sender
}
