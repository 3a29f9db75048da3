#!/usr/bin/env bash
# Prints the speed and memory figures recorded in docs/BENCHMARKS.md: every
# Go benchmark of the project (parser, generator, rules, store, reports,
# intake), with the machine they ran on. Usage: scripts/bench.sh [go test -bench regexp]
set -euo pipefail
cd "$(dirname "$0")/.."
pattern=${1:-.}
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(go version | cut -d' ' -f3-)"
echo "# $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/{print $2}') GiB"
go test -run='^$' -bench="$pattern" -benchmem -benchtime=1x -count=1 ./... >/dev/null 2>&1 || true  # warm the build cache
go test -run='^$' -bench="$pattern" -benchmem -count=1 ./... 2>&1 | grep -E '^(Benchmark|ok|FAIL|pkg:)' | grep -v '^ok.*no test files'
