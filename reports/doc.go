// Package reports makes what people read: the weekly report of the central
// team (a PDF and an XLSX annex), the acknowledgment each sender receives (a
// PDF and the text of the reply), and the sender's own workbook annotated
// with the cells at fault.
//
// Everything here is pure rendering: it reads reconcile values handed in by
// the caller, never the clock, the store or the network, and the same data
// always gives the same bytes.
package reports
