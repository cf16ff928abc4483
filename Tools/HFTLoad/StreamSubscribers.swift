import Foundation
import Histogram
import HummingbirdWSClient
import Logging
import Synchronization

/// Market-stream subscribers: each connection subscribes to the symbol's diff depth and
/// trades and records, for every message, the lag between its arrival and its event time
/// `E` (both wall clocks of this machine: the venue and the load run on one host).
final class StreamSubscribers: Sendable {
    let host: String
    let port: Int
    let symbol: String
    let lags = Mutex(Histogram<UInt64>(highestTrackableValue: 3_600_000, numberOfSignificantValueDigits: .three))
    let dropped = Mutex(0)
    let tasks = Mutex<[Task<Void, Never>]>([])
    let ready = Mutex(0)
    let count = Mutex(0)

    init(host: String, port: Int, symbol: String) {
        self.host = host
        self.port = port
        self.symbol = symbol
    }

    /// Opens `count` subscribers and waits until every subscription is acknowledged.
    func connect(count: Int) async throws {
        self.count.withLock { $0 = count }
        let streams = "\(symbol.lowercased())@depth@100ms/\(symbol.lowercased())@trade"
        for _ in 0..<count {
            let task = Task {
                var logger = Logger(label: "hft-load-streams")
                logger.logLevel = .error
                do {
                    try await WebSocketClient.connect(url: "ws://\(host):\(port)/stream?streams=\(streams)",
                                                      configuration: .init(maxFrameSize: 1 << 20), logger: logger) { inbound, _, _ in
                        self.ready.withLock { $0 += 1 }
                        let decoder = JSONDecoder()
                        for try await message in inbound.messages(maxSize: 1 << 20) {
                            guard case .text(let text) = message,
                                  let envelope = try? decoder.decode(StreamEnvelope.self, from: Data(text.utf8)) else { continue }
                            let lag = max(Int64(Date().timeIntervalSince1970 * 1_000) - envelope.data.E, 0)
                            self.lags.withLock { _ = $0.record(UInt64(lag) + 1) }
                        }
                    }
                } catch {}
                if !Task.isCancelled { self.dropped.withLock { $0 += 1 } }
            }
            tasks.withLock { $0.append(task) }
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while ready.withLock({ $0 }) < count, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
    }

    func stop() async -> LoadReport.Lag {
        let all = tasks.withLock { $0 }
        for task in all { task.cancel() }
        return lags.withLock { h in
            LoadReport.Lag(messages: Int(h.totalCount), p50Milliseconds: Double(h.valueAtPercentile(50)) - 1,
                           p99Milliseconds: Double(h.valueAtPercentile(99)) - 1, maxMilliseconds: Double(h.max) - 1,
                           subscribers: count.withLock { $0 }, droppedConnections: dropped.withLock { $0 })
        }
    }
}

/// The part of a combined-stream message the subscribers read: the event time `E` of its `data`.
struct StreamEnvelope: Decodable {
    struct Event: Decodable {
        var E: Int64
    }

    var data: Event
}
