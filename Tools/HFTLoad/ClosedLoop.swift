/// Closed-loop load: `workers` tasks, each with one request in flight at a time, until the
/// run's end, each paced at `rate` requests per second (0: as fast as the replies come).
/// Worker `w` sends requests number `w`, `w + workers`, `w + 2·workers`, …; paced workers
/// are spread evenly over the pacing interval.
enum ClosedLoop {
    /// Calls `request` with each worker's request numbers until `duration` seconds have
    /// passed (a worker whose `request` returns false stops early) and returns the time
    /// the run took.
    static func run(workers: Int, rate: Int, duration: Double,
                    request: @escaping @Sendable (_ n: Int) async -> Bool) async -> Duration {
        let start = ContinuousClock.now
        let end = start + .milliseconds(Int64(duration * 1_000))
        await withTaskGroup(of: Void.self) { group in
            for w in 0..<workers {
                group.addTask {
                    var pacer = Pacer(rate: rate, phase: Double(w) / Double(workers))
                    var n = w
                    while ContinuousClock.now < end {
                        await pacer.wait()
                        guard await request(n) else { return }
                        n += workers
                    }
                }
            }
        }
        return ContinuousClock.now - start
    }
}
