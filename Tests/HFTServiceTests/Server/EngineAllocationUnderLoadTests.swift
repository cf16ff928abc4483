import AllocationCounter
import Foundation
import HFTBinance
@testable import HFTVenueServer
import HummingbirdWSClient
import Logging
import Synchronization
import Testing

/// The engine thread of a running `hft-venue` allocates nothing while clients trade over
/// the network: orders over the WebSocket API on several connections, signed REST orders,
/// and market and user-data stream subscribers, all at once. The count is jemalloc's
/// per-thread counter of the engine thread, read through the admin status.
@Suite("Service: engine-thread allocations under network load")
struct EngineAllocationUnderLoadTests {
    /// Runs only where jemalloc is linked (skipped, with the install command, elsewhere).
    @Test("0 bytes allocated by the engine thread across thousands of orders from network clients",
          .enabled(if: AllocationCounter.isAvailable, Comment(rawValue: AllocationCounter.unavailableMessage)))
    func engineThreadAllocatesNothingUnderNetworkLoad() async throws {
        var configuration = try ServerHarness.configuration()
        configuration.rateLimits = .init(requestWeightPerMinute: 10_000_000, ordersPer10Seconds: 10_000_000,
                                         ordersPerMinute: 10_000_000)
        let server = try await ServerHarness(configuration)
        defer { server.removeData() }
        let alice = SignedClient(server, account: "alice")
        let bob = SignedClient(server, account: "bob")
        let listenKey = try #require(try await alice.send(.POST, "/fapi/v1/listenKey").object["listenKey"] as? String)
        let depth = StreamRecorder(url: "ws://127.0.0.1:\(server.publicPort)/stream?streams=btcusdt@depth@100ms/btcusdt@trade")
        let user = StreamRecorder(url: "ws://127.0.0.1:\(server.publicPort)/ws/\(listenKey)")
        defer {
            depth.close()
            user.close()
        }

        // Warm-up: every path the measured load takes (resting, crossing, both transports).
        try await Self.load(server, alice: alice, bob: bob, ordersPerConnection: 150)
        let before = try await Self.status(server)
        try await Self.load(server, alice: alice, bob: bob, ordersPerConnection: 1_000)
        let after = try await Self.status(server)

        let commands = after.publishedCommands - before.publishedCommands
        #expect(commands >= 4_000, "only \(commands) commands reached the engine")
        let bytes = try #require(after.engineThreadAllocatedBytes) - (try #require(before.engineThreadAllocatedBytes))
        #expect(bytes == 0, "the engine thread allocated \(bytes) bytes over \(commands) commands")
        #expect(depth.texts.withLock { $0.count } > 0, "the market-stream subscriber received nothing")
        #expect(user.texts.withLock { $0.count } > 0, "the user-data subscriber received nothing")
        try await server.stop()
    }

    struct Status: Decodable {
        var publishedCommands: UInt64
        var engineThreadAllocatedBytes: UInt64?
    }

    static func status(_ server: ServerHarness) async throws -> Status {
        let reply = try await server.request(.GET, "/admin/v1/status", admin: true)
        #expect(reply.status == 200)
        return try JSONDecoder().decode(Status.self, from: reply.body)
    }

    /// Four WebSocket API connections (two per account, buys against sells at one price, so
    /// that orders rest and fill) and a REST client per account, concurrently.
    static func load(_ server: ServerHarness, alice: SignedClient, bob: SignedClient, ordersPerConnection: Int) async throws {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for (c, client) in [alice, bob, alice, bob].enumerated() {
                group.addTask {
                    try await webSocketOrders(server, client, side: c % 2 == 0 ? "BUY" : "SELL", count: ordersPerConnection)
                }
            }
            for (c, client) in [alice, bob].enumerated() {
                group.addTask {
                    var accepted = 0
                    for _ in 0 ..< ordersPerConnection / 10 {
                        let reply = try await client.limit(c == 0 ? "BUY" : "SELL", "0.001", "50000")
                        if reply.status == 200 { accepted += 1 }
                    }
                    return accepted
                }
            }
            var accepted = 0
            for try await count in group { accepted += count }
            #expect(accepted == ordersPerConnection * 4 + ordersPerConnection / 10 * 2, "some orders were refused")
        }
    }

    /// `count` signed `order.place` requests on one connection, 32 in flight; returns how many
    /// were answered with status 200.
    static func webSocketOrders(_ server: ServerHarness, _ client: SignedClient, side: String, count: Int) async throws -> Int {
        var logger = Logger(label: "allocation-load")
        logger.logLevel = .error
        let accepted = Mutex(0)
        try await WebSocketClient.connect(url: "ws://127.0.0.1:\(server.publicPort)/ws-fapi/v1",
                                          configuration: .init(maxFrameSize: 1 << 20), logger: logger) { inbound, outbound, _ in
            let (credits, grant) = AsyncStream.makeStream(of: Void.self)
            for _ in 0 ..< 32 { grant.yield() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    var iterator = credits.makeAsyncIterator()
                    for id in 0 ..< count {
                        _ = await iterator.next()
                        var fields = ["symbol": "BTCUSDT", "side": side, "type": "LIMIT", "timeInForce": "GTC",
                                      "quantity": "0.001", "price": "50000", "apiKey": client.key,
                                      "timestamp": "\(Int64(Date().timeIntervalSince1970 * 1_000))"]
                        fields["signature"] = BinanceSignature.sign(secret: client.secret,
                                                                    payload: BinanceWebSocketAPI.signaturePayload(fields))
                        let frame = try JSONEncoder().encode(Frame(id: id, method: "order.place", params: fields))
                        try await outbound.write(.text(String(decoding: frame, as: UTF8.self)))
                    }
                }
                var replies = 0
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else { continue }
                    if text.contains("\"status\":200") { accepted.withLock { $0 += 1 } }
                    replies += 1
                    grant.yield()
                    if replies == count { break }
                }
                try await group.waitForAll()
            }
        }
        return accepted.withLock { $0 }
    }

    struct Frame: Encodable {
        var id: Int
        var method: String
        var params: [String: String]
    }
}
