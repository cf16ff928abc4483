import Foundation
import Histogram
import Synchronization

/// What a load run measured: acknowledged orders, refusals, transport errors, orders per
/// second, and the acknowledgement latency percentiles (µs); for the streams mode, the
/// delivery lag of stream messages (ms).
struct LoadReport: Codable {
    struct Lag: Codable {
        var messages: Int
        var p50Milliseconds: Double
        var p99Milliseconds: Double
        var maxMilliseconds: Double
        var subscribers: Int
        var droppedConnections: Int
    }

    /// The engine's side of the run (from the admin status).
    struct Engine: Codable {
        /// Commands the engine published during the run (orders and the trades they caused).
        var commands: UInt64
        /// Bytes the engine thread allocated during the run (nil: the venue cannot count).
        var allocatedBytes: UInt64?
    }

    var mode = ""
    var seconds: Double
    var acknowledged: Int
    var refused: Int
    var errors: Int
    var ordersPerSecond: Double
    var p50Microseconds: Double
    var p90Microseconds: Double
    var p99Microseconds: Double
    var p999Microseconds: Double
    var maxMicroseconds: Double
    var lag: Lag?
    var engine: Engine?

    var text: String {
        var s = String(format: "%@: %d orders acknowledged in %.2f s = %.0f orders/s (%d refused, %d errors)\n",
                       mode, acknowledged, seconds, ordersPerSecond, refused, errors)
        s += String(format: "ack latency µs: p50 %.0f  p90 %.0f  p99 %.0f  p99.9 %.0f  max %.0f",
                    p50Microseconds, p90Microseconds, p99Microseconds, p999Microseconds, maxMicroseconds)
        if let lag {
            s += String(format: "\nstream delivery lag ms (%d subscribers, %d messages, %d dropped): p50 %.1f  p99 %.1f  max %.1f",
                        lag.subscribers, lag.messages, lag.droppedConnections, lag.p50Milliseconds, lag.p99Milliseconds,
                        lag.maxMilliseconds)
        }
        if let engine {
            let bytes = engine.allocatedBytes.map { "\($0) bytes allocated by the engine thread" }
                ?? "engine-thread allocations not counted (venue built without jemalloc)"
            s += "\nengine: \(engine.commands) commands, \(bytes)"
        }
        return s
    }
}

/// Latencies and counts shared by the load's tasks.
final class LoadRecorder: Sendable {
    struct State {
        var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
        var acknowledged = 0
        var refused = 0
        var errors = 0
    }

    let state = Mutex(State())

    func acknowledged(nanoseconds: UInt64, refused: Bool) {
        state.withLock { s in
            _ = s.histogram.record(max(nanoseconds, 1))
            if refused { s.refused += 1 } else { s.acknowledged += 1 }
        }
    }

    func error() { state.withLock { $0.errors += 1 } }

    func report(seconds: Double) -> LoadReport {
        state.withLock { s in
            func us(_ p: Double) -> Double { Double(s.histogram.valueAtPercentile(p)) / 1_000 }
            return LoadReport(seconds: seconds, acknowledged: s.acknowledged, refused: s.refused, errors: s.errors,
                              ordersPerSecond: Double(s.acknowledged) / seconds, p50Microseconds: us(50), p90Microseconds: us(90),
                              p99Microseconds: us(99), p999Microseconds: us(99.9), maxMicroseconds: Double(s.histogram.max) / 1_000)
        }
    }
}

/// Paces one connection at `rate` requests per second (0: no pacing).
struct Pacer {
    let interval: Duration?
    var next: ContinuousClock.Instant

    /// `phase` (0 ..< 1) delays the start by that part of an interval: pacers started
    /// together with phases spread over 0 ..< 1 send evenly instead of all at once.
    init(rate: Int, phase: Double = 0) {
        interval = rate > 0 ? .nanoseconds(1_000_000_000 / Int64(rate)) : nil
        next = .now + (interval ?? .zero) * phase
    }

    mutating func wait() async {
        guard let interval else { return }
        next += interval
        let now = ContinuousClock.now
        if next > now { try? await Task.sleep(until: next, clock: .continuous) } else if now - next > .milliseconds(100) { next = now }
    }
}
