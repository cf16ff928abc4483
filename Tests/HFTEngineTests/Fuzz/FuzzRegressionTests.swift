import Testing
@testable import HFTReplay

/// Inputs that `hft fuzz` or its review found to break a rule, kept as regression tests.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    /// A cross account with a 17 BTC long is liquidated into a wall of 17,000 bids of
    /// 0.001: one mark, 17,000 fills. The liquidation event buffer held 16,384 events and
    /// dropped the rest silently (no TRADE lines for the last 616 fills, no INSURANCE line).
    @Test func aLiquidationIntoTenThousandsOfMakersPrintsEveryFill() {
        var lines = [
            "ENGINE risk=on orders=24000 levels=8192 symbols=4 accounts=64 positions=64 openOrders=20000",
            "SYMBOL BTC tick=0.5 lot=0.001 maxLeverage=50 ladder=262144",
            "MARK BTC 50000", "DEPOSIT 1 100000000", "DEPOSIT 2 100000000", "DEPOSIT 3 20000", "LEVERAGE 3 BTC 50",
            "NEW 1 1 BTC SELL LIMIT 50000 17", "NEW 2 3 BTC BUY LIMIT 50000 17",
        ]
        for id in 3...17_002 { lines.append("NEW \(id) 2 BTC BUY LIMIT 49000 0.001") }
        lines.append("MARK BTC 48900")
        var printed: [String] = []
        let session = ReplaySession { printed.append($0) }
        session.run(lines.joined(separator: "\n"))
        let afterMark = printed.drop { !$0.hasPrefix("LIQUIDATION") && !$0.hasPrefix("TRADE BTC 3 ") }
        #expect(afterMark.filter { $0.hasPrefix("TRADE BTC ") }.count == 17_000)
        #expect(afterMark.contains { $0.hasPrefix("LIQUIDATION account=3 sym=BTC side=SELL qty=17 filled=17 ") })
        #expect(afterMark.contains { $0.hasPrefix("INSURANCE kind=FEE account=3 ") })
        #expect(session.engine.restingOrderCount == 0)
        #expect(session.risk.conservationDiscrepancy() == 0)
    }
}
