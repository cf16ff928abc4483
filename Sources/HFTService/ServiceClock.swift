#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The sequencer's clocks: wall time (the `timestamp` stamped on every command, and
/// Binance's millisecond times) and monotonic time (intervals: group commit, metrics).
///
/// - Complexity: one `clock_gettime` call each (the vDSO); no allocation.
public enum ServiceClock {
    /// Nanoseconds since the Unix epoch (CLOCK_REALTIME).
    @inline(__always)
    public static func wallNanoseconds() -> Int64 {
        // vDSO clock read: no allocation (the checker cannot see into libc).
        _unsafePerformance {
            var ts = timespec()
            clock_gettime(CLOCK_REALTIME, &ts)
            return Int64(ts.tv_sec) &* 1_000_000_000 &+ Int64(ts.tv_nsec)
        }
    }

    /// Nanoseconds of CLOCK_MONOTONIC.
    @inline(__always)
    public static func monotonicNanoseconds() -> UInt64 {
        _unsafePerformance {
            var ts = timespec()
            clock_gettime(CLOCK_MONOTONIC, &ts)
            return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
        }
    }
}
