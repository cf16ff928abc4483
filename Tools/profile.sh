#!/usr/bin/env bash
# Profiles one hft-bench suite with perf and prints the hottest functions, demangled.
#
#   Tools/profile.sh <suite-filter> [extra hft-bench options]
#
# Records with the software cpu-clock event (hardware counters are not available on
# every virtual machine), with call graphs; writes perf.data in the package root, then
# prints `perf report` through `swift demangle --simplified`, and `perf stat` counters.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
    echo "usage: Tools/profile.sh <suite-filter> [hft-bench options]" >&2
    exit 2
fi
filter=$1; shift
if ! command -v perf >/dev/null 2>&1; then
    echo "perf is missing: apt-get install linux-perf" >&2
    exit 1
fi
swift build -c release --product hft-bench
bench=.build/release/hft-bench
perf record -e cpu-clock -g -o perf.data -- "$bench" --filter "$filter" --repetitions 11 "$@"
perf report -i perf.data --no-children --percent-limit 1 --stdio 2>/dev/null \
    | swift demangle --simplified | head -120
echo
echo "== perf stat (software events; hardware counters where the machine has them)"
perf stat -e task-clock,context-switches,cpu-migrations,page-faults,cycles,instructions \
    -- "$bench" --filter "$filter" --repetitions 5 "$@" 2>&1 | tail -20
