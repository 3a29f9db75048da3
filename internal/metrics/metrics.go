// Package metrics exposes pactd's Prometheus metrics on a registry of its
// own. Counts that must survive a restart (submissions, findings, receipts,
// the outbox, the last intake, the last runs of each job) are read from the
// database at every scrape through a StatsFunc; what only the running
// process knows (runs since start, messages fetched) is counted by the
// small methods other components call.
package metrics

import (
	"net/http"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/pactd/pactd/reconcile"
)

// namespace prefixes every metric of pactd.
const namespace = "pactd"

// StatsMaxAge is how long figures read from the database are reused by
// later scrapes.
const StatsMaxAge = 10 * time.Second

// Metrics holds pactd's collectors. Its methods are safe for concurrent use
// and do nothing on a nil *Metrics, so components may be built without one.
type Metrics struct {
	reg          *prometheus.Registry
	processed    *prometheus.CounterVec
	runs         *prometheus.CounterVec
	runDuration  *prometheus.HistogramVec
	lastRunEnded *prometheus.GaugeVec
}

// New returns the metrics of one pactd process: the Go runtime and process
// collectors, build information, the process counters, and the database
// figures stats computes at each scrape (nil: none). version is pactd's
// version ("" reads it from the binary's build information).
func New(version string, stats StatsFunc) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	m.processed = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace, Name: "intake_processed_total",
		Help: "Files run through the intake pipeline by this process, by source (email, dossier) and result (accepted, rejected, quarantined, error).",
	}, []string{"source", "result"})
	m.runs = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace, Name: "schedule_runs_total",
		Help: "Runs of scheduled jobs by this process, by job and outcome (success, failure, interrupted).",
	}, []string{"job", "outcome"})
	m.runDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: namespace, Name: "schedule_run_duration_seconds",
		Help:    "Duration of the runs of scheduled jobs.",
		Buckets: []float64{0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600},
	}, []string{"job"})
	m.lastRunEnded = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Namespace: namespace, Name: "schedule_last_run_end_timestamp_seconds",
		Help: "When the newest run of each job and outcome that this process ran ended, as a Unix time.",
	}, []string{"job", "outcome"})
	if version == "" {
		version = binaryVersion()
	}
	build := prometheus.NewGauge(prometheus.GaugeOpts{
		Namespace: namespace, Name: "build_info",
		Help:        "Build of the running pactd; always 1.",
		ConstLabels: prometheus.Labels{"version": version, "goversion": runtime.Version(), "revision": revision()},
	})
	build.Set(1)
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		build, m.processed, m.runs, m.runDuration, m.lastRunEnded,
	)
	if stats != nil {
		m.reg.MustRegister(&statsCollector{stats: stats, timeout: 5 * time.Second, maxAge: StatsMaxAge})
	}
	return m
}

// Registry returns the registry, for tests and extra collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the metrics in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

// IMAPCounts are the counters of one intake mailbox since the process
// started (ingest.IMAPSource.Stats).
type IMAPCounts struct {
	Fetched     int64 // messages whose parts were fetched
	Processed   int64 // messages moved to the processed folder
	Quarantined int64 // messages moved to the quarantine folder
	Errors      int64 // scans or sessions that failed
	// AuthFailures counts the messages quarantined because their sender
	// was not authenticated, by check (ingest.AuthCheck: "dmarc_failed",
	// "no_trusted_result", ...).
	AuthFailures map[string]int64
}

// AddIMAP exports the counters of an intake mailbox, labelled with its
// number in the configuration ("1", "2"; never its account, which
// /metrics must not show), read from counts at each scrape.
func (m *Metrics) AddIMAP(mailbox string, counts func() IMAPCounts) {
	if m == nil {
		return
	}
	m.reg.MustRegister(&imapCollector{mailbox: mailbox, counts: counts})
}

// Processed counts one file through the pipeline from source (an
// reconcile.OriginKind) with its result: "accepted", "rejected",
// "quarantined" or "error".
func (m *Metrics) Processed(source reconcile.OriginKind, result string) {
	if m == nil {
		return
	}
	m.processed.WithLabelValues(string(source), result).Inc()
}

// ScheduleRun counts the run r of a scheduled job once it has ended; it
// suits schedule.Scheduler.Observe.
func (m *Metrics) ScheduleRun(r reconcile.JobRun) {
	if m == nil {
		return
	}
	m.runs.WithLabelValues(r.Job, string(r.Outcome)).Inc()
	if !r.Finished.IsZero() && !r.Started.IsZero() {
		m.runDuration.WithLabelValues(r.Job).Observe(r.Finished.Sub(r.Started).Seconds())
		m.lastRunEnded.WithLabelValues(r.Job, string(r.Outcome)).Set(float64(r.Finished.Unix()))
	}
}

// binaryVersion returns the main module's version from the build
// information, or "dev".
func binaryVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// revision returns the VCS revision the binary was built from, or "".
func revision() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" {
			return s.Value
		}
	}
	return ""
}
