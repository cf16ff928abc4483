import Foundation
import Testing

/// `MARGIN_CALL` on the user-data stream: pushed once when the margin ratio reaches the
/// configured level (0.8), with the engine's figures, and not while the account is safe;
/// and the account figures that move with the mark (maintenance margin, available balance).
@Suite("Service: MARGIN_CALL")
struct MarginCallTests {
    /// A server where alice (10,000 USDT) trades BTCUSDT at 20× leverage, with bob.
    static func aliceAt20x() async throws -> (ServerHarness, SignedClient, SignedClient) {
        var configuration = try ServerHarness.configuration()
        configuration.accounts[0].deposit = "10000"
        let server = try await ServerHarness(configuration)
        let alice = SignedClient(server, account: "alice")
        let bob = SignedClient(server, account: "bob")
        #expect(try await alice.send(.POST, "/fapi/v1/leverage", [("symbol", "BTCUSDT"), ("leverage", "20")]).status == 200)
        return (server, alice, bob)
    }

    /// Sets BTCUSDT's mark through the admin API.
    static func mark(_ server: ServerHarness, _ price: String) async throws {
        let reply = try await server.request(.POST, "/admin/v1/mark", body: #"{"symbol":"BTCUSDT","price":"\#(price)"}"#, admin: true)
        #expect(reply.status == 200, "\(reply.text)")
    }

    @Test("a long position marked down past 80% margin ratio gets one MARGIN_CALL, before any liquidation")
    func marginCall() async throws {
        let (server, alice, bob) = try await Self.aliceAt20x()
        defer { server.removeData() }
        let listenKey = try #require(try await alice.send(.POST, "/fapi/v1/listenKey").object["listenKey"] as? String)
        let user = StreamRecorder(url: "ws://127.0.0.1:\(server.publicPort)/ws/\(listenKey)")
        defer { user.close() }
        #expect(await server.waitForUserDataSubscriber(account: "alice"))

        // Alice buys 1 BTC at 50,000 (taker fee 20 USDT: balance 9,980).
        #expect(try await bob.limit("SELL", "1", "50000").status == 200)
        #expect(try await alice.limit("BUY", "1", "50000").status == 200)
        _ = try await user.wait { $0["e"] as? String == "ACCOUNT_UPDATE" }

        // Mark 45,000: equity 4,980, maintenance 0.4% × 45,000 = 180: ratio 0.036, no call.
        func mark(_ price: String) async throws { try await Self.mark(server, price) }
        try await mark("45000")
        try await Task.sleep(for: .milliseconds(300))
        #expect(!user.all.contains { $0["e"] as? String == "MARGIN_CALL" })

        // Mark 40,200: equity 180, maintenance 160.8: ratio 0.893 ≥ 0.8 (liquidation is at 1).
        try await mark("40200")
        let call = try await user.wait { $0["e"] as? String == "MARGIN_CALL" }
        let position = try #require((call["p"] as? [[String: Any]])?.first)
        #expect(position["s"] as? String == "BTCUSDT")
        #expect(position["pa"] as? String == "1.000")
        #expect(position["mt"] as? String == "CROSSED")
        #expect(position["mp"] as? String == "40200.0")
        #expect(position["mm"] as? String == "160.80000000")
        #expect(position["up"] as? String == "-9800.00000000")
        #expect(call["cw"] as? String == "9980.00000000")

        // Still in danger at 40,190: no second call; the position was not liquidated.
        try await mark("40190")
        try await Task.sleep(for: .milliseconds(300))
        #expect(user.all.filter { $0["e"] as? String == "MARGIN_CALL" }.count == 1)
        let risk = try await alice.send(.GET, "/fapi/v2/positionRisk", [("symbol", "BTCUSDT")])
        #expect((risk.array.first?["positionAmt"] as? String) == "1.000")

        // Back to safety, then into danger again: a second call.
        try await mark("45000")
        try await Task.sleep(for: .milliseconds(300))
        try await mark("40200")
        for _ in 0 ..< 200 where user.all.filter({ $0["e"] as? String == "MARGIN_CALL" }).count < 2 {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(user.all.filter { $0["e"] as? String == "MARGIN_CALL" }.count == 2)
        try await server.stop()
    }

    @Test("positionRisk and account report each position's maintenance margin at the mark")
    func maintenanceMarginReported() async throws {
        let server = try await ServerHarness(ServerHarness.configuration())
        defer { server.removeData() }
        let alice = SignedClient(server, account: "alice")
        let bob = SignedClient(server, account: "bob")
        #expect(try await bob.limit("SELL", "2", "50000").status == 200)
        #expect(try await alice.limit("BUY", "2", "50000").status == 200)
        // Notional 100,000 at mark 50,000: bracket 2 (50,000–250,000) at 0.5%, cum 50 → 450.
        let risk = try await alice.send(.GET, "/fapi/v3/positionRisk", [("symbol", "BTCUSDT")])
        #expect(risk.array.first?["maintMargin"] as? String == "450.00000000", "\(risk.text)")
        let account = try await alice.send(.GET, "/fapi/v2/account")
        #expect(account.object["totalMaintMargin"] as? String == "450.00000000")
        let positions = try #require(account.object["positions"] as? [[String: Any]])
        #expect(positions.first { $0["symbol"] as? String == "BTCUSDT" }?["maintMargin"] as? String == "450.00000000")
        try await server.stop()
    }

    @Test("availableBalance and maxWithdrawAmount count the cross unrealized loss, never the profit")
    func availableCountsTheLoss() async throws {
        let (server, alice, bob) = try await Self.aliceAt20x()
        defer { server.removeData() }
        // Alice buys 1 BTC at 50,000: taker fee 20 (balance 9,980), initial margin 50,000 / 20 = 2,500.
        #expect(try await bob.limit("SELL", "1", "50000").status == 200)
        #expect(try await alice.limit("BUY", "1", "50000").status == 200)
        func mark(_ price: String) async throws { try await Self.mark(server, price) }
        func figures() async throws -> (account: [String?], balance: [String?]) {
            let account = try await alice.send(.GET, "/fapi/v2/account").object
            let balance = try await alice.send(.GET, "/fapi/v2/balance").array.first ?? [:]
            return ([account["availableBalance"] as? String, account["maxWithdrawAmount"] as? String],
                    [balance["availableBalance"] as? String, balance["maxWithdrawAmount"] as? String])
        }
        // Mark 45,000: unrealized −5,000, so 9,980 − 2,500 − 5,000 = 2,480 is left.
        try await mark("45000")
        var seen = try await figures()
        #expect(seen.account == ["2480.00000000", "2480.00000000"])
        #expect(seen.balance == ["2480.00000000", "2480.00000000"])
        // Mark 55,000: a profit of 5,000 adds nothing: 9,980 − 2,500 = 7,480.
        try await mark("55000")
        seen = try await figures()
        #expect(seen.account == ["7480.00000000", "7480.00000000"])
        #expect(seen.balance == ["7480.00000000", "7480.00000000"])
        try await server.stop()
    }
}
