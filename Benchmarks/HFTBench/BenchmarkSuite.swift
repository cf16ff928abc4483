import CCycleCounter

/// A named workload that `hft-bench` measures.
///
/// The runner calls ``setUp(quick:)`` once, then for each repetition ``prepareBatch()``
/// (not timed) and ``runBatch()`` (timed as a whole, allocations counted), and, if
/// ``timesSingleOperations`` is true, ``runLatency(_:)`` once after a ``prepareBatch()``
/// to record each operation's latency. A batch must perform exactly
/// ``operationsPerBatch`` operations of real work whose results are consumed (use
/// ``blackHole(_:)``), so that the optimizer cannot remove them.
///
/// Suites are classes (set-up code, not the hot path); the loops inside ``runBatch()``
/// call the engine's hot-path functions directly.
protocol BenchmarkSuite: AnyObject {
    /// The suite's name, e.g. `primitives.pool`; `--filter` matches substrings of it.
    var name: String { get }
    /// The operations one ``runBatch()`` performs; valid after ``setUp(quick:)``.
    var operationsPerBatch: Int { get }
    /// True if ``runLatency(_:)`` times single operations.
    var timesSingleOperations: Bool { get }
    /// Builds the workload. `quick` asks for short runs that CI can afford.
    func setUp(quick: Bool)
    /// Restores the state a batch starts from (not timed).
    func prepareBatch()
    /// Performs ``operationsPerBatch`` operations (timed).
    func runBatch()
    /// Performs the operations of one batch, timing each with `recorder`.
    func runLatency(_ recorder: inout LatencyRecorder)
    /// Releases what ``setUp(quick:)`` built.
    func tearDown()
}

extension BenchmarkSuite {
    var timesSingleOperations: Bool { false }
    func prepareBatch() {}
    func runLatency(_ recorder: inout LatencyRecorder) {}
    func tearDown() {}
}

/// Keeps a value alive so that the optimizer cannot discard the work that produced it.
@inline(never)
func blackHole<T>(_ value: T) {}

/// Times single operations in CPU cycles and records them into an HdrHistogram that was
/// sized before timing, so that recording allocates nothing.
///
/// Use: `let start = recorder.start(); let r = operation(); recorder.stop(start, after: r)`.
/// Passing the operation's result makes the closing read of the counter wait for it, so
/// the compiler cannot move the work out of the timed window.
/// The runner converts cycles to nanoseconds with the calibrated counter frequency and
/// subtracts the measured cost of an empty start/stop pair (see ``TimerCalibration``).
struct LatencyRecorder {
    var histogram: LatencyHistogram

    @inline(__always)
    func start() -> UInt64 { hft_cycles() }

    @inline(__always)
    mutating func stop(_ start: UInt64, after result: Int) {
        histogram.record(cycles: hft_cycles_after(UInt64(bitPattern: Int64(result))) &- start)
    }
}
