import CCycleCounter

/// How `hft-bench` turns cycle counts into nanoseconds, and what a timing costs.
///
/// - The cycle counter's frequency is measured against the monotonic clock over a fixed
///   interval at start-up (`cyclesPerNanosecond`).
/// - The cost of an empty `start()`/`stop()` pair is measured as the median of many
///   back-to-back pairs (`overheadCycles`) and subtracted from every latency sample
///   before percentiles are reported (a sample never goes below zero). Throughput figures
///   (ns/op) time a whole batch with the monotonic clock, so the timer's cost there is
///   two clock reads per batch of thousands of operations: negligible.
struct TimerCalibration {
    let cyclesPerNanosecond: Double
    let overheadCycles: UInt64

    static func measure(quick: Bool) -> TimerCalibration {
        let intervalNs: UInt64 = quick ? 20_000_000 : 100_000_000
        let c0 = hft_cycles(), t0 = hft_monotonic_ns()
        var t1 = t0
        while t1 &- t0 < intervalNs { t1 = hft_monotonic_ns() }
        let c1 = hft_cycles()
        let perNs = hft_has_cycle_counter() != 0 ? Double(c1 &- c0) / Double(t1 &- t0) : 1.0

        var samples = [UInt64](repeating: 0, count: 20_001)
        for i in samples.indices {
            let start = hft_cycles()
            samples[i] = hft_cycles() &- start
        }
        samples.sort()
        return TimerCalibration(cyclesPerNanosecond: perNs, overheadCycles: samples[samples.count / 2])
    }

    /// A latency sample in nanoseconds, with the timer's own cost removed.
    func nanoseconds(fromCycles cycles: UInt64) -> Double {
        Double(cycles > overheadCycles ? cycles - overheadCycles : 0) / cyclesPerNanosecond
    }
}
