import Histogram

/// Per-operation latencies in CPU cycles, kept in an HdrHistogram (3 significant digits)
/// that is sized for 1 cycle ... 10^11 cycles before timing starts, so that recording
/// allocates nothing. Values above the range are recorded at its top.
struct LatencyHistogram {
    static let highestCycles: UInt64 = 100_000_000_000
    private(set) var histogram = Histogram<UInt64>(
        lowestDiscernibleValue: 1, highestTrackableValue: LatencyHistogram.highestCycles,
        numberOfSignificantValueDigits: .three)

    @inline(__always)
    mutating func record(cycles: UInt64) {
        _ = histogram.record(min(max(cycles, 1), LatencyHistogram.highestCycles))
    }

    var count: UInt64 { histogram.totalCount }

    /// The value at `percentile` (0 ... 100), in cycles.
    func cycles(atPercentile percentile: Double) -> UInt64 { histogram.valueAtPercentile(percentile) }

    var maxCycles: UInt64 { histogram.max }
}
