/// `--compare`: each suite's ns/op as a ratio to a baseline run, and the regressions.
enum BaselineComparison {
    /// Prints one line per suite found in both runs and returns the number of
    /// regressions: a suite more than `maxSlowdownPercent` slower than the baseline, or
    /// one that allocates where the baseline did not.
    static func compare(_ results: [SuiteResult], with baseline: [SuiteResult], maxSlowdownPercent: Double) -> Int {
        let base = Dictionary(baseline.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var regressions = 0
        print("\ncomparison with baseline (ratio = ns/op now / ns/op baseline; limit +\(maxSlowdownPercent)%):")
        for r in results {
            guard let b = base[r.name] else {
                print("  \(ResultTable.pad(r.name, 36, left: true))  new suite, no baseline")
                continue
            }
            let ratio = b.nsPerOp > 0 ? r.nsPerOp / b.nsPerOp : 1
            var problems: [String] = []
            if ratio > 1 + maxSlowdownPercent / 100 { problems.append("SLOWER") }
            if let now = r.allocsPerOp, now > 0, (b.allocsPerOp ?? 0) == 0 { problems.append("ALLOCATES") }
            regressions += problems.count
            let verdict = problems.isEmpty ? "ok" : problems.joined(separator: ", ")
            print("  \(ResultTable.pad(r.name, 36, left: true))  \(ResultTable.format1(ratio, 3))x  \(verdict)")
        }
        print(regressions == 0 ? "no regressions" : "\(regressions) regression(s)")
        return regressions
    }
}
