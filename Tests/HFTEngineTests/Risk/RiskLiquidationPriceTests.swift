import Testing
@testable import HFTEngine

/// The liquidation and bankruptcy prices checked against their definitions on random
/// positions: moving the mark to the returned liquidation price makes the account
/// liquidatable (cross equity ≤ maintenance margin), one tick back toward the entry does
/// not; at the bankruptcy price equity is ≥ 0 and one tick further it is < 0. Positions
/// span several brackets, so the bracket re-check is exercised.
@Suite("Risk liquidation price")
struct RiskLiquidationPriceTests {
    typealias F = RiskFixtures

    @Test(arguments: [21, 22, 23, 24] as [UInt64])
    func pricesMatchTheirDefinitions(seed: UInt64) throws {
        var rng = RiskRandom(state: seed)
        var checked = 0
        for trial in 0..<150 {
            var core = F.core(users: 8, perSymbol: 16)
            let isolated = trial % 3 == 0
            let long = rng.int(0...1) == 0
            let lots = rng.int(1...20_000)                       // up to 20 BTC: up to the 2.5% bracket
            let entry = rng.int(1_000_000...8_000_000)           // 10,000 ... 80,000
            let deposit = rng.int(1...F.money("400000"))
            try core.deposit(account: 1, amount: Money(units: deposit))
            try core.deposit(account: 2, amount: Money(units: F.money("100000000")))
            if isolated { try core.setLeverage(account: 1, symbol: F.btc, leverage: rng.int(1...20), mode: .isolated) }
            _ = try core.clearTrade(symbol: F.btc, price: Price(ticks: entry), quantity: Quantity(lots: lots),
                                    makerAccount: 2, makerIsBuyer: !long, takerAccount: 1)
            // A second, cross position in ETH for the cross cases (TMM1 and UPNL1 ≠ 0).
            if !isolated && trial % 2 == 0 {
                _ = try core.clearTrade(symbol: F.eth, price: Price(ticks: 300_000), quantity: Quantity(lots: rng.int(1...500)),
                                        makerAccount: 2, makerIsBuyer: rng.int(0...1) == 0, takerAccount: 1)
                try core.setMark(F.eth, Price(ticks: rng.int(250_000...350_000)))
            }
            try core.setMark(F.btc, Price(ticks: entry))
            let slot = try #require(core.positions.slot(account: 1, symbol: F.btc).map { $0 })
            let margin = core.accountMargin(1)
            func liquidatable(at ticks: Int64) -> Bool {
                try! core.setMark(F.btc, Price(ticks: ticks))
                let m = core.accountMargin(1)
                if isolated {
                    let equity = core.positions.margin(slot) + core.unrealizedPnL(slot: slot, ticks: ticks)
                    return equity <= core.maintenanceMargin(slot: slot, ticks: ticks)
                }
                return m.crossEquity <= m.crossMaintenanceMargin
            }
            func equity(at ticks: Int64) -> Int64 {
                try! core.setMark(F.btc, Price(ticks: ticks))
                if isolated { return core.positions.margin(slot) + core.unrealizedPnL(slot: slot, ticks: ticks) }
                let m = core.accountMargin(1)
                return m.crossEquity
            }
            let lp = core.liquidationPrice(slot: slot, margin: margin)
            let bp = core.bankruptcyPrice(slot: slot, margin: margin)
            let toward: Int64 = long ? 1 : -1   // one tick back toward the entry
            if let lp, lp.ticks > 1 {
                #expect(liquidatable(at: lp.ticks), "trial \(trial): liquidatable at LP \(lp.ticks)")
                #expect(!liquidatable(at: lp.ticks + toward), "trial \(trial): not liquidatable one tick from LP \(lp.ticks)")
                checked += 1
            } else if long {
                #expect(!liquidatable(at: 1), "trial \(trial): a long without LP is never liquidatable")
            }
            if let bp, bp.ticks > 1 {
                #expect(equity(at: bp.ticks) >= 0, "trial \(trial): equity at BP")
                #expect(equity(at: bp.ticks - toward) < 0, "trial \(trial): equity one tick past BP")
            }
        }
        #expect(checked > 60)
    }
}
