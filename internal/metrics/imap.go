package metrics

import "github.com/prometheus/client_golang/prometheus"

var (
	descFetched = prometheus.NewDesc(namespace+"_messages_fetched_total",
		"Messages fetched from an intake mailbox since the process started, by mailbox (its number in the configuration).", []string{"mailbox"}, nil)
	descMoved = prometheus.NewDesc(namespace+"_messages_moved_total",
		"Messages moved out of an intake mailbox since the process started, by mailbox (its number in the configuration) and folder (processed, quarantine).", []string{"mailbox", "folder"}, nil)
	descIMAPErrors = prometheus.NewDesc(namespace+"_imap_errors_total",
		"Failed scans or sessions of an intake mailbox since the process started, by mailbox (its number in the configuration).", []string{"mailbox"}, nil)
	descAuthFailures = prometheus.NewDesc(namespace+"_sender_auth_failures_total",
		"Messages of an intake mailbox quarantined since the process started because their sender was not authenticated, by mailbox (its number in the configuration) and failed check.", []string{"mailbox", "check"}, nil)
)

// imapCollector exports the counters of one mailbox.
type imapCollector struct {
	mailbox string // "1", "2": never the account, which /metrics must not show
	counts  func() IMAPCounts
}

// Describe implements prometheus.Collector.
func (c *imapCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- descFetched
	ch <- descMoved
	ch <- descIMAPErrors
	ch <- descAuthFailures
}

// Collect implements prometheus.Collector.
func (c *imapCollector) Collect(ch chan<- prometheus.Metric) {
	n := c.counts()
	ch <- prometheus.MustNewConstMetric(descFetched, prometheus.CounterValue, float64(n.Fetched), c.mailbox)
	ch <- prometheus.MustNewConstMetric(descMoved, prometheus.CounterValue, float64(n.Processed), c.mailbox, "processed")
	ch <- prometheus.MustNewConstMetric(descMoved, prometheus.CounterValue, float64(n.Quarantined), c.mailbox, "quarantine")
	ch <- prometheus.MustNewConstMetric(descIMAPErrors, prometheus.CounterValue, float64(n.Errors), c.mailbox)
	for check, v := range n.AuthFailures {
		ch <- prometheus.MustNewConstMetric(descAuthFailures, prometheus.CounterValue, float64(v), c.mailbox, check)
	}
}
