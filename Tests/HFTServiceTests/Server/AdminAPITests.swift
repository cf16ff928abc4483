import Foundation
import HFTVenueServer
import Testing

@Suite("hft-venue admin API over loopback", .serialized)
struct AdminAPITests {
    @Test("status, deposits, prices, halts and refusals; /metrics counts the commands")
    func adminRoundTrips() async throws {
        let server = try await ServerHarness(ServerHarness.configuration())
        defer { server.removeData() }
        let status = try await server.request(.GET, "/admin/v1/status", admin: true)
        #expect(status.status == 200)
        #expect(status.object["state"] as? String == "running")
        let bootstrapped = try #require(status.object["lastDurableSequence"] as? Int)
        #expect(bootstrapped == 7)   // 2 symbols, brackets of one, 2 first marks, 2 deposits

        let deposit = try await server.request(.POST, "/admin/v1/deposit", body: #"{"account":"alice","amount":"250.5"}"#, admin: true)
        #expect(deposit.status == 200)
        #expect(deposit.object["sequence"] as? Int == bootstrapped + 1)
        let events = deposit.array(at: "events")
        #expect(events.contains { $0["kind"] as? String == "balance" && ($0["words"] as? [Int])?.first == 25_050_000_000 })

        let index = try await server.request(.POST, "/admin/v1/index", body: #"{"symbol":"BTCUSDT","price":"50100.5"}"#, admin: true)
        #expect(index.status == 200)

        // Refusals: an unknown account, a price off the tick, too much withdrawn, no key.
        let unknown = try await server.request(.POST, "/admin/v1/deposit", body: #"{"account":"mallory","amount":"1"}"#, admin: true)
        #expect(unknown.status == 400 && unknown.object["code"] as? String == "UNKNOWN_ACCOUNT")
        let offTick = try await server.request(.POST, "/admin/v1/index", body: #"{"symbol":"BTCUSDT","price":"50100.55"}"#, admin: true)
        #expect(offTick.status == 400 && offTick.object["code"] as? String == "BAD_PRICE")
        let tooMuch = try await server.request(.POST, "/admin/v1/withdraw", body: #"{"account":"bob","amount":"100000000"}"#, admin: true)
        #expect(tooMuch.status == 400)
        let malformed = try await server.request(.POST, "/admin/v1/deposit", body: "{not json", admin: true)
        #expect(malformed.status == 400)
        let noKey = try await server.request(.GET, "/admin/v1/status")
        #expect(noKey.status == 404)   // the admin API is not on the public port
        var wrongKey = try await server.request(.POST, "/admin/v1/halt", body: #"{"scope":"venue"}"#, headers: [("X-HFT-ADMIN-KEY", "wrong")])
        #expect(wrongKey.status == 404)
        wrongKey = try await ServerHarness.unauthorizedAdmin(server)
        #expect(wrongKey.status == 401)

        // Halt and resume one symbol.
        let halt = try await server.request(.POST, "/admin/v1/halt", body: #"{"symbol":"ETHUSDT"}"#, admin: true)
        #expect(halt.status == 200)
        let resume = try await server.request(.POST, "/admin/v1/resume", body: #"{"symbol":"ETHUSDT"}"#, admin: true)
        #expect(resume.status == 200)

        let metrics = try await server.request(.GET, "/metrics", admin: true)
        #expect(metrics.status == 200)
        #expect(metrics.text.contains("hft_commands_total{kind=\"deposit\"}"))
        #expect(metrics.text.contains("hft_journal_commit_seconds"))
        try await server.stop()
    }

    @Test("a restart recovers the journal: the same sequence, the same balances, the same listen addresses")
    func restartRecovers() async throws {
        let configuration = try ServerHarness.configuration()
        let first = try await ServerHarness(configuration)
        defer { first.removeData() }
        for _ in 0..<5 {
            _ = try await first.request(.POST, "/admin/v1/deposit", body: #"{"account":"bob","amount":"1"}"#, admin: true)
        }
        let before = try await first.request(.GET, "/admin/v1/status", admin: true)
        try await first.stop()

        var again = configuration
        again.listen.port = first.publicPort
        again.admin.port = first.adminPort
        let second = try await ServerHarness(again)
        #expect(second.publicPort == first.publicPort && second.adminPort == first.adminPort)
        let after = try await second.request(.GET, "/admin/v1/status", admin: true)
        #expect(after.object["lastDurableSequence"] as? Int == before.object["lastDurableSequence"] as? Int)
        // The graceful stop wrote a snapshot at the last sequence: nothing is left to replay.
        #expect(after.object["lastSnapshotSequence"] as? Int == before.object["lastDurableSequence"] as? Int)
        #expect(after.object["recoveredCommands"] as? Int == 0)
        let next = try await second.request(.POST, "/admin/v1/deposit", body: #"{"account":"bob","amount":"1"}"#, admin: true)
        #expect(next.object["sequence"] as? Int == (before.object["lastDurableSequence"] as? Int ?? 0) + 1)
        try await second.stop()
    }
    /// What REST serves of the history: orders, trades, fills, book and its update id, klines.
    static func history(_ server: ServerHarness) async throws -> [String] {
        let alice = SignedClient(server, account: "alice"), bob = SignedClient(server, account: "bob")
        let depth = try await server.request(.GET, "/fapi/v1/depth?symbol=BTCUSDT")
        let klines = try await server.request(.GET, "/fapi/v1/klines?symbol=BTCUSDT&interval=1m")
        return [
            try await alice.send(.GET, "/fapi/v1/allOrders", [("symbol", "BTCUSDT")]).text,
            try await alice.send(.GET, "/fapi/v1/openOrders", [("symbol", "BTCUSDT")]).text,
            try await bob.send(.GET, "/fapi/v1/userTrades", [("symbol", "BTCUSDT")]).text,
            try await server.request(.GET, "/fapi/v1/trades?symbol=BTCUSDT").text,
            try await server.request(.GET, "/fapi/v1/aggTrades?symbol=BTCUSDT").text,
            "\(depth.object["lastUpdateId"] ?? "none") \(depth.object["bids"] ?? "") \(depth.object["asks"] ?? "")",
            "\((klines.json as? [[Any]])?.first ?? [])",
        ]
    }

    @Test("POST /admin/v1/snapshot writes a pair; restarts from it (and from the shutdown snapshot) serve the same history")
    func snapshotAndRestart() async throws {
        var configuration = try ServerHarness.configuration()
        configuration.snapshotIntervalSeconds = 0
        let first = try await ServerHarness(configuration)
        defer { first.removeData() }
        let alice = SignedClient(first, account: "alice"), bob = SignedClient(first, account: "bob")
        let maker = try await alice.limit("SELL", "0.010", "50100", clientId: "snap-maker")
        let makerId = try #require(maker.object["orderId"] as? Int)
        #expect(try await bob.limit("BUY", "0.004", "50100").object["status"] as? String == "FILLED")
        _ = try await alice.limit("BUY", "0.002", "49000")

        let reply = try await first.request(.POST, "/admin/v1/snapshot", admin: true)
        #expect(reply.status == 200, "\(reply.text)")
        let status = try await first.request(.GET, "/admin/v1/status", admin: true)
        let sequence = try #require(reply.object["sequence"] as? Int)
        #expect(sequence == status.object["lastDurableSequence"] as? Int)
        #expect(status.object["lastSnapshotSequence"] as? Int == sequence)
        let venueBytes = try #require(reply.object["venueBytes"] as? Int), readModelBytes = try #require(reply.object["readModelBytes"] as? Int)
        #expect(venueBytes > 64 && readModelBytes > 64 && reply.object["bytes"] as? Int == venueBytes + readModelBytes)
        let files = try FileManager.default.contentsOfDirectory(atPath: configuration.dataDirectory)
        let stem = String(repeating: "0", count: 20 - "\(sequence)".count) + "\(sequence)"
        #expect(files.contains(stem + ".snap") && files.contains(stem + ".readmodel"))
        let unauthorized = try await first.request(.POST, "/admin/v1/snapshot")
        #expect(unauthorized.status == 404)

        // After the snapshot: more trading, so that the restart has a tail to replay.
        #expect(try await bob.limit("BUY", "0.003", "50100").object["status"] as? String == "FILLED")
        _ = try await alice.send(.DELETE, "/fapi/v1/order", [("symbol", "BTCUSDT"), ("orderId", "\(makerId)")])
        _ = try await first.request(.POST, "/admin/v1/deposit", body: #"{"account":"bob","amount":"7"}"#, admin: true)
        let before = try await Self.history(first)
        let last = try #require(try await first.request(.GET, "/admin/v1/status", admin: true).object["lastDurableSequence"] as? Int)
        try await first.stop()

        // The graceful stop wrote a pair at the last sequence: the restart replays nothing.
        var again = configuration
        again.listen.port = first.publicPort
        again.admin.port = first.adminPort
        let second = try await ServerHarness(again)
        let recovered = try await second.request(.GET, "/admin/v1/status", admin: true)
        #expect(recovered.object["lastSnapshotSequence"] as? Int == last)
        #expect(recovered.object["recoveredCommands"] as? Int == 0)
        #expect(try await Self.history(second) == before)
        try await second.stop()

        // Without the shutdown pair: the admin snapshot and the log after it give the same history.
        for name in try FileManager.default.contentsOfDirectory(atPath: configuration.dataDirectory)
        where (name.hasSuffix(".snap") || name.hasSuffix(".readmodel")) && !name.hasPrefix(stem) {
            try FileManager.default.removeItem(atPath: configuration.dataDirectory + "/" + name)
        }
        let third = try await ServerHarness(again)
        let fromAdmin = try await third.request(.GET, "/admin/v1/status", admin: true)
        #expect(fromAdmin.object["lastSnapshotSequence"] as? Int == sequence)
        #expect(fromAdmin.object["recoveredCommands"] as? Int == last - sequence)
        #expect(try await Self.history(third) == before)
        try await third.stop()
    }
}

extension ServerHarness.Reply {
    func array(at key: String) -> [[String: Any]] { object[key] as? [[String: Any]] ?? [] }
}

extension ServerHarness {
    /// An admin request with a wrong key.
    static func unauthorizedAdmin(_ server: ServerHarness) async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(server.adminPort)/admin/v1/status")
        request.headers.add(name: "X-HFT-ADMIN-KEY", value: "wrong-key")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Data(buffer: bytes))
    }
}

import AsyncHTTPClient
