#!/usr/bin/env bash
# The soak test of issue 13, long version, and its figures for
# docs/BENCHMARKS.md: two pactd run replicas on one PostgreSQL, then one
# process on SQLite, real Dovecot and Postfix on loopback, a few hundred
# messages and folder files with poison items among them, kill -9 of the
# replicas, Postfix stopped and IMAP logins refused for a while
# (internal/soak). Prints the machine, the load, and every figure the runs
# log: files per second through the folder with one and two replicas,
# recovery time after kill -9 of the mailbox reader, how /healthz followed
# each outage, duplicate deliveries.
#
# Usage (root, on Debian 12, with the servers of scripts/test.sh):
#   scripts/soak.sh                         # 250 messages + 250 files per run, fed over 10 min
#   SOAK_ITEMS=500 SOAK_DURATION=30m SOAK_KILLS=8 scripts/soak.sh
#   SOAK_RUN=TestSoakPostgres scripts/soak.sh   # one of the runs
#   SOAK_RUN=TestSoakFolderRate SOAK_RATE=300 scripts/soak.sh  # folder throughput only (no mail, no lock)
# The test takes /tmp/pactd-mail.lock itself (it stops Postfix and refuses
# logins on the shared servers), unless this script runs under flock.
set -euo pipefail
cd "$(dirname "$0")/.."

ITEMS=${SOAK_ITEMS:-250}
DURATION=${SOAK_DURATION:-10m}
KILLS=${SOAK_KILLS:-5}
LEASE=${SOAK_LEASE:-30s}
RATE=${SOAK_RATE:-300}
RUN=${SOAK_RUN:-TestSoak}

# Accounts other tests added (MAILTEST_USERS) are kept.
users=$(cut -d@ -f1 "${MAILTEST_DIR:-/tmp/mailtest}/users" 2>/dev/null | tr '\n' ' ' || true)
MAILTEST_USERS="${MAILTEST_USERS:-} $users" flock /tmp/pactd-mail.lock bash scripts/mailtest.sh start >&2
export PACTD_TEST_MAIL=1
PACTD_TEST_POSTGRES_URL=$(bash scripts/postgres-test.sh)
export PACTD_TEST_POSTGRES_URL

out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(go version | cut -d' ' -f3-), $(nproc) cores," \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/{print $2}') GiB"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# go test -run '$RUN' ./internal/soak/ -args -soak.items=$ITEMS -soak.duration=$DURATION -soak.kills=$KILLS -soak.lease=$LEASE -soak.rate=$RATE"
status=0
go test -count=1 -v -run "$RUN" -timeout 3h ./internal/soak/ -args -soak.items="$ITEMS" \
  -soak.duration="$DURATION" -soak.kills="$KILLS" -soak.lease="$LEASE" -soak.rate="$RATE" >"$out" 2>&1 || status=$?
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# The figures: the SOAK lines of each run, under the run's name.
awk '/^=== RUN/ {print "## " $3} /SOAK / {sub(/^ *[a-z_]+\.go:[0-9]+: /, ""); print "  " $0}
     /^(--- |ok|FAIL)/ {print}' "$out"
if [ "$status" != 0 ]; then
  echo "# the soak failed (exit $status); the failures:" >&2
  grep -E '^\s+[a-z_]+\.go:[0-9]+: ' "$out" | grep -v 'SOAK ' >&2 || true
fi
exit "$status"
