import Testing
@testable import HFTEngine

@Suite("Risk margin")
struct RiskMarginTests {
    typealias F = RiskFixtures

    @Test func referenceExampleCrossLong() throws {
        // REFERENCES.md: cross, WB 500, long 0.02 BTC at 50,000 (0.4%, cum 0) → 25,100.40.
        var core = F.core()
        try core.deposit(account: 1, amount: Money(units: F.money("500")))
        try core.deposit(account: 2, amount: Money(units: F.money("100000")))
        F.trade(&core, F.btc, account: 1, counterparty: 2, lots: 20, price: "50000")
        try core.setMark(F.btc, Price(ticks: F.ticks("50000")))
        let slot = try #require(core.positions.slot(account: 1, symbol: F.btc).map { $0 })
        let margin = core.accountMargin(1)
        #expect(margin.unrealizedPnL == 0)
        #expect(margin.maintenanceMargin == F.money("4"))        // 1,000 × 0.4%
        #expect(margin.equity == F.money("500"))
        #expect(core.liquidationPrice(slot: slot, margin: margin) == Price(ticks: F.ticks("25100.40")))
        // Bankruptcy: (1,000 − 500) / 0.02 = 25,000.
        #expect(core.bankruptcyPrice(slot: slot, margin: margin) == Price(ticks: F.ticks("25000")))
        // The counterparty's short: (100,000 + 1,000) / (0.02 × 1.004) = 5,029,880.48 has a
        // notional of 100,597 (0.5%, cum 50), so again: 101,050 / 0.0201 = 5,027,363.1840…
        // → 5,027,363.19 (rounded up for a short).
        let short = try #require(core.positions.slot(account: 2, symbol: F.btc).map { $0 })
        let lp = try #require(core.liquidationPrice(slot: short, margin: core.accountMargin(2)).map { $0 })
        #expect(lp == Price(ticks: F.ticks("5027363.19")))
    }

    @Test func isolatedShort() throws {
        // Isolated short 1 BTC at 40,000 with 4,000 isolated margin (10x):
        // LP = (4,000 + 40,000) / (1 × 0.004 + 1) = 43,824.7011… → 43,824.71 (up for a short).
        var core = F.core()
        try core.deposit(account: 3, amount: Money(units: F.money("10000")))
        try core.deposit(account: 4, amount: Money(units: F.money("10000")))
        try core.setLeverage(account: 3, symbol: F.btc, leverage: 10, mode: .isolated)
        F.trade(&core, F.btc, account: 3, counterparty: 4, lots: -1_000, price: "40000")
        let slot = try #require(core.positions.slot(account: 3, symbol: F.btc).map { $0 })
        #expect(core.positions.margin(slot) == F.money("4000"))
        #expect(core.accounts.marginInUse(3).units == F.money("4000"))
        try core.setMark(F.btc, Price(ticks: F.ticks("41000")))
        let margin = core.accountMargin(3)
        #expect(margin.isolatedMargin == F.money("4000"))
        #expect(margin.unrealizedPnL == -F.money("1000"))
        #expect(core.liquidationPrice(slot: slot, margin: margin) == Price(ticks: F.ticks("43824.71")))
        // Bankruptcy of the isolated short: (4,000 + 40,000) / 1 = 44,000.
        #expect(core.bankruptcyPrice(slot: slot, margin: margin) == Price(ticks: F.ticks("44000")))
    }

    @Test func bracketRecheck() throws {
        // Long 5.5 BTC at 50,000 (275,000: 1%, cum 1,300), WB 30,000. With that bracket
        // LP = 44,756.66 whose notional 246,161 is in the 0.5% bracket (cum 50); again:
        // (30,000 + 50 − 275,000) / (5.5 × 0.005 − 5.5) = 44,760.1644… → 44,760.16.
        var core = F.core()
        try core.deposit(account: 5, amount: Money(units: F.money("30000")))
        try core.deposit(account: 6, amount: Money(units: F.money("1000000")))
        F.trade(&core, F.btc, account: 5, counterparty: 6, lots: 5_500, price: "50000")
        try core.setMark(F.btc, Price(ticks: F.ticks("50000")))
        let slot = try #require(core.positions.slot(account: 5, symbol: F.btc).map { $0 })
        #expect(core.liquidationPrice(slot: slot, margin: core.accountMargin(5)) == Price(ticks: F.ticks("44760.16")))
    }

