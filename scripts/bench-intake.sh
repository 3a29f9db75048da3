#!/usr/bin/env bash
# The intake's figures of docs/BENCHMARKS.md, measured in one run and printed
# side by side: openpyxl read-only merely reading 1,000 distinct filled
# workbooks, pactd ingest --dry-run on the same files, the same files through
# the watched folder of real pactd run processes (SQLite; PostgreSQL with one
# and two replicas), the daemons' peak RSS, and a deadline-day burst of 150
# mails through the loopback Postfix and Dovecot, from SMTP acceptance to each
# acknowledgment accepted by Postfix.
#
# Usage (root, on Debian 12; installs what is missing):
#   scripts/bench-intake.sh            # 1,000 files, 150 mails
#   PACTD_BENCH_FILES=200 PACTD_BENCH_MAILS=50 PACTD_BENCH_ROUNDS=1 scripts/bench-intake.sh
# The workbooks are filled once by openpyxl (about 6 minutes on 2 cores) and
# kept in $PACTD_BENCH_DIR (default /tmp/pactd-bench-files). The folder runs
# work under $PACTD_BENCH_WORK; by default /var/tmp/pactd-bench-work, with an
# ext4 file system of its own mounted there (a loop device, 4 GiB sparse, with
# a journal) as an operator's data disk is: on a file system without a journal
# file creation is slowed by the files deleted in the minutes before, by
# builds and by the previous run (docs/BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS="python3-openpyxl"
missing=$(for p in $PKGS; do dpkg-query -W -f='${db:Status-Abbrev}\n' "$p" 2>/dev/null | grep -q '^ii' || echo "$p"; done)
if [ -n "$missing" ]; then
  echo "== installing:" $missing >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >/dev/null
fi
PACTD_TEST_POSTGRES_URL=$(bash scripts/postgres-test.sh)
export PACTD_TEST_POSTGRES_URL

out=$(mktemp)
mounted=
cleanup() {
  rm -f "$out"
  if [ -n "$mounted" ]; then umount "$mounted" || true; fi
}
trap cleanup EXIT
if [ -z "${PACTD_BENCH_WORK:-}" ]; then
  PACTD_BENCH_WORK=/var/tmp/pactd-bench-work
  if [ "$(id -u)" = 0 ] && ! mountpoint -q "$PACTD_BENCH_WORK"; then
    img=/var/tmp/pactd-bench-work.img
    mkdir -p "$PACTD_BENCH_WORK"
    if { [ -f "$img" ] || { truncate -s 4G "$img" && mkfs.ext4 -q -F "$img"; }; } &&
      mount -o loop "$img" "$PACTD_BENCH_WORK" 2>/dev/null; then
      mounted=$PACTD_BENCH_WORK
    else
      echo "# no loop device: the folder runs work in $PACTD_BENCH_WORK on the root file system" >&2
    fi
  fi
