import Foundation
import HFTGateway
import HFTOrderManager
import HFTStrategy
@testable import HFTVenueServer
import Testing

@Suite("order manager + gateway against hft-venue", .serialized)
struct TradingSessionTests {
    static func quote(_ side: OMSSide, _ price: Int64, _ quantity: Int64) -> QuoteIntent {
        QuoteIntent(side: side, price: price, quantity: quantity)
    }

    @Test("intents become orders; a taker's fills move the position exactly; a new intent set modifies; the kill switch cancels all")
    func quotesFillsKill() async throws {
        let server = try await ServerHarness(ServerHarness.configuration())
        defer { server.removeData() }
        let session = try SessionFixture.session(server)
        try await session.start()
        let rest = server.gatewayREST(account: "alice")
        let bob = server.gatewayREST(account: "bob")
        let decision = await session.setQuotes(symbol: "BTCUSDT", [Self.quote(.buy, 499_900, 2), Self.quote(.buy, 499_800, 2),
                                                                   Self.quote(.sell, 500_100, 2), Self.quote(.sell, 500_200, 2)])
        #expect(decision.placed.count == 4 && decision.refused.isEmpty)
        #expect(try await SessionFixture.eventually { try await rest.openOrders(symbol: "BTCUSDT").count == 4 })
        // Bob sells 0.003 at 49,980: alice buys 0.002 at 49,990 and 0.001 at 49,980.
        _ = try await bob.place(NewOrderRequest(symbol: "BTCUSDT", side: "SELL", timeInForce: "IOC", quantity: "0.003",
                                                price: "49980.0", clientOrderId: "bob-hit"))
        #expect(await SessionFixture.eventually { await session.withManager { $0.position(symbol: "BTCUSDT") } == 3 })
        let ledger = await session.withManager { $0.ledger(symbol: "BTCUSDT") }
        let expectedQuote: Int128 = -(499_900 * 2 + 499_800 * 1)
        #expect(ledger?.netQuote == expectedQuote)
        // Move the quotes: same sides, new prices (modify where the order is still live).
        let moved = await session.setQuotes(symbol: "BTCUSDT", [Self.quote(.buy, 499_700, 2), Self.quote(.sell, 500_150, 2),
                                                                Self.quote(.sell, 500_250, 2)])
        #expect(moved.refused.isEmpty)
        #expect(try await SessionFixture.eventually {
            let open = try await rest.openOrders(symbol: "BTCUSDT")
            return Set(open.map(\.price)) == ["49970.0", "50015.0", "50025.0"]
        })
        await session.killSwitch()
        #expect(try await SessionFixture.eventually { try await rest.openOrders(symbol: "BTCUSDT").isEmpty })
        #expect(await SessionFixture.eventually { await session.withManager { $0.openOrders(symbol: "BTCUSDT").isEmpty } })
        await session.stop()
        try await rest.shutdown()
        try await bob.shutdown()
        try await server.stop()
    }

    @Test("risk refuses what breaks a limit before anything is sent: collar, order notional, open orders")
    func riskFirst() async throws {
        let server = try await ServerHarness(ServerHarness.configuration())
        defer { server.removeData() }
        let session = try SessionFixture.session(server, limits: SymbolRiskLimits(maxPositionNotional: 50_000_000_000,
                                                                                  maxOrderNotional: 10_000_000,
                                                                                  maxOpenOrders: 2, collarBasisPoints: 100))
        try await session.start()
        let decision = await session.setQuotes(symbol: "BTCUSDT", [Self.quote(.buy, 400_000, 1),      // 20% off: collar
                                                                   Self.quote(.buy, 499_000, 30),     // 1,497 USDT > 1,000
                                                                   Self.quote(.buy, 499_500, 1), Self.quote(.sell, 500_500, 1),
                                                                   Self.quote(.sell, 500_600, 1)])    // a third open order
        #expect(Set(decision.refused.map(\.reason)) == [.outsideCollar, .orderNotionalTooLarge, .tooManyOpenOrders])
        let rest = server.gatewayREST(account: "alice")
        #expect(try await SessionFixture.eventually { try await rest.openOrders(symbol: "BTCUSDT").count == 2 })
        try await Task.sleep(for: .milliseconds(100))
        #expect(try await rest.allOrders(symbol: "BTCUSDT").count == 2)
        await session.stop()
        try await rest.shutdown()
        try await server.stop()
    }
}
