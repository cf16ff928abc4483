#!/usr/bin/env bash
# The replication benchmark of issue 15: commands/s and acknowledgement latency through an
# in-process primary (`hft-load --mode host`, no network) with its command log on NATS
# JetStream, against one server (stream replicas 1) and a 3-node loopback cluster (replicas
# 3); each run of hft-load also measures the same load without replication (the baseline).
# Two kinds of run, RUNS of each per setup:
# - throughput: IN_FLIGHT commands in flight, unpaced: commands/s (the latency there is
#   mostly queueing behind the in-flight window);
# - latency: the same workers paced at LATENCY_RATE commands/s in all (0: none of these
#   runs), below what either setup sustains: p50 and p99, and what replication adds.
# Then every run's figures and the medians.
#
#   Benchmarks/replication.sh     # DURATION=10 IN_FLIGHT=256 LATENCY_RATE=10000 RUNS=3 CONFIG=Examples/hft-venue.json
#   DURATION=5 RUNS=1 Benchmarks/replication.sh
#
# Starts its own nats-server processes (Debian's nats-server) on free loopback ports, with
# their stores and logs in a temporary directory; stops them and removes it on every exit.
# Needs nats-server, libnats-dev (the NATS trait of the build), curl and jq.
set -euo pipefail
cd "$(dirname "$0")/.."

duration=${DURATION:-10}
in_flight=${IN_FLIGHT:-256}
latency_rate=${LATENCY_RATE:-10000}
runs=${RUNS:-3}
config=${CONFIG:-Examples/hft-venue.json}

nats=$(command -v nats-server || echo /usr/sbin/nats-server)
if [ ! -x "$nats" ]; then
    echo "nats-server is missing: apt-get install nats-server libnats-dev" >&2
    exit 1
fi
for tool in curl jq; do
    command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install $tool" >&2; exit 1; }
done

swift build -c release --product hft-load
load=.build/release/hft-load

work=$(mktemp -d "${TMPDIR:-/tmp}/hft-replication-bench.XXXXXX")
pids=()
stop_servers() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    pids=()
}
cleanup() {
    stop_servers
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# free_port VAR: sets VAR to a loopback port nothing listens on, not handed out before.
used=" "
free_port() {
    local candidate
    while :; do
        candidate=$((20000 + RANDOM % 40000))
        case "$used" in *" $candidate "*) continue ;; esac
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
            used+="$candidate "
            printf -v "$1" '%s' "$candidate"
            return
        fi
    done
}

