import Foundation
import Synchronization

/// The exchange's clock as seen from here: the local wall clock plus an offset measured
/// against `GET /fapi/v1/time`. Signed requests carry `timestamp` from this clock so that
/// a local clock that drifts does not earn `-1021` (Binance: "Timestamp for this request
/// is outside of the recvWindow"); a `-1021` makes the gateway measure again.
///
/// Thread-safe (one atomic); shared by every client of one gateway.
public final class ServerClock: Sendable {
    private let offset = Atomic<Int64>(0)
    private let measured = Atomic<Int64>(0)

    public init() {}

    /// Milliseconds since the Unix epoch on the local clock.
    public static func localMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1_000).rounded(.down))
    }

    /// The exchange's time now, in milliseconds since the Unix epoch.
    public func nowMilliseconds() -> Int64 { Self.localMilliseconds() + offset.load(ordering: .relaxed) }

    /// The offset in use (exchange minus local), in milliseconds.
    public var offsetMilliseconds: Int64 { offset.load(ordering: .relaxed) }

    /// How many times the offset was measured.
    public var measurements: Int64 { measured.load(ordering: .relaxed) }

    /// Takes a measurement: the server said `serverTime` for a request sent at local time
    /// `sent` and answered at local time `received`; the server's reading is taken to be
    /// the midpoint of the round trip (NTP's assumption of a symmetric path).
    public func record(serverTime: Int64, sent: Int64, received: Int64) {
        offset.store(serverTime - (sent + received) / 2, ordering: .relaxed)
        measured.add(1, ordering: .relaxed)
    }
}
