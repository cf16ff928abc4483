import Testing
@testable import HFTEngine

@Suite("Risk clearing")
struct RiskClearingTests {
    typealias F = RiskFixtures

    @Test func openIncreaseReduceCloseFlip() throws {
        var core = F.core()
        let m = F.money
        try core.deposit(account: 1, amount: Money(units: m("10000")))
        try core.deposit(account: 2, amount: Money(units: m("10000")))
        // Open: 1 buys 0.1 at 50,000 (cost 5,000); 2 is short.
        F.trade(&core, F.btc, account: 1, counterparty: 2, lots: 100, price: "50000")
        #expect(F.position(core, 1, F.btc)! == (100, m("5000"), m("250")))   // 20x: 250
        #expect(F.position(core, 2, F.btc)! == (-100, -m("5000"), m("250")))
        // Increase: 0.1 more at 52,000 → cost 10,200 (entry 51,000).
        F.trade(&core, F.btc, account: 1, counterparty: 2, lots: 100, price: "52000")
        #expect(F.position(core, 1, F.btc)!.cost == m("10200"))
        // Reduce: sell 0.05 at 53,000 → realized 0.05 × (53,000 − 51,000) = 100.
        let r = try core.clearTrade(symbol: F.btc, price: Price(ticks: F.ticks("53000")), quantity: Quantity(lots: 50),
                                    makerAccount: 2, makerIsBuyer: true, takerAccount: 1)
        #expect(r.taker.realizedPnL == m("100"))
        #expect(r.maker.realizedPnL == -m("100"))
        #expect(F.position(core, 1, F.btc)!.size == 150)
        #expect(F.position(core, 1, F.btc)!.cost == m("7650"))
        #expect(core.balance(1).units == m("10100"))
        // Flip: sell 0.25 at 50,000 → close 0.15 (realized 0.15 × (50,000 − 51,000) = −150),
        // open short 0.1 at 50,000.
        let flip = try core.clearTrade(symbol: F.btc, price: Price(ticks: F.ticks("50000")), quantity: Quantity(lots: 250),
                                       makerAccount: 2, makerIsBuyer: true, takerAccount: 1)
        #expect(flip.taker.realizedPnL == -m("150"))
        #expect(F.position(core, 1, F.btc)! == (-100, -m("5000"), m("250")))
        #expect(F.position(core, 2, F.btc)! == (100, m("5000"), m("250")))
        // Close: buy 0.1 back at 49,000 → +100; slot released (flat, default settings).
        F.trade(&core, F.btc, account: 1, counterparty: 2, lots: 100, price: "49000")
        #expect(F.position(core, 1, F.btc) == nil)
        #expect(F.position(core, 2, F.btc) == nil)
        #expect(core.balance(1).units == m("10050"))
        #expect(core.balance(2).units == m("9950"))
        #expect(core.accounts.marginInUse(1) == .zero)
        #expect(core.positions.count(F.btc) == 0)
        #expect(core.conservationDiscrepancy() == 0)
    }

    @Test func feesAndRebatesRoundInTheFeeAccountsFavour() throws {
        // maker −1 bp (rebate), taker 4 bp.
        var core = F.core(makerBps: -1, takerBps: 4)
        let m = F.money
        try core.deposit(account: 1, amount: Money(units: m("1000")))
        try core.deposit(account: 2, amount: Money(units: m("1000")))
        // 0.001 BTC at 12,345.67 = 12.34567 USDT: taker 0.004938268 → 0.00493827 (up);
        // maker rebate 0.001234567 → 0.00123456 (down).
        let r = try core.clearTrade(symbol: F.btc, price: Price(ticks: F.ticks("12345.67")), quantity: Quantity(lots: 1),
                                    makerAccount: 2, makerIsBuyer: false, takerAccount: 1)
        #expect(r.taker.fee == 493_827)
        #expect(r.maker.fee == -123_456)
        #expect(core.balance(core.accounts.feeAccount).units == 493_827 - 123_456)
        #expect(core.balance(1).units == m("1000") - 493_827)
        #expect(core.balance(2).units == m("1000") + 123_456)
        #expect(core.conservationDiscrepancy() == 0)
    }

    @Test func selfTradeChargesBothFeesAndLeavesNoPosition() throws {
        var core = F.core(makerBps: 2, takerBps: 5)
        try core.deposit(account: 9, amount: Money(units: F.money("1000")))
        let r = try core.clearTrade(symbol: F.btc, price: Price(ticks: F.ticks("100")), quantity: Quantity(lots: 1000),
                                    makerAccount: 9, makerIsBuyer: true, takerAccount: 9)
        #expect(r.maker.fee == F.money("0.02"))
        #expect(r.taker.fee == F.money("0.05"))
        #expect(F.position(core, 9, F.btc) == nil)
        #expect(core.conservationDiscrepancy() == 0)
    }

    @Test func isolatedMarginGrowsAndIsReleasedProportionally() throws {
        var core = F.core()
        let m = F.money
        try core.deposit(account: 1, amount: Money(units: m("10000")))
        try core.deposit(account: 2, amount: Money(units: m("10000")))
        try core.setLeverage(account: 1, symbol: F.btc, leverage: 3, mode: .isolated)
        F.trade(&core, F.btc, account: 1, counterparty: 2, lots: 300, price: "10000")   // 3,000 / 3
        #expect(F.position(core, 1, F.btc)!.margin == m("1000"))
        F.trade(&core, F.btc, account: 1, counterparty: 2, lots: -100, price: "11000")
        #expect(F.position(core, 1, F.btc)!.margin == m("1000") - m("1000") / 3)
        #expect(core.accounts.marginInUse(1).units == F.position(core, 1, F.btc)!.margin)
        F.trade(&core, F.btc, account: 1, counterparty: 2, lots: -200, price: "9000")
        // Flat but isolated mode is a non-default setting: the slot stays, margin 0.
        #expect(F.position(core, 1, F.btc)! == (0, 0, 0))
        #expect(core.accounts.marginInUse(1) == .zero)
        #expect(core.balance(1).units == m("10000") + m("100") - m("200"))
        #expect(core.conservationDiscrepancy() == 0)
    }

    @Test func badTradesChangeNothing() {
        var core = F.core()
        #expect(throws: RiskReject.badQuantity) {
            try core.clearTrade(symbol: F.btc, price: Price(ticks: 1), quantity: Quantity(lots: 0),
                                makerAccount: 1, makerIsBuyer: true, takerAccount: 2)
        }
        #expect(throws: RiskReject.unknownSymbol) {
            try core.clearTrade(symbol: 5, price: Price(ticks: 1), quantity: Quantity(lots: 1),
                                makerAccount: 1, makerIsBuyer: true, takerAccount: 2)
        }
        #expect(throws: RiskReject.unknownAccount) {
            try core.clearTrade(symbol: F.btc, price: Price(ticks: 1), quantity: Quantity(lots: 1),
                                makerAccount: core.accounts.feeAccount, makerIsBuyer: true, takerAccount: 2)
        }
        #expect(core.positions.count(F.btc) == 0)
    }

    @Test func positionCapacityIsATypedReject() throws {
        var core = F.core(perSymbol: 2)
        F.trade(&core, F.btc, account: 1, counterparty: 2, lots: 1, price: "10")
        #expect(throws: RiskReject.capacity) {
            try core.clearTrade(symbol: F.btc, price: Price(ticks: 1000), quantity: Quantity(lots: 1),
                                makerAccount: 3, makerIsBuyer: true, takerAccount: 4)
        }
        #expect(core.positions.count(F.btc) == 2)
        #expect(core.conservationDiscrepancy() == 0)
    }
}
