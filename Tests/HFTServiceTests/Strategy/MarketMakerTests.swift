import Foundation
import HFTGateway
import HFTOrderManager
import HFTStrategy
@testable import HFTVenueServer
import Testing

@Suite("hft mm: the example market maker against hft-venue", .serialized)
struct MarketMakerTests {
    @Test("the quote ladder is skewed against inventory and one-sided beyond the limit")
    func ladder() async throws {
        let server = MarketMaker.Parameters(symbol: "BTCUSDT")
        var parameters = server
        parameters.levels = 2
        parameters.maxInventorySteps = 3
        let session = try SessionFixture.offlineSession()
        let maker = MarketMaker(session: session, rules: SessionFixture.btc, parameters: parameters)
        let flat = maker.quotes(fair: 500_000, position: 0)
        #expect(flat.map(\.price) == [499_995, 500_005, 499_990, 500_010])
        let long = maker.quotes(fair: 500_000, position: 2)           // 2 steps long: 4 ticks lower
        #expect(long.map(\.price) == [499_991, 500_001, 499_986, 500_006])
        let tooLong = maker.quotes(fair: 500_000, position: 3)
        #expect(tooLong.allSatisfy { $0.side == .sell })
        let tooShort = maker.quotes(fair: 500_000, position: -3)
        #expect(tooShort.allSatisfy { $0.side == .buy })
        await session.stop()
    }

    @Test("three seconds of quoting against a taker: fills, a bounded inventory, no order left, a chart")
    func run() async throws {
        let server = try await ServerHarness(ServerHarness.configuration())
        defer { server.removeData() }
        let session = try SessionFixture.session(server)
        try await session.start()
        var parameters = MarketMaker.Parameters(symbol: "BTCUSDT")
        parameters.interval = .milliseconds(100)
        parameters.maxInventorySteps = 6
        let maker = MarketMaker(session: session, rules: SessionFixture.btc, parameters: parameters)
        let bob = server.gatewayREST(account: "bob")
        let taker = SessionFixture.taker(bob)
        // Three seconds, and up to three more when a loaded machine (the whole suite runs in
        // parallel) let the taker meet no quote in the first.
        var samples = await maker.run(for: .seconds(3)) { 500_000 }
        for _ in 0..<3 where !samples.contains(where: { $0.position != 0 }) {
            samples += await maker.run(for: .seconds(3)) { 500_000 }
        }
        taker.cancel()
        _ = await taker.value
        #expect(samples.count >= 3)    // 30 steps when idle; a loaded machine (the whole suite runs in parallel) gives fewer
        #expect(samples.contains { $0.position != 0 })
        // The taker buys twice as often as it sells: the maker goes short, and its skew
        // and one-sided quoting keep it within the limit plus what one step can fill.
        #expect(samples.allSatisfy { abs($0.position) <= parameters.maxInventorySteps + Int64(parameters.levels) * parameters.quantitySteps })
        let rest = server.gatewayREST(account: "alice")
        #expect(try await SessionFixture.eventually { try await rest.openOrders(symbol: "BTCUSDT").isEmpty })
        let svg = maker.chart(samples).render()
        #expect(svg.hasPrefix("<svg") && svg.components(separatedBy: "<polyline").count - 1 == 5)
        await session.stop()
        try await rest.shutdown()
        try await bob.shutdown()
        try await server.stop()
    }
}
