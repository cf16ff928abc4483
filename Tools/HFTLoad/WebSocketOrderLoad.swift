import Foundation
import HFTBinance
import HummingbirdWSClient
import Logging
import Synchronization

/// Orders over the WebSocket API: each connection sends signed `order.place` requests,
/// pipelined up to `inFlight`, paced at `rate` per second, and matches replies by id.
struct WebSocketOrderLoad {
    let host: String
    let port: Int
    let flow: OrderFlow

    func run(connections: Int, inFlight: Int, rate: Int, duration: Double) async throws -> LoadReport {
        let recorder = LoadRecorder()
        let start = ContinuousClock.now
        let end = start + .milliseconds(Int64(duration * 1_000))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for c in 0..<connections {
                group.addTask { try await connection(c, inFlight: inFlight, rate: rate, until: end, recorder: recorder) }
            }
            try await group.waitForAll()
        }
        let elapsed = ContinuousClock.now - start
        return recorder.report(seconds: elapsed.loadSeconds)
    }

    func connection(_ c: Int, inFlight: Int, rate: Int, until end: ContinuousClock.Instant, recorder: LoadRecorder) async throws {
        var logger = Logger(label: "hft-load")
        logger.logLevel = .error
        let pending = PendingRequests()
        let window = AsyncWindow(size: inFlight)
        try await WebSocketClient.connect(url: "ws://\(host):\(port)/ws-fapi/v1",
                                          configuration: .init(maxFrameSize: 1 << 20), logger: logger) { inbound, outbound, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    let decoder = JSONDecoder()
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        guard case .text(let text) = message,
                              let reply = try? decoder.decode(ReplyStatus.self, from: Data(text.utf8)) else { continue }
                        guard let sent = pending.sent.withLock({ $0.removeValue(forKey: reply.id) }) else { continue }
                        let elapsed = ContinuousClock.now - sent
                        let ns = elapsed.loadNanoseconds
                        recorder.acknowledged(nanoseconds: ns, refused: reply.status != 200)
                        await window.release()
                    }
                }
                let encoder = JSONEncoder()
                var pacer = Pacer(rate: rate)
                var n = c
                var id = 0
                while ContinuousClock.now < end {
                    await window.acquire()
                    await pacer.wait()
                    id += 1
                    let (params, account) = flow.order(n)
                    n += 1
                    var fields = Dictionary(uniqueKeysWithValues: params)
                    fields["apiKey"] = account.key
                    fields["timestamp"] = "\(OrderFlow.nowMilliseconds())"
                    fields["signature"] = BinanceSignature.sign(secret: account.secret,
                                                                payload: BinanceWebSocketAPI.signaturePayload(fields))
                    let body = try encoder.encode(PlaceRequest(id: id, method: "order.place", params: fields))
                    let sendTime = ContinuousClock.now
                    pending.sent.withLock { $0[id] = sendTime }
                    try await outbound.write(.text(String(decoding: body, as: UTF8.self)))
                }
                // Wait for the replies still in flight (at most 10 s), then stop the reader. (The
                // reader must not stop by itself when it sees nothing pending after the end: the
                // sender may still be sending its last request, whose reply would go unread.)
                let deadline = ContinuousClock.now + .seconds(10)
                while pending.sent.withLock({ !$0.isEmpty }), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
                let lost = pending.sent.withLock { $0.count }
                for _ in 0..<lost { recorder.error() }
                group.cancelAll()
            }
        }
    }
}

/// The part of a WebSocket API reply the load reads: which request, and whether it succeeded.
struct ReplyStatus: Decodable {
    var id: Int
    var status: Int
}

/// An `order.place` request frame.
struct PlaceRequest: Encodable {
    var id: Int
    var method: String
    var params: [String: String]
}

/// At most `size` requests in flight: acquire before sending, release on the reply.
actor AsyncWindow {
    var available: Int
    var waiters: [CheckedContinuation<Void, Never>] = []

    init(size: Int) { available = size }

    func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty { available += 1 } else { waiters.removeFirst().resume() }
    }
}

/// Send times of the requests in flight on one connection, by id.
final class PendingRequests: Sendable {
    let sent = Mutex<[Int: ContinuousClock.Instant]>([:])
}
