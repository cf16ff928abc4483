import Testing
@testable import HFTEngine

@Suite("Risk pre-trade")
struct RiskPreTradeTests {
    typealias F = RiskFixtures

    static func order(_ id: Int64 = 1, account: Int = 1, symbol: Int = F.btc, buy: Bool = true, price: String = "50000",
                      lots: Int64 = 100, market: Bool = false, reduceOnly: Bool = false, postOnly: Bool = false) -> PreTradeOrder {
        PreTradeOrder(orderId: id, account: account, symbol: symbol, isBuy: buy, price: Price(ticks: F.ticks(price)),
                      quantity: Quantity(lots: lots), isMarket: market, reduceOnly: reduceOnly, postOnly: postOnly)
    }

    @Test func everyRejectReason() throws {
        var core = F.core(maxOpenOrders: 2, takerBps: 5, band: Rate(e8: 5_000_000))   // band 5%
        try core.deposit(account: 1, amount: Money(units: F.money("1000")))
        try core.setMark(F.btc, Price(ticks: F.ticks("50000")))
        #expect(throws: RiskReject.unknownSymbol) { try core.check(Self.order(symbol: 7)) }
        try core.setHalted(F.btc, true)
        #expect(throws: RiskReject.halted) { try core.check(Self.order()) }
        try core.setHalted(F.btc, false)
        core.globalHalt = true
        #expect(throws: RiskReject.halted) { try core.check(Self.order()) }
        core.globalHalt = false
        #expect(throws: RiskReject.unknownAccount) { try core.check(Self.order(account: core.accounts.feeAccount)) }
        #expect(throws: RiskReject.badQuantity) { try core.check(Self.order(lots: 0)) }
        #expect(throws: RiskReject.badQuantity) { try core.check(Self.order(lots: 1_000_001)) }
        // Band: 5% of 50,000 = 2,500; 52,500 is allowed, 52,500.01 is not.
        #expect(throws: Never.self) { try core.check(Self.order(price: "52500", lots: 1)) }
        #expect(throws: RiskReject.priceBand) { try core.check(Self.order(price: "52500.01", lots: 1)) }
        #expect(throws: RiskReject.priceBand) { try core.check(Self.order(price: "47499.99", lots: 1)) }
        #expect(throws: Never.self) { try core.check(Self.order(price: "60000", lots: 1, market: true)) }
        #expect(throws: RiskReject.reduceOnly) { try core.check(Self.order(reduceOnly: true)) }
        // 20x default; 125x is the bracket maximum up to 50,000.
        try core.setLeverage(account: 1, symbol: F.btc, leverage: 125)
        #expect(throws: Never.self) { try core.check(Self.order(lots: 999)) }            // 49,950
        #expect(throws: RiskReject.leverage) { try core.check(Self.order(lots: 1_000)) }  // 50,000: 100x max
        #expect(throws: RiskReject.leverage) { try core.setLeverage(account: 1, symbol: F.btc, leverage: 126) }
        try core.setLeverage(account: 1, symbol: F.btc, leverage: 10)
        // 10x: 0.2 BTC = 10,000 notional needs 1,000 + 5 bp fee 5 = 1,005 > 1,000.
        #expect(throws: RiskReject.insufficientMargin) { try core.check(Self.order(lots: 200)) }
        let ok = try core.check(Self.order(lots: 199))     // 995 + 4.975 = 999.975
        #expect(ok.reservation.units == F.money("999.975"))
        // Post-only reserves no taker fee (maker fee is 0).
        #expect(try core.check(Self.order(lots: 200, postOnly: true)).reservation.units == F.money("1000"))
        _ = try core.admit(Self.order(1, lots: 1))
        _ = try core.admit(Self.order(2, lots: 1))
        #expect(throws: RiskReject.tooManyOrders) { try core.check(Self.order(3, lots: 1)) }
        #expect(throws: RiskReject.duplicateOrderId) {
            core.orderEnded(2)
            _ = try core.admit(Self.order(1, lots: 1))
        }
    }

    @Test func reduceOnlyIsCappedAndNeedsNoMargin() throws {
        var core = F.core()
        try core.deposit(account: 1, amount: Money(units: F.money("1000")))
        try core.deposit(account: 2, amount: Money(units: F.money("1000")))
        F.trade(&core, F.btc, account: 1, counterparty: 2, lots: 10, price: "50000")
        #expect(throws: RiskReject.reduceOnly) { try core.check(Self.order(buy: true, lots: 5, reduceOnly: true)) }
        let a = try core.check(Self.order(buy: false, lots: 25, reduceOnly: true))
        #expect(a.quantity.lots == 10)
        #expect(a.reservation == .zero)
    }

    @Test func reversingOrderNeedsMarginOnlyBeyondThePosition() throws {
        var core = F.core()
        try core.deposit(account: 1, amount: Money(units: F.money("1000")))
        try core.deposit(account: 2, amount: Money(units: F.money("1000")))
        F.trade(&core, F.btc, account: 1, counterparty: 2, lots: 100, price: "50000")  // long 0.1, IM 250
        // Sell 0.3: 0.1 closes, 0.2 opens: 10,000 / 20 = 500.
        #expect(try core.check(Self.order(buy: false, lots: 300)).reservation.units == F.money("500"))
        // Sell 0.1 closes only: no margin.
        #expect(try core.check(Self.order(buy: false, lots: 100)).reservation == .zero)
    }

    @Test func reservationsAreReleasedOnFillCancelAndExpiry() throws {
        var core = F.core()
        try core.deposit(account: 1, amount: Money(units: F.money("1000")))
        let before = core.available(1)
        let a = try core.admit(Self.order(11, lots: 300))   // 15,000 / 20 = 750
        #expect(a.reservation.units == F.money("750"))
        #expect(core.accounts.reserved(1).units == F.money("750"))
        #expect(core.accounts.openOrders(1) == 1)
        #expect(core.positions.slot(account: 1, symbol: F.btc) != nil)
        // Fill 100 of 300: release ⌊750 × 100 / 300⌋ = 250.
        #expect(core.orderFilled(11, lots: 100) == true)
        #expect(core.accounts.reserved(1).units == F.money("500"))
        #expect(core.orderEnded(11) == true)
        #expect(core.accounts.reserved(1) == .zero)
        #expect(core.accounts.openOrders(1) == 0)
        #expect(core.available(1) == before)
        #expect(core.orderEnded(11) == false)
        // Uneven thirds: the last fill releases the rest exactly.
        _ = try core.admit(Self.order(12, price: "33333.33", lots: 7))
        let reserved = core.accounts.reserved(1).units
        #expect(reserved > 0)
        core.orderFilled(12, lots: 3)
        core.orderFilled(12, lots: 3)
        core.orderFilled(12, lots: 1)
        #expect(core.accounts.reserved(1) == .zero)
        #expect(core.accounts.openOrders(1) == 0)
        #expect(core.liveOrderCount == 0)
        // Idle slot given back once the last order ended.
        #expect(core.positions.slot(account: 1, symbol: F.btc) == nil)
    }

    @Test func withdrawalsAndLeverageRespectAvailableMoney() throws {
        var core = F.core()
        try core.deposit(account: 1, amount: Money(units: F.money("100")))
        #expect(throws: RiskReject.badAmount) { try core.deposit(account: 1, amount: .zero) }
        #expect(throws: RiskReject.unknownAccount) { try core.deposit(account: -1, amount: Money(units: 1)) }
        _ = try core.admit(Self.order(1, lots: 20))    // 1,000 / 20 = 50
        #expect(throws: RiskReject.insufficientMargin) { try core.withdraw(account: 1, amount: Money(units: F.money("50.00000001"))) }
        try core.withdraw(account: 1, amount: Money(units: F.money("50")))
        #expect(core.available(1) == .zero)
        try core.deposit(account: 2, amount: Money(units: F.money("1000")))
        try core.deposit(account: 1, amount: Money(units: F.money("50")))
        F.trade(&core, F.btc, account: 1, counterparty: 2, lots: 20, price: "50000")   // IM 50 at 20x
        // 2x would need 500 of margin: refused, nothing changes.
        #expect(throws: RiskReject.insufficientMargin) { try core.setLeverage(account: 1, symbol: F.btc, leverage: 2) }
        #expect(core.accounts.marginInUse(1).units == F.money("50"))
        #expect(throws: RiskReject.marginMode) { try core.setLeverage(account: 1, symbol: F.btc, leverage: 20, mode: .isolated) }
        try core.setLeverage(account: 1, symbol: F.btc, leverage: 50)
        #expect(core.accounts.marginInUse(1).units == F.money("20"))
        #expect(core.conservationDiscrepancy() == 0)
    }

    // MARK: Unrealized PnL in the money available to an order

    /// Money units at 20x of `lots` of BTC (lot 0.001) at `price`: the order's initial margin.
    static func btcMargin(_ lots: Int64, _ price: String) -> Int64 { lots * F.ticks(price) * 1_000 / 20 }

    /// The walk of the pre-trade check equals the margin picture's cross uPnL, capped at 0.
    static func expectLossMatchesMarginPicture(_ core: borrowing RiskCore, _ account: Int) {
        #expect(core.crossUnrealizedLoss(account) == min(0, core.accountMargin(account).crossUnrealizedPnL))
    }

    @Test func crossAccountUnderWaterCannotOpenWithMoneyItHasLost() throws {
        var core = F.core()
        try core.deposit(account: 1, amount: Money(units: F.money("1000")))
        try core.deposit(account: 2, amount: Money(units: F.money("100000")))
        F.trade(&core, F.btc, account: 1, counterparty: 2, lots: 200, price: "50000")   // long 0.2, IM 500
        try core.setMark(F.btc, Price(ticks: F.ticks("50000")))
        #expect(core.available(1).units == F.money("500"))
        #expect(try core.check(Self.order(lots: 200)).reservation.units == F.money("500"))
        // Mark 48,000: uPnL 0.2 × −2,000 = −400, so 100 is left for an order that opens.
        try core.setMark(F.btc, Price(ticks: F.ticks("48000")))
        Self.expectLossMatchesMarginPicture(core, 1)
        #expect(core.crossUnrealizedLoss(1) == -F.money("400"))
        #expect(Self.btcMargin(40, "50000") == F.money("100"))
        #expect(try core.check(Self.order(lots: 40)).reservation.units == F.money("100"))
        #expect(throws: RiskReject.insufficientMargin) { try core.check(Self.order(lots: 41)) }
        #expect(throws: RiskReject.insufficientMargin) { try core.check(Self.order(buy: false, lots: 241)) }  // 41 open
        #expect(throws: RiskReject.insufficientMargin) { _ = try core.admit(Self.order(lots: 200)) }
        // The last trade is the valuation price without a mark.
        try core.setMark(F.btc, Price(ticks: 0))
        #expect(core.crossUnrealizedLoss(1) == 0)
        try core.setMark(F.btc, Price(ticks: F.ticks("48000")))
        // Once the mark recovers, the money is there again.
        try core.setMark(F.btc, Price(ticks: F.ticks("50000")))
        #expect(core.crossUnrealizedLoss(1) == 0)
        _ = try core.admit(Self.order(1, lots: 200))
        #expect(core.available(1) == .zero)
        #expect(core.conservationDiscrepancy() == 0)
    }

    @Test func unrealizedProfitDoesNotAddButOffsetsCrossLosses() throws {
        var core = F.core()
        try core.deposit(account: 1, amount: Money(units: F.money("1000")))
        try core.deposit(account: 2, amount: Money(units: F.money("100000")))
        F.trade(&core, F.btc, account: 1, counterparty: 2, lots: 200, price: "50000")   // long 0.2 BTC, IM 500
        F.trade(&core, F.eth, account: 1, counterparty: 2, lots: -100, price: "2000")   // short 1 ETH, IM 100
        try core.setMark(F.btc, Price(ticks: F.ticks("52000")))                         // +400
        try core.setMark(F.eth, Price(ticks: F.ticks("2000")))
        #expect(core.available(1).units == F.money("400"))
        // A profit is not money to open with: 400 is still all there is.
        #expect(core.crossUnrealizedLoss(1) == 0)
        #expect(try core.check(Self.order(lots: 160)).reservation.units == F.money("400"))
        #expect(throws: RiskReject.insufficientMargin) { try core.check(Self.order(lots: 161)) }
        // BTC at 48,000 (−400) and ETH at 1,800 (short: +200): the net −200 counts.
        try core.setMark(F.btc, Price(ticks: F.ticks("48000")))
        try core.setMark(F.eth, Price(ticks: F.ticks("1800")))
        Self.expectLossMatchesMarginPicture(core, 1)
        #expect(core.crossUnrealizedLoss(1) == -F.money("200"))
        #expect(try core.check(Self.order(lots: 80)).reservation.units == F.money("200"))
        #expect(throws: RiskReject.insufficientMargin) { try core.check(Self.order(lots: 81)) }
        // ETH back at 2,000: the whole 400 of BTC's loss counts; nothing is left to open.
        try core.setMark(F.eth, Price(ticks: F.ticks("2000")))
        #expect(core.crossUnrealizedLoss(1) == -F.money("400"))
        #expect(throws: RiskReject.insufficientMargin) { try core.check(Self.order(lots: 1)) }
        #expect(throws: RiskReject.insufficientMargin) { try core.check(Self.order(symbol: F.eth, buy: false, price: "2000", lots: 1)) }
    }

    @Test func isolatedLossesStayWithTheirOwnMargin() throws {
        var core = F.core()
        try core.deposit(account: 1, amount: Money(units: F.money("1000")))
        try core.deposit(account: 2, amount: Money(units: F.money("100000")))
        try core.setLeverage(account: 1, symbol: F.btc, leverage: 20, mode: .isolated)
        F.trade(&core, F.btc, account: 1, counterparty: 2, lots: 200, price: "50000")   // isolated long 0.2, margin 500
        #expect(F.position(core, 1, F.btc)?.margin == F.money("500"))
        // The isolated margin is out of the pool in full: 500 is left.
        try core.setMark(F.btc, Price(ticks: F.ticks("50000")))
        try core.setMark(F.eth, Price(ticks: F.ticks("2000")))
        #expect(try core.check(Self.order(symbol: F.eth, price: "2000", lots: 500)).reservation.units == F.money("500"))
        #expect(throws: RiskReject.insufficientMargin) { try core.check(Self.order(symbol: F.eth, price: "2000", lots: 501)) }
        // Its loss, even beyond its margin (47,000: −600), does not reduce the cross pool.
        for mark in ["48000", "47000"] {
            try core.setMark(F.btc, Price(ticks: F.ticks(mark)))
            #expect(core.crossUnrealizedLoss(1) == 0)
            Self.expectLossMatchesMarginPicture(core, 1)
            #expect(try core.check(Self.order(symbol: F.eth, price: "2000", lots: 500)).reservation.units == F.money("500"))
            #expect(throws: RiskReject.insufficientMargin) { try core.check(Self.order(symbol: F.eth, price: "2000", lots: 501)) }
        }
        // Nor does its profit add to it.
        try core.setMark(F.btc, Price(ticks: F.ticks("55000")))
        #expect(throws: RiskReject.insufficientMargin) { try core.check(Self.order(symbol: F.eth, price: "2000", lots: 501)) }
        // A cross loss next to it counts: short 1 ETH at 2,000 (IM 100), ETH at 2,100: −100.
        F.trade(&core, F.eth, account: 1, counterparty: 2, lots: -100, price: "2000")
        try core.setMark(F.eth, Price(ticks: F.ticks("2100")))
        #expect(core.crossUnrealizedLoss(1) == -F.money("100"))
        Self.expectLossMatchesMarginPicture(core, 1)
        // 1,000 − 500 isolated − 100 cross IM − 100 loss = 300, for an isolated order too.
        #expect(try core.check(Self.order(price: "50000", lots: 120)).reservation.units == F.money("300"))
        #expect(throws: RiskReject.insufficientMargin) { try core.check(Self.order(price: "50000", lots: 121)) }
    }

    @Test func closingOrdersKeepWorkingUnderWater() throws {
        var core = F.core(takerBps: 5)
        try core.deposit(account: 1, amount: Money(units: F.money("1000")))
        try core.deposit(account: 2, amount: Money(units: F.money("100000")))
        F.trade(&core, F.btc, account: 1, counterparty: 2, lots: 200, price: "50000")   // fee 5, IM 500
        #expect(core.available(1).units == F.money("495"))
        // Mark 46,000: −800, more than is available: nothing may open.
        try core.setMark(F.btc, Price(ticks: F.ticks("46000")))
        #expect(core.crossUnrealizedLoss(1) == -F.money("800"))
        #expect(throws: RiskReject.insufficientMargin) { try core.check(Self.order(price: "46000", lots: 1)) }
        #expect(throws: RiskReject.insufficientMargin) { try core.check(Self.order(buy: false, price: "46000", lots: 201)) }
        // Reduce-only, and a plain order that only closes (its fee is reserved), pass.
        #expect(try core.check(Self.order(buy: false, price: "46000", lots: 500, reduceOnly: true)).quantity.lots == 200)
        let close = try core.admit(Self.order(7, buy: false, price: "46000", lots: 200))
        #expect(close.reservation.units == F.money("4.6"))   // 9,200 × 5 bp
        #expect(try core.checkAmend(Self.order(7, buy: false, price: "45000", lots: 150)).reservation.units == F.money("3.375"))
        core.orderEnded(7)
        // Closing for real realizes the loss; the flat account opens with what is left.
        F.trade(&core, F.btc, account: 1, counterparty: 2, lots: -200, price: "46000")
        #expect(core.crossUnrealizedLoss(1) == 0)
        #expect(core.available(1).units == F.money("1000") - F.money("5") - F.money("800") - F.money("4.6"))
        #expect(core.conservationDiscrepancy() == 0)
    }

    /// Money lost at the mark cannot leave the account either: a withdrawal, an insurance
    /// contribution and a higher cross margin (lower leverage) see the cross loss.
    @Test func accountUnderWaterCannotWithdrawOrCommitMoneyItHasLost() throws {
        var core = F.core()
        try core.deposit(account: 1, amount: Money(units: F.money("1000")))
        try core.deposit(account: 2, amount: Money(units: F.money("100000")))
        F.trade(&core, F.btc, account: 1, counterparty: 2, lots: 200, price: "50000")   // long 0.2, IM 500
        try core.setMark(F.btc, Price(ticks: F.ticks("48000")))                         // uPnL −400
        #expect(core.available(1).units == F.money("500"))
        #expect(core.availableAfterLoss(1) == F.money("100"))
        #expect(throws: RiskReject.insufficientMargin) { try core.withdraw(account: 1, amount: Money(units: F.money("101"))) }
        #expect(throws: RiskReject.insufficientMargin) {
            try core.contributeToInsuranceFund(from: 1, amount: Money(units: F.money("101")))
        }
        // 20x → 10x needs 500 more margin; only 100 is really there.
        #expect(throws: RiskReject.insufficientMargin) { try core.setLeverage(account: 1, symbol: F.btc, leverage: 10) }
        try core.withdraw(account: 1, amount: Money(units: F.money("100")))
        #expect(core.availableAfterLoss(1) == 0)
        // A profit adds nothing: at 52,000 (+400) the available balance is 400, not 800.
        try core.setMark(F.btc, Price(ticks: F.ticks("52000")))
        #expect(core.availableAfterLoss(1) == F.money("400"))
        #expect(throws: RiskReject.insufficientMargin) { try core.withdraw(account: 1, amount: Money(units: F.money("401"))) }
        #expect(core.conservationDiscrepancy() == 0)
    }
}
