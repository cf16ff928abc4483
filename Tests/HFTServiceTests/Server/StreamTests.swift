import Foundation
import HummingbirdWSClient
import Logging
import Synchronization
import Testing

/// A WebSocket client of the test server that collects every text frame.
final class StreamRecorder: Sendable {
    let texts = Mutex<[String]>([])
    let task = Mutex<Task<Void, any Error>?>(nil)
    let outbox: AsyncStream<String>
    let send: AsyncStream<String>.Continuation

    init(url: String) {
        (outbox, send) = AsyncStream.makeStream(of: String.self)
        let outbox = outbox
        let started = Task {
            var logger = Logger(label: "stream-test")
            logger.logLevel = .error
            try await WebSocketClient.connect(url: url, configuration: .init(maxFrameSize: 1 << 20), logger: logger) { inbound, outbound, _ in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { for await text in outbox { try await outbound.write(.text(text)) } }
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        guard case .text(let text) = message else { continue }
                        self.texts.withLock { $0.append(text) }
                    }
                    group.cancelAll()
                }
            }
        }
        task.withLock { $0 = started }
    }

    /// Waits until a frame satisfies `predicate` (10 s at most).
    func wait(_ predicate: ([String: Any]) -> Bool) async throws -> [String: Any] {
        for _ in 0..<1_000 {
            if let found = all.first(where: predicate) { return found }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw StreamTestError.timeout
    }

    /// Every frame received so far, decoded.
    var all: [[String: Any]] {
        texts.withLock { $0 }.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    func close() { task.withLock { $0?.cancel() } }
}

enum StreamTestError: Error { case timeout }

@Suite("hft-venue streams over loopback", .serialized)
struct StreamTests {
    @Test("diff depth: SUBSCRIBE is acknowledged, U/u/pu chain, REST snapshot + diffs = the book")
    func diffDepthLocalBook() async throws {
        let server = try await ServerHarness(ServerHarness.configuration())
        defer { server.removeData() }
        let stream = StreamRecorder(url: "ws://127.0.0.1:\(server.publicPort)/ws")
        defer { stream.close() }
        stream.send.yield(#"{"method":"SUBSCRIBE","params":["btcusdt@depth@100ms","btcusdt@trade"],"id":7}"#)
        _ = try await stream.wait { $0["id"] as? Int == 7 && $0.keys.contains("result") }
        let alice = SignedClient(server, account: "alice")
        let bob = SignedClient(server, account: "bob")
        _ = try await alice.limit("BUY", "0.010", "49900")
        let snapshot = try await server.request(.GET, "/fapi/v1/depth?symbol=BTCUSDT&limit=1000")
        let lastUpdateId = try #require(snapshot.object["lastUpdateId"] as? Int)
        _ = try await alice.limit("BUY", "0.020", "49800")
        _ = try await bob.limit("SELL", "0.005", "49900")   // trades 0.005 against the bid
        _ = try await bob.limit("SELL", "0.003", "50200")
        _ = try await stream.wait { $0["e"] as? String == "trade" }
        let final = try await server.request(.GET, "/fapi/v1/depth?symbol=BTCUSDT&limit=1000")
        let finalId = try #require(final.object["lastUpdateId"] as? Int)
        _ = try await stream.wait { ($0["u"] as? Int) == finalId }

        // The client's rule (spec §5): drop u < lastUpdateId; the first applied has U ≤ id ≤ u or
        // pu == id; each later pu equals the previous u.
        var book: [String: [String: String]] = ["b": [:], "a": [:]]
        for side in ["bids": "b", "asks": "a"] {
            for level in snapshot.object[side.key] as? [[String]] ?? [] { book[side.value]![level[0]] = level[1] }
        }
        var previous: Int?
        for event in stream.all where event["e"] as? String == "depthUpdate" {
            let U = event["U"] as! Int, u = event["u"] as! Int, pu = event["pu"] as! Int
            if u < lastUpdateId { continue }
            if let previous {
                #expect(pu == previous, "pu \(pu) does not continue u \(previous)")
            } else {
                #expect((U <= lastUpdateId && lastUpdateId <= u) || pu == lastUpdateId)
            }
            previous = u
            for side in ["b", "a"] {
                for level in event[side] as? [[String]] ?? [] {
                    book[side]![level[0]] = level[1] == "0" || Double(level[1]) == 0 ? nil : level[1]
                }
            }
        }
        var expected: [String: [String: String]] = ["b": [:], "a": [:]]
        for side in ["bids": "b", "asks": "a"] {
            for level in final.object[side.key] as? [[String]] ?? [] { expected[side.value]![level[0]] = level[1] }
        }
        #expect(book == expected)
        try await server.stop()
    }

    @Test("user data by listen key: ORDER_TRADE_UPDATE for new orders and fills, ACCOUNT_UPDATE after a fill")
    func userData() async throws {
        let server = try await ServerHarness(ServerHarness.configuration())
        defer { server.removeData() }
        let alice = SignedClient(server, account: "alice")
        let key = try await server.request(.POST, "/fapi/v1/listenKey", headers: [("X-MBX-APIKEY", alice.key)])
        let listenKey = try #require(key.object["listenKey"] as? String)
        let stream = StreamRecorder(url: "ws://127.0.0.1:\(server.publicPort)/private/ws?listenKey=\(listenKey)")
        defer { stream.close() }
        #expect(await server.waitForUserDataSubscriber(account: "alice"))
        let placed = try await alice.limit("SELL", "0.002", "50050", clientId: "ud-1")
        let id = try #require(placed.object["orderId"] as? Int)
        let new = try await stream.wait { ($0["o"] as? [String: Any])?["x"] as? String == "NEW" }
        #expect((new["o"] as? [String: Any])?["i"] as? Int == id)
        #expect((new["o"] as? [String: Any])?["c"] as? String == "ud-1")
        _ = try await SignedClient(server, account: "bob").limit("BUY", "0.002", "50050")
        let trade = try await stream.wait { ($0["o"] as? [String: Any])?["x"] as? String == "TRADE" }
        #expect((trade["o"] as? [String: Any])?["X"] as? String == "FILLED")
        let account = try await stream.wait {
            $0["e"] as? String == "ACCOUNT_UPDATE" && ((($0["a"] as? [String: Any])?["P"] as? [[String: Any]])?.first?["pa"] as? String) != "0"
        }
        #expect(((account["a"] as? [String: Any])?["P"] as? [[String: Any]])?.first?["pa"] as? String == "-0.002")
        let unknown = try await server.request(.PUT, "/fapi/v1/listenKey?listenKey=nope", headers: [("X-MBX-APIKEY", alice.key)])
        #expect(unknown.object["code"] as? Int == -1125)
        try await server.stop()
    }

    @Test("the WebSocket API: order.place and order.cancel, signed; bad frames answered, the connection stays")
    func webSocketOrderAPI() async throws {
        let server = try await ServerHarness(ServerHarness.configuration())
        defer { server.removeData() }
        let alice = SignedClient(server, account: "alice")
        let stream = StreamRecorder(url: "ws://127.0.0.1:\(server.publicPort)/ws-fapi/v1")
        defer { stream.close() }
        stream.send.yield("{not json")
        _ = try await stream.wait { ($0["error"] as? [String: Any])?["code"] as? Int == -1135 }
        func signedFrame(_ id: Int, _ method: String, _ params: [String: String]) -> String {
            var fields = params
            fields["apiKey"] = alice.key
            fields["timestamp"] = "\(Int64(Date().timeIntervalSince1970 * 1_000))"
            let payload = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
            fields["signature"] = HFTBinanceSigning.sign(secret: alice.secret, payload: payload)
            let data = try! JSONSerialization.data(withJSONObject: ["id": id, "method": method, "params": fields])
            return String(decoding: data, as: UTF8.self)
        }
        stream.send.yield(signedFrame(1, "order.place", ["symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT",
                                                         "timeInForce": "GTC", "quantity": "0.001", "price": "49000"]))
        let placed = try await stream.wait { $0["id"] as? Int == 1 }
        #expect(placed["status"] as? Int == 200)
        let orderId = try #require((placed["result"] as? [String: Any])?["orderId"] as? Int)
        stream.send.yield(signedFrame(2, "order.cancel", ["symbol": "BTCUSDT", "orderId": "\(orderId)"]))
        let canceled = try await stream.wait { $0["id"] as? Int == 2 }
        #expect((canceled["result"] as? [String: Any])?["status"] as? String == "CANCELED")
        var bad = signedFrame(3, "order.place", ["symbol": "BTCUSDT", "side": "BUY", "type": "LIMIT", "timeInForce": "GTC",
                                                 "quantity": "0.001", "price": "49000"])
        bad = bad.replacingOccurrences(of: "\"signature\":\"", with: "\"signature\":\"00")
        stream.send.yield(bad)
        let refused = try await stream.wait { $0["id"] as? Int == 3 }
        #expect((refused["error"] as? [String: Any])?["code"] as? Int == -1022)
        try await server.stop()
    }
}

import HFTBinance

/// Signing for the test clients (the wire-format library's own HMAC).
enum HFTBinanceSigning {
    static func sign(secret: String, payload: String) -> String { BinanceSignature.sign(secret: secret, payload: Array(payload.utf8)) }
}
