import AllocationCounter
import CCycleCounter

/// Runs one suite: warm-up, timed repetitions with allocation counting, then a latency
/// pass. The median of the repetitions is the reported ns/op.
struct SuiteRunner {
    let repetitions: Int
    let calibration: TimerCalibration

    func run(_ suite: any BenchmarkSuite, quick: Bool) -> SuiteResult {
        suite.setUp(quick: quick)
        defer { suite.tearDown() }
        let ops = suite.operationsPerBatch
        precondition(ops > 0, "\(suite.name): a batch must perform at least one operation")

        // Warm-up: caches, branch predictors, lazily built tables.
        for _ in 0..<2 {
            suite.prepareBatch()
            suite.runBatch()
        }

        var nsPerOp: [Double] = []
        nsPerOp.reserveCapacity(repetitions)
        var allocations: UInt64 = 0
        var bytes: UInt64 = 0
        var counted = AllocationCounter.isAvailable
        for _ in 0..<repetitions {
            suite.prepareBatch()
            let before = AllocationCounter.read()
            let t0 = hft_monotonic_ns()
            suite.runBatch()
            let t1 = hft_monotonic_ns()
            if let before, let after = AllocationCounter.read() {
                let delta = after.since(before)
                allocations &+= delta.allocations
                bytes &+= delta.bytes
            } else {
                counted = false
            }
            nsPerOp.append(Double(t1 &- t0) / Double(ops))
        }
        nsPerOp.sort()
        let median = nsPerOp[nsPerOp.count / 2]
        let timedOps = Double(ops * repetitions)

        var result = SuiteResult(
            name: suite.name, ops: ops, nsPerOp: median,
            nsPerOpMin: nsPerOp.first!, nsPerOpMax: nsPerOp.last!,
            opsPerSec: median > 0 ? 1e9 / median : 0,
            allocsPerOp: counted ? Double(allocations) / timedOps : nil,
            allocBytesPerOp: counted ? Double(bytes) / timedOps : nil)

        if suite.timesSingleOperations {
            var recorder = LatencyRecorder(histogram: LatencyHistogram())
            suite.prepareBatch()
            suite.runLatency(&recorder)
            let h = recorder.histogram
            if h.count > 0 {
                result.p50Ns = calibration.nanoseconds(fromCycles: h.cycles(atPercentile: 50))
                result.p99Ns = calibration.nanoseconds(fromCycles: h.cycles(atPercentile: 99))
                result.p999Ns = calibration.nanoseconds(fromCycles: h.cycles(atPercentile: 99.9))
                result.maxNs = calibration.nanoseconds(fromCycles: h.maxCycles)
            }
        }
        return result
    }
}
