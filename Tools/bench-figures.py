#!/usr/bin/env python3
"""Turns one or more `hft-bench --json` reports into the README's figures table.

    swift run -c release hft-bench --json run1.json   # repeat for run2, run3, ...
    Tools/bench-figures.py run1.json run2.json run3.json

For every suite: the median over the runs of each run's median ns/op (each run already
reports the median of its timed repetitions), the spread of those run medians, ops/s, the
latency percentiles and allocations of the median run, and the issue's target.
"""
import json
import statistics
import sys

# The targets the issues set on the project's 2-core machine (ns per operation unless noted).
TARGETS = {
    "primitives.pool": "≤ 3 ns",
    "primitives.idmap.find@50%": "≤ 10 ns",
    "primitives.ring.push+pop": "≤ 10 ns",
    "primitives.ladder.next.sparse": "≤ 5 ns",
    "primitives.ladder.next.dense": "≤ 5 ns",
    "matching.liquibook": "≥ 9M orders/s, p99.9 ≤ 1 µs",
    "matching.mix": "≥ 10M ops/s",
    "matching.add": "≤ 50 ns (issue 16: ≤ 40 ns)",
    "matching.cancel": "≤ 40 ns (issue 16: ≤ 120 ns)",
    "matching.cancel.pipelined": "issue 16: ≤ 120 ns",
    "matching.sweep": "≤ 500 ns (issue 16: ≤ 600 ns)",
    "options.greeks.scalar": "≤ 30 ns (issue 16: ≤ 35 ns)",
    "options.greeks.batch": "≤ 5 ns (issue 16: ≤ 6 ns)",
    "options.iv.ordinary": "≤ 100 ns (issue 16: ≤ 110 ns)",
    "risk.pretrade": "≤ 20 ns",
    "risk.clearing": "≤ 30 ns (issue 16: ≤ 35 ns)",
    "perp.mark": "≤ 20 ns",
    "perp.funding": "≤ 200 µs (issue 16: ≤ 120 µs)",
    "risk.margin": "≤ 50 ns",
    "liquidation.scan": "≤ 0.5 ms (1 thread; issue 16: ≤ 0.4 ms)",
    "liquidation.scan@2t": "≤ 0.3 ms (2 threads; issue 16: ≤ 0.25 ms)",
    "liquidation.trigger": "≤ 100 ns",
    "journal.append": "≥ 20M records/s",
    "journal.replay": "≥ 5M commands/s (issue 16: ≥ 8M/s)",
    "journal.recover": "≤ 3 s (10M-command log)",
    "venue.order.rest": "≤ 150 ns",
    "venue.order.fill": "≤ 300 ns",
    "venue.replay": "≥ 5M commands/s",
}


def fmt(ns):
    if ns is None:
        return "-"
    if ns >= 1_000_000:
        return f"{ns / 1_000_000:.2f} ms"
    if ns >= 10_000:
        return f"{ns / 1000:.1f} µs"
    if ns >= 100:
        return f"{ns:.0f} ns"
    return f"{ns:.3g} ns"


def rate(per_sec):
    if per_sec >= 1e6:
        return f"{per_sec / 1e6:.1f}M"
    if per_sec >= 1e3:
        return f"{per_sec / 1e3:.1f}K"
    return f"{per_sec:.0f}"


def main(paths):
    reports = [json.load(open(p)) for p in paths]
    names = []
    for r in reports:
        for s in r["suites"]:
            if s["name"] not in names:
                names.append(s["name"])
    machine = reports[0]["machine"]
    print(f"Measured {reports[0]['date'][:10]} on {machine['cpu']}, {machine['logicalCores']} cores, "
          f"{machine['os']}; release build; each figure is the median over {len(reports)} runs of "
          f"`hft-bench` (each run: the median of {reports[0].get('repetitions', '?')} timed repetitions).\n")
    print("| suite | ns/op (median) | spread of runs | ops/s | p50 | p99 | p99.9 | allocs/op | target |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for name in names:
        runs = sorted((s for r in reports for s in r["suites"] if s["name"] == name),
                      key=lambda s: s["nsPerOp"])
        mid = runs[len(runs) // 2]
        median = statistics.median(s["nsPerOp"] for s in runs)
        spread = f"{fmt(runs[0]['nsPerOp'])} – {fmt(runs[-1]['nsPerOp'])}" if len(runs) > 1 else "-"
        allocs = mid["allocsPerOp"]
        allocs = "-" if allocs is None else (f"{allocs:.0f}" if allocs == 0 else f"{allocs:.3g}")
        print(f"| `{name}` | {fmt(median)} | {spread} | {rate(1e9 / median)} | {fmt(mid['p50Ns'])} | "
              f"{fmt(mid['p99Ns'])} | {fmt(mid['p999Ns'])} | {allocs} | {TARGETS.get(name, '')} |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: Tools/bench-figures.py report.json [report.json ...]")
    main(sys.argv[1:])