fi
export PACTD_BENCH_WORK
machine() {
  echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(go version | cut -d' ' -f3-), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/{print $2}') GiB"
}
load() { echo "# load average $1: $(cut -d' ' -f1-3 /proc/loadavg)"; }
machine
echo "# folder runs in $PACTD_BENCH_WORK: $(findmnt -no SOURCE,FSTYPE -T "$PACTD_BENCH_WORK" | tr -s ' ')"
load before
echo "# files, register, openpyxl, dry run, watched folder..." >&2
go test -run '^$' -bench '^BenchmarkIntake$' -benchtime 1x -timeout 90m ./ingest/e2e/ | tee -a "$out" >&2
load "after the folder"
echo "# mail burst (waiting for the mail lock)..." >&2
# The mail servers are shared: under the lock (held for the run only: the
# test binary is built before), start them (idempotent; it adds the burst
# accounts, which another branch's script may have dropped), then send the
# burst.
bin=$(mktemp -d)
go test -c -o "$bin/e2e.test" ./ingest/e2e/
(cd ingest/e2e && flock /tmp/pactd-mail.lock bash -c 'bash ../../scripts/mailtest.sh start >/dev/null &&
  PACTD_TEST_MAIL=1 "$0" -test.run "^$" -test.bench "^BenchmarkMailBurst$" -test.benchtime 1x -test.timeout 30m' "$bin/e2e.test") |
  tee -a "$out" >&2
rm -rf "$bin"
load "after the burst"

# metric LINE UNIT: the value reported before UNIT on a benchmark line.
# BenchmarkIntake measures everything PACTD_BENCH_ROUNDS times, in rounds:
# each row of the table is the round of median time, with the range of all.
awk '
function metric(line, unit,   n, f, i) {
  n = split(line, f, /[ \t]+/)
  for (i = 2; i <= n; i++) if (f[i] == unit) return f[i-1]
  return "-"
}
# mid(k): the index of the row of key k with the median time (the lower
# of the two middle ones for an even count), and lo[k], hi[k] the range.
function mid(k,   i, j, t, idx, n) {
  n = cnt[k]
  for (i = 1; i <= n; i++) idx[i] = i
  for (i = 2; i <= n; i++) for (j = i; j > 1 && secs[k, idx[j]] < secs[k, idx[j-1]]; j--) { t = idx[j]; idx[j] = idx[j-1]; idx[j-1] = t }
  lo[k] = secs[k, idx[1]]; hi[k] = secs[k, idx[n]]
  return idx[int((n + 1) / 2)]
}
function add(k, line) { cnt[k]++; rows[k, cnt[k]] = line; secs[k, cnt[k]] = metric(line, "s") + 0 }
/^BenchmarkIntake\/openpyxl/          { add("openpyxl", $0) }
/^BenchmarkIntake\/dry-run/           { add("dry", $0) }
/^BenchmarkIntake\/folder-sqlite/     { add("sqlite", $0) }
/^BenchmarkIntake\/folder-postgres-1/ { add("pg1", $0) }
/^BenchmarkIntake\/folder-postgres-2/ { add("pg2", $0) }
/^BenchmarkMailBurst/                 { burst = $0 }
END {
  printf "\n%-42s %9s %15s %9s %9s %10s %9s %9s\n", "intake of the same files (median of rounds)", "seconds", "range", "ms/file", "CPU s", "x openpyxl", "x (CPU)", "peak MiB"
  split("openpyxl dry sqlite pg1 pg2", keys, " ")
  name["openpyxl"] = "openpyxl read-only, every cell (yardstick)"
  name["dry"] = "pactd ingest --dry-run --json"
  name["sqlite"] = "watched folder, pactd run, SQLite"
  name["pg1"] = "watched folder, PostgreSQL, 1 replica"
  name["pg2"] = "watched folder, PostgreSQL, 2 replicas"
  if (cnt["openpyxl"] > 0) { l = rows["openpyxl", mid("openpyxl")]; ys = metric(l, "s"); yc = metric(l, "cpu-s") }
  for (k = 1; k <= 5; k++) {
    key = keys[k]
    if (cnt[key] == 0) { printf "%-42s %9s\n", name[key], "not run"; continue }
    l = rows[key, mid(key)]
    s = metric(l, "s"); ms = metric(l, "ms/file"); cpu = metric(l, "cpu-s")
    if (ms == "-" && metric(l, "files/s") != "-") ms = sprintf("%.2f", 1000 / metric(l, "files/s"))
    x = "-"; xc = "-"
    if (ys != "" && s > 0) x = sprintf("%.2f", ys / s)
    if (yc != "" && cpu > 0) xc = sprintf("%.2f", yc / cpu)
    peak = "-"
    for (i = 1; i <= cnt[key]; i++) { p = metric(rows[key, i], "MiB-peak-RSS"); if (p != "-" && (peak == "-" || p + 0 > peak + 0)) peak = p }
    printf "%-42s %9s %15s %9s %9s %10s %9s %9s\n", name[key], s, sprintf("%.2f-%.2f", lo[key], hi[key]), ms, cpu, x, xc, peak
  }
  if (cnt["pg1"] > 0 && cnt["pg1"] == cnt["pg2"]) {
    faster = 0; list = ""
    for (i = 1; i <= cnt["pg1"]; i++) {
      if (secs["pg2", i] < secs["pg1", i]) faster++
      list = list sprintf("%s%.2f s against %.2f", (i > 1 ? "; " : ""), secs["pg2", i], secs["pg1", i])
    }
    printf "two PostgreSQL replicas against one, round by round: faster in %d of %d rounds (%s)\n", faster, cnt["pg1"], list
  }
  if (burst != "") {
    printf "\n%-44s %10s %10s %12s %12s\n", "mail burst, SMTP acceptance to ack accepted", "median", "worst", "within 5 s", "peak RSS MiB"
    printf "%-44s %10s %10s %12s %12s\n", "  delivered into the mailbox by Postfix", metric(burst, "s-median-inbox"), metric(burst, "s-worst-inbox"), "", ""
    printf "%-44s %10s %10s %12s %12s\n", "  then pactd intake until the ack is queued", metric(burst, "s-median-intake"), metric(burst, "s-worst-intake"), "", ""
    printf "%-44s %10s %10s %12s %12s\n", "  queued in the outbox", metric(burst, "s-median-queued"), metric(burst, "s-worst-queued"), "", ""
    printf "%-44s %10s %10s %12s %12s\n", "  accepted by Postfix (as the outbox saw it)", metric(burst, "s-median-accepted"), metric(burst, "s-worst-accepted"), metric(burst, "acks-within-5s"), metric(burst, "MiB-peak-RSS")
    printf "%-44s %10s %10s %12s %12s\n", "  check: Postfix log of the ack, second + 1", metric(burst, "s-median-to"), metric(burst, "s-worst-to"), "", ""
  }
}' "$out"
