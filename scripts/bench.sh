#!/usr/bin/env bash
# Prints the speed and memory figures recorded in docs/BENCHMARKS.md: every
# Go benchmark of the project (parser, generator, rules, store, reports,
# intake), with the machine they ran on. Usage: scripts/bench.sh [go test -bench regexp]
set -euo pipefail
cd "$(dirname "$0")/.."
pattern=${1:-.}
bash scripts/mailtest.sh start >/dev/null            # the intake benchmark reads a real Dovecot mailbox
export PACTD_TEST_MAIL=1
PACTD_TEST_POSTGRES_URL=$(bash scripts/postgres-test.sh)
export PACTD_TEST_POSTGRES_URL
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(go version | cut -d' ' -f3-)"
echo "# $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/{print $2}') GiB"
go test -run='^$' -bench="$pattern" -benchmem -count=1 ./... 2>&1 | grep -E '^(Benchmark|ok|FAIL|pkg:)' | grep -v '^ok.*no test files'
