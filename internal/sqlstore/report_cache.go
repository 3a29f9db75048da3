package sqlstore

// reportCacheSize is how many reports a Store keeps (Store.reports, an
// lru.Cache by submission id): the counted report of each year of the
// territories whose files are coming in, which the multi-year rule reads
// for every file. A report of the real size takes about 25 KB: 128 of
// them, 3 MB, where 512 raised the daemon's peak RSS from 49 to 89 MiB on
// 1,000 files for little more CPU saved.
//
// A Store keeps the reports it recorded, as they were given to
// RecordSubmission, and those it decoded. A submission's report is written
// once, with the submission, and never changed (UpdateVerdict changes its
// findings and verdict only), so a kept report stays right for ever. A
// report kept as recorded is the one stored but for what its encoding
// normalises (invalid UTF-8 read back as U+FFFD, times read back in UTC),
// which the multi-year rule, its one reader, does not look at. The kept
// *reconcile.Report is shared by every caller: callers must not modify it.
const reportCacheSize = 128
