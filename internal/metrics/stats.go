package metrics

import (
	"context"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Stats are the figures read from the database at each scrape. Zero values
// are exported as zero; nil maps export nothing.
type Stats struct {
	// ReceiptsByOrigin counts receptions of workbooks per origin kind
	// (email, dossier, commande), duplicates included.
	ReceiptsByOrigin map[string]int
	// SubmissionsByVerdict counts distinct stored files per verdict.
	SubmissionsByVerdict map[string]int
	// FindingsByCode counts the findings of stored submissions per code.
	FindingsByCode map[string]int
	// QuarantineByOrigin counts files and messages set aside per origin.
	QuarantineByOrigin map[string]int
	// OutboxPending counts messages waiting to be sent (retries included),
	// OutboxFailed those given up on.
	OutboxPending, OutboxFailed int
	// LastIntake is when the newest reception was recorded (zero: never).
	LastIntake time.Time
	// LastRuns gives, per job and outcome, when its newest run ended.
	LastRuns map[string]map[string]time.Time
}

// StatsFunc computes Stats; it is called at every scrape with a deadline.
type StatsFunc func(ctx context.Context) (Stats, error)

// statsCollector exports Stats as gauges and counters at scrape time. It
// reuses figures younger than maxAge, so that frequent scrapes (or several
// Prometheus servers) do not read the whole database each time.
type statsCollector struct {
	stats   StatsFunc
	timeout time.Duration
	maxAge  time.Duration

	mu   sync.Mutex
	last Stats
	at   time.Time
}

// read returns fresh enough figures.
func (c *statsCollector) read() (Stats, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at.IsZero() && time.Since(c.at) < c.maxAge {
		return c.last, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	s, err := c.stats(ctx)
	if err != nil {
		return Stats{}, err
	}
	c.last, c.at = s, time.Now()
	return s, nil
}

var (
	descUp = prometheus.NewDesc(namespace+"_database_up",
		"1 when the figures below could be read from the database at this scrape, 0 otherwise.", nil, nil)
	descReceipts = prometheus.NewDesc(namespace+"_receipts_total",
		"Receptions of workbooks recorded in the database, by origin (email, dossier, commande).", []string{"origin"}, nil)
	descSubmissions = prometheus.NewDesc(namespace+"_submissions",
		"Distinct submitted files in the database, by verdict (accepted, rejected).", []string{"verdict"}, nil)
	descFindings = prometheus.NewDesc(namespace+"_findings",
		"Findings of the submissions in the database, by finding code.", []string{"code"}, nil)
	descQuarantine = prometheus.NewDesc(namespace+"_quarantine_total",
		"Files and messages set aside for a person, by origin.", []string{"origin"}, nil)
	descOutbox = prometheus.NewDesc(namespace+"_outbox_messages",
		"Messages of the outbox not sent, by state (pending, failed).", []string{"state"}, nil)
	descLastIntake = prometheus.NewDesc(namespace+"_last_intake_timestamp_seconds",
		"When the newest reception of a workbook was recorded, as a Unix time.", nil, nil)
	descLastRun = prometheus.NewDesc(namespace+"_schedule_last_run_timestamp_seconds",
		"When the newest run of each job ended, by outcome, as recorded in the database.", []string{"job", "outcome"}, nil)
)

// Describe implements prometheus.Collector.
func (c *statsCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descUp, descReceipts, descSubmissions, descFindings,
		descQuarantine, descOutbox, descLastIntake, descLastRun} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c *statsCollector) Collect(ch chan<- prometheus.Metric) {
	s, err := c.read()
	if err != nil {
		ch <- prometheus.MustNewConstMetric(descUp, prometheus.GaugeValue, 0)
		return
	}
	ch <- prometheus.MustNewConstMetric(descUp, prometheus.GaugeValue, 1)
	counts := []struct {
		desc *prometheus.Desc
		kind prometheus.ValueType
		m    map[string]int
	}{
		{descReceipts, prometheus.CounterValue, s.ReceiptsByOrigin},
		{descSubmissions, prometheus.GaugeValue, s.SubmissionsByVerdict},
		{descFindings, prometheus.GaugeValue, s.FindingsByCode},
		{descQuarantine, prometheus.CounterValue, s.QuarantineByOrigin},
	}
	for _, k := range counts {
		for label, n := range k.m {
			ch <- prometheus.MustNewConstMetric(k.desc, k.kind, float64(n), label)
		}
	}
	ch <- prometheus.MustNewConstMetric(descOutbox, prometheus.GaugeValue, float64(s.OutboxPending), "pending")
	ch <- prometheus.MustNewConstMetric(descOutbox, prometheus.GaugeValue, float64(s.OutboxFailed), "failed")
	if !s.LastIntake.IsZero() {
		ch <- prometheus.MustNewConstMetric(descLastIntake, prometheus.GaugeValue, unix(s.LastIntake))
	}
	for job, byOutcome := range s.LastRuns {
		for outcome, t := range byOutcome {
			ch <- prometheus.MustNewConstMetric(descLastRun, prometheus.GaugeValue, unix(t), job, outcome)
		}
	}
}

func unix(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }
