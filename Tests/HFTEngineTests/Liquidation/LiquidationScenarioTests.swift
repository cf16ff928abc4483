import Foundation
import Testing
import HFTReplay

/// Every `Scenarios/liquidation_*.txt` replays to exactly its `.expected` output (the
/// `LIQUIDATION`, `TRADE`, `INSURANCE`, `ADL` and `CANCELED` lines of the liquidation
/// engine among the others). The matching scenario suite runs them too; this suite keeps
/// them in `swift test --filter Liquidation`.
@Suite struct LiquidationScenarioTests {
    static var names: [String] { ScenarioFiles.names(prefix: "liquidation_") }

    @Test func scenariosExist() {
        #expect(Self.names.count >= 5)
    }

    @Test(arguments: LiquidationScenarioTests.names)
    func scenario(_ name: String) throws {
        let errors = try ScenarioFiles.expectReplayMatchesExpected(name)
        #expect(errors == 0)
    }

    /// A long at 10x whose mark falls through its liquidation price.
    static func crossing(engineLine: String) -> String {
        """
        \(engineLine)
        SYMBOL BTC tick=0.01 lot=0.001
        DEPOSIT 1 5100
        DEPOSIT 2 100000
        LEVERAGE 1 BTC 10
        NEW 1 2 BTC SELL LIMIT 50000 1
        NEW 2 1 BTC BUY LIMIT 50000 1
        MARK BTC 40000
        """
    }

    @Test func liquidationIsOnWithRiskAndCanBeSwitchedOff() {
        let (on, _) = ReplaySession.run(Self.crossing(engineLine: "ENGINE risk=on money=8"))
        #expect(on.contains { $0.hasPrefix("LIQUIDATION") })
        let (off, _) = ReplaySession.run(Self.crossing(engineLine: "ENGINE risk=on money=8 liquidation=off"))
        #expect(!off.contains { $0.hasPrefix("LIQUIDATION") })
        #expect(off.count == 3)
    }

    /// A user order may hold an id in the engine's own range (2^62 on): the liquidation
    /// order takes the next free id and still trades against the book.
    @Test func liquidationOrderSkipsIdsHeldByUserOrders() {
        let (lines, errors) = ReplaySession.run("""
            ENGINE risk=on money=8
            SYMBOL BTC tick=0.01 lot=0.001
            DEPOSIT 1 5100
            DEPOSIT 2 100000
            LEVERAGE 1 BTC 10
            NEW 1 2 BTC SELL LIMIT 50000 1
            NEW 2 1 BTC BUY LIMIT 50000 1
            NEW 4611686018427387904 2 BTC BUY LIMIT 45000 1
            MARK BTC 44000
            """)
        #expect(errors == 0)
        #expect(lines.contains("TRADE BTC 4611686018427387904 4611686018427387905 45000 1"), "\(lines)")
        #expect(!lines.contains { $0.contains("DUPLICATE_ORDER_ID") })
    }

    @Test func aBadEngineLineChangesNothing() {
        // `liquidation=off` is on the same line as an unknown option: the line is an ERROR
        // and liquidation stays on.
        let script = "ENGINE risk=on liquidation=off bogus=1\n" + Self.crossing(engineLine: "# engine as before")
        let (lines, errors) = ReplaySession.run(script)
        #expect(errors == 1)
        #expect(lines.first?.hasPrefix("ERROR 1 ") == true)
        #expect(lines.contains { $0.hasPrefix("LIQUIDATION") })
    }

    @Test func badOptionIsAnError() {
        let (lines, errors) = ReplaySession.run("ENGINE risk=on liquidation=maybe\n")
        #expect(errors == 1)
        #expect(lines.first?.hasPrefix("ERROR 1 ") == true)
    }
}
