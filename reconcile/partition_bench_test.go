package reconcile_test

import (
	"testing"
	"time"

	"github.com/pactd/pactd/reconcile"
)

// BenchmarkPartitionYear places 121 territories from 480 submissions and
// 40 quarantined files, the size of a national season.
func BenchmarkPartitionYear(b *testing.B) {
	reg := &reconcile.Register{}
	base := testRegister().Contracts[0]
	var subs []reconcile.Submission
	var receipts []reconcile.Receipt
	var quarantine []reconcile.QuarantineEntry
	for i := 0; i < 121; i++ {
		c := base
		c.Territory.SIREN = luhnSIREN(100000000 + i*37)
		reg.Contracts = append(reg.Contracts, c)
		for k := 0; k < 4; k++ {
			id := int64(len(subs) + 1)
			v := reconcile.Rejected
			if k == 3 && i%5 != 0 {
				v = reconcile.Accepted
			}
			at := time.Date(2026, time.March, 1+k*7, i%24, 0, 0, 0, reconcile.Paris)
			subs = append(subs, reconcile.Submission{ID: id, SIREN: c.Territory.SIREN, Year: 2025, Verdict: v, ReceivedAt: at})
			receipts = append(receipts, reconcile.Receipt{SubmissionID: id, ReceivedAt: at})
		}
		if i%3 == 0 {
			quarantine = append(quarantine, reconcile.QuarantineEntry{ID: int64(i), FileName: "CLS_2025_" + c.Territory.SIREN + "_x.xls",
				ReceivedAt: time.Date(2026, time.March, 20, 9, 0, 0, 0, reconcile.Paris)})
		}
	}
	reg.Sort()
	now := time.Date(2026, time.April, 6, 8, 0, 0, 0, reconcile.Paris)
	b.ReportAllocs()
	for b.Loop() {
		p := reconcile.PartitionYear(reg, subs, receipts, quarantine, 2025, now)
		if p.Tally.Expected != 121 {
			b.Fatal(p.Tally)
		}
	}
}