# start_node NAME CLIENT_PORT MONITOR_PORT [CLUSTER_PORT ROUTES]: one nats-server with JetStream.
start_node() {
    local name=$1 port=$2 monitor=$3
    local args=(-js -a 127.0.0.1 -p "$port" -m "$monitor" -sd "$work/$name" -n "$name")
    if [ $# -ge 5 ]; then args+=(--cluster_name hft --cluster "nats://127.0.0.1:$4" --routes "$5"); fi
    "$nats" "${args[@]}" >"$work/$name.log" 2>&1 &
    pids+=($!)
}

# Waits until every monitoring port's /healthz answers ok (JetStream up and, in a cluster,
# in contact with a metadata leader).
wait_healthy() {
    local monitor
    for monitor in "$@"; do
        for attempt in $(seq 1 120); do
            if curl -fsS "http://127.0.0.1:$monitor/healthz" >/dev/null 2>&1; then break; fi
            if [ "$attempt" -eq 120 ]; then
                echo "nats-server on monitoring port $monitor did not become healthy; logs in $work" >&2
                tail -20 "$work"/*.log >&2
                exit 1
            fi
            sleep 0.5
        done
    done
}

# load REPLICAS URLS RATE [hft-load options]: one run of hft-load against the log.
load() {
    local replicas=$1 urls=$2 rate=$3
    shift 3
    "$load" --mode host --config "$config" --in-flight "$in_flight" --rate "$rate" \
        --replicate "$urls" --stream-replicas "$replicas" "$@"
}

# measure REPLICAS URLS: a short warm-up (retried while the cluster settles), then RUNS
# throughput runs and RUNS latency runs; each run's JSON is R<replicas>-<kind>-<n>.json.
measure() {
    local replicas=$1 urls=$2 attempt i
    for attempt in 1 2 3 4 5; do
        if load "$replicas" "$urls" 0 --duration 1 >"$work/warmup.txt" 2>&1; then break; fi
        if [ "$attempt" -eq 5 ]; then cat "$work/warmup.txt" >&2; exit 1; fi
        sleep 2
    done
    echo "== R$replicas ($urls); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    for i in $(seq 1 "$runs"); do
        echo "-- R$replicas throughput run $i"
        load "$replicas" "$urls" 0 --duration "$duration" --json "$work/R$replicas-throughput-$i.json"
    done
    if [ "$latency_rate" -gt 0 ]; then
        for i in $(seq 1 "$runs"); do
            echo "-- R$replicas latency run $i"
            load "$replicas" "$urls" "$latency_rate" --duration "$duration" --json "$work/R$replicas-latency-$i.json"
        done
    fi
    echo "load average after R$replicas: $(cut -d' ' -f1-3 /proc/loadavg)"
}

free_port port
free_port monitor
start_node single "$port" "$monitor"
wait_healthy "$monitor"
measure 1 "nats://127.0.0.1:$port"
stop_servers

ports=() monitors=() routes=()
for n in 0 1 2; do
    free_port port
    free_port monitor
    free_port route
    ports+=("$port") monitors+=("$monitor") routes+=("$route")
done
for n in 0 1 2; do
    others=()
    for m in 0 1 2; do
        if [ "$m" -ne "$n" ]; then others+=("nats://127.0.0.1:${routes[$m]}"); fi
    done
    start_node "node$((n + 1))" "${ports[$n]}" "${monitors[$n]}" "${routes[$n]}" "$(IFS=,; echo "${others[*]}")"
done
wait_healthy "${monitors[@]}"
measure 3 "$(printf 'nats://127.0.0.1:%s,' "${ports[@]}" | sed 's/,$//')"
stop_servers

# table KIND: one row per run of that kind.
table() {
    printf '%-16s %10s %8s %8s %10s %8s %8s %9s %9s\n' run "base cmd/s" p50 p99 "repl cmd/s" p50 p99 "added p50" "added p99"
    for file in "$work"/R*-"$1"-*.json; do
        jq -r --arg run "$(basename "$file" .json)" '[$run,
            .baseline.ordersPerSecond, .baseline.p50Microseconds, .baseline.p99Microseconds,
            .replicated.run.ordersPerSecond, .replicated.run.p50Microseconds, .replicated.run.p99Microseconds,
            .replicated.addedP50Microseconds, .replicated.addedP99Microseconds] | @tsv' "$file"
    done | while IFS=$'\t' read -r run a b c d e f g h; do
        printf '%-16s %10.0f %8.0f %8.0f %10.0f %8.0f %8.0f %+9.0f %+9.0f\n' "$run" "$a" "$b" "$c" "$d" "$e" "$f" "$g" "$h"
    done
}

# medians KIND: the medians of that kind's runs, the baseline's over both setups.
medians() {
    local median='def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;'
    local figures='"\(map(.ordersPerSecond) | median | round) commands/s, p50 \(map(.p50Microseconds) | median | round) µs, p99 \(map(.p99Microseconds) | median | round) µs"'
    jq -s -r "$median"' "baseline (\(length) runs): \(map(.baseline) | '"$figures"')"' "$work"/R*-"$1"-*.json
    for replicas in 1 3; do
        jq -s -r "$median"' "R'"$replicas"' (\(length) runs): \(map(.replicated.run) | '"$figures"'); added p50 \(map(.replicated.addedP50Microseconds) | median | round) µs, p99 \(map(.replicated.addedP99Microseconds) | median | round) µs"' "$work"/R"$replicas"-"$1"-*.json
    done
}

echo
echo "== throughput: $in_flight in flight, unpaced (commands/s; ack latency µs)"
table throughput
medians throughput
if [ "$latency_rate" -gt 0 ]; then
    echo
    echo "== latency: $in_flight in flight, paced at $latency_rate commands/s (commands/s; ack latency µs)"
    table latency
    medians latency
fi