    @Test func crossAccountWithTwoSymbols() throws {
        // WB 15,000; long 0.5 BTC at 40,000 (mark 42,000: uPnL 1,000, MM 84);
        // short 10 ETH at 3,000 (mark 2,900: uPnL 1,000, MM 145).
        // BTC: (15,000 − 145 + 1,000 + 0 − 20,000) / (0.5 × 0.004 − 0.5) = 8,323.2931… → 8,323.29
        // ETH: (15,000 − 84 + 1,000 + 30,000) / (10 × 0.005 + 10) = 4,568.7562… → 4,568.76
        // ETH bankruptcy: (−30,000 − 15,000 − 1,000) / −10 = 4,600.
        var core = F.core()
        try core.deposit(account: 7, amount: Money(units: F.money("15000")))
        try core.deposit(account: 8, amount: Money(units: F.money("1000000")))
        F.trade(&core, F.btc, account: 7, counterparty: 8, lots: 500, price: "40000")
        F.trade(&core, F.eth, account: 7, counterparty: 8, lots: -1_000, price: "3000")
        try core.setMark(F.btc, Price(ticks: F.ticks("42000")))
        try core.setMark(F.eth, Price(ticks: F.ticks("2900")))
        let margin = core.accountMargin(7)
        #expect(margin.unrealizedPnL == F.money("2000"))
        #expect(margin.maintenanceMargin == F.money("229"))
        #expect(margin.equity == F.money("17000"))
        #expect(!margin.isLiquidatable)
        #expect(abs(margin.marginRatio - 229.0 / 17_000.0) < 1e-12)
        let btc = try #require(core.positions.slot(account: 7, symbol: F.btc).map { $0 })
        let eth = try #require(core.positions.slot(account: 7, symbol: F.eth).map { $0 })
        #expect(core.liquidationPrice(slot: btc, margin: margin) == Price(ticks: F.ticks("8323.29")))
        #expect(core.liquidationPrice(slot: eth, margin: margin) == Price(ticks: F.ticks("4568.76")))
        #expect(core.bankruptcyPrice(slot: eth, margin: margin) == Price(ticks: F.ticks("4600")))
        #expect(core.unrealizedPnL(slot: eth, ticks: F.ticks("2900")) == F.money("1000"))
    }

    @Test func liquidationPriceOnTheGridIsWhereTheTriggerHolds() throws {
        // At the returned LP (long) equity ≤ MM; one tick above it equity > MM.
        var core = F.core()
        try core.deposit(account: 1, amount: Money(units: F.money("777.77")))
        try core.deposit(account: 2, amount: Money(units: F.money("100000")))
        F.trade(&core, F.btc, account: 1, counterparty: 2, lots: 33, price: "43210.55")
        try core.setMark(F.btc, Price(ticks: F.ticks("43210.55")))
        let slot = try #require(core.positions.slot(account: 1, symbol: F.btc).map { $0 })
        let lp = try #require(core.liquidationPrice(slot: slot, margin: core.accountMargin(1)).map { $0 }).ticks
        for (price, liquidatable) in [(lp, true), (lp + 1, false)] {
            try core.setMark(F.btc, Price(ticks: price))
            let m = core.accountMargin(1)
            #expect((m.crossEquity <= m.crossMaintenanceMargin) == liquidatable)
        }
    }

    @Test func longThatCannotBeLiquidatedHasNoPrice() throws {
        var core = F.core()
        try core.deposit(account: 1, amount: Money(units: F.money("100000")))
        try core.deposit(account: 2, amount: Money(units: F.money("100000")))
        F.trade(&core, F.btc, account: 1, counterparty: 2, lots: 10, price: "50000")
        let slot = try #require(core.positions.slot(account: 1, symbol: F.btc).map { $0 })
        #expect(core.liquidationPrice(slot: slot, margin: core.accountMargin(1)) == nil)
        #expect(core.bankruptcyPrice(slot: slot, margin: core.accountMargin(1)) == nil)
    }
}
