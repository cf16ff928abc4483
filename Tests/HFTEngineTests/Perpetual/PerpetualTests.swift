import Testing
@testable import HFTEngine

@Suite("Perpetual")
struct PerpetualTests {
    typealias F = RiskFixtures

    @Test func markPriceIsTheMedianOfItsThreeInputs() {
        // Interval 8 h, last funding 0.01%, 4 h to funding: P1 = 50,000 × (1 + 0.0001 × 0.5) = 50,002.50.
        var rule = try! MarkPriceRule(fundingIntervalSeconds: 28_800, lastFundingRate: Rate(e8: 10_000))
        let index = F.ticks("50000")
        // One basis sample of +10: P2 = 50,010; last 50,100 → median 50,010.
        #expect(rule.update(index: index, mid: F.ticks("50010"), lastTrade: F.ticks("50100"), secondsToFunding: 14_400) == F.ticks("50010"))
        // Last 49,000 → median(50,002.50, 50,010, 49,000) = 50,002.50.
        #expect(rule.update(index: index, mid: F.ticks("50010"), lastTrade: F.ticks("49000"), secondsToFunding: 14_400) == F.ticks("50002.5"))
        // No trade yet: last counts as P1.
        #expect(rule.update(index: index, mid: 0, lastTrade: 0, secondsToFunding: 14_400) == F.ticks("50002.5"))
        #expect(MarkPriceRule.median(3, 1, 2) == 2)
        #expect(MarkPriceRule.median(1, 1, 9) == 1)
    }

    @Test func basisMovingAverageKeepsThirtySamples() {
        var rule = try! MarkPriceRule()
        for i in 1...30 { _ = rule.update(index: 1_000, mid: 1_000 + Int64(i), lastTrade: 0, secondsToFunding: 0) }
        #expect(rule.averageBasis == 16)          // 15.5 rounds away from zero
        _ = rule.update(index: 1_000, mid: 1_100, lastTrade: 0, secondsToFunding: 0)   // drops 1, adds 100
        #expect(rule.averageBasis == 19)          // (465 − 1 + 100) / 30 = 18.8
        var negative = try! MarkPriceRule()
        for _ in 1...30 { _ = negative.update(index: 1_000, mid: 995, lastTrade: 0, secondsToFunding: 0) }
        #expect(negative.averageBasis == -5)
        // mark = median(P1 = index, P2 = index − 5, last = P1) = index.
        #expect(negative.update(index: 1_000, mid: 995, lastTrade: 0, secondsToFunding: 0) == 1_000)
        #expect(negative.update(index: 1_000, mid: 995, lastTrade: 900, secondsToFunding: 0) == 995)
    }

    @Test func impactPricesAndPremiumSample() throws {
        // Asks 100 × 2 lots, 101 × 10 lots at k = 1: impact notional 402 takes 2 lots at 100
        // (200) and 202/101 = 2 lots at 101 → average 402 / 4 = 100.5 → up: 101 (ask).
        let prices: [Int64] = [100, 101]
        let lots: [Int64] = [2, 10]
        let ask = prices.withUnsafeBufferPointer { p in
            lots.withUnsafeBufferPointer { q in
                PremiumIndex.impactPrice(prices: p.baseAddress!, lots: q.baseAddress!, count: 2,
                                         impactNotional: Money(units: 402), moneyPerTickLot: 1, isBid: false)
            }
        }
        #expect(ask == 101)
        let bid = prices.withUnsafeBufferPointer { p in
            lots.withUnsafeBufferPointer { q in
                PremiumIndex.impactPrice(prices: p.baseAddress!, lots: q.baseAddress!, count: 2,
                                         impactNotional: Money(units: 402), moneyPerTickLot: 1, isBid: true)
            }
        }
        #expect(bid == 100)
        let tooThin = prices.withUnsafeBufferPointer { p in
            lots.withUnsafeBufferPointer { q in
                PremiumIndex.impactPrice(prices: p.baseAddress!, lots: q.baseAddress!, count: 2,
                                         impactNotional: Money(units: 10_000), moneyPerTickLot: 1, isBid: false)
            }
        }
        #expect(tooThin == nil)
        #expect(PremiumIndex.impactNotional(quote: Money(units: 200), maxLeverage: 20).units == 4_000)
        // Bid above index: premium (10,010 − 10,000) / 10,000 = 0.1%.
        #expect(try PremiumIndex.sample(impactBid: 10_010, impactAsk: 10_020, index: 10_000) == Rate(e8: 100_000))
        // Ask below index: −(10,000 − 9,990) / 10,000.
        #expect(try PremiumIndex.sample(impactBid: 9_980, impactAsk: 9_990, index: 10_000) == Rate(e8: -100_000))
        // Index inside the impact spread: 0.
        #expect(try PremiumIndex.sample(impactBid: 9_990, impactAsk: 10_010, index: 10_000) == .zero)
    }

    @Test func fundingRateAveragesClampsAndCaps() {
        var rule = try! FundingRateRule()
        // Σ i·P_i / Σ i: samples 10, 20, 40 (e8) → (10 + 40 + 120) / 6 = 28.33 → 28.
        rule.addSample(Rate(e8: 10)); rule.addSample(Rate(e8: 20)); rule.addSample(Rate(e8: 40))
        #expect(rule.averagePremium == Rate(e8: 28))
        // Small premium: F = P̄ + (I − P̄) = I = 0.01%.
        #expect(rule.rate == Rate(e8: 10_000))
        // P̄ = 0.1%: I − P̄ = −0.09% clamps to −0.05% → 0.05%.
        #expect(rule.rate(averagePremium: Rate(e8: 100_000)) == Rate(e8: 50_000))
        // P̄ = −0.2%: +0.05% → −0.15%.
        #expect(rule.rate(averagePremium: Rate(e8: -200_000)) == Rate(e8: -150_000))
        // Cap 0.3%: P̄ = 1% → 0.95% capped to 0.3%.
        #expect(rule.rate(averagePremium: Rate(e8: 1_000_000)) == Rate(e8: 300_000))
        // 4-hour interval: half of the 8-hour rate.
        let fourHour = try! FundingRateRule(intervalHours: 4)
        #expect(fourHour.rate(averagePremium: Rate(e8: 100_000)) == Rate(e8: 25_000))
        rule.reset()
        #expect(rule.samples == 0 && rule.averagePremium == .zero)
    }

    @Test func fundingSettlementPaysLongsToShortsExactly() throws {
        var core = F.core()
        let m = F.money
        for a in 1...4 { try core.deposit(account: a, amount: Money(units: m("10000"))) }
        F.trade(&core, F.btc, account: 1, counterparty: 2, lots: 1, price: "50000")      // long 0.001
        F.trade(&core, F.btc, account: 3, counterparty: 2, lots: 2, price: "50000")      // long 0.002
        try core.setLeverage(account: 4, symbol: F.btc, leverage: 10, mode: .isolated)
        F.trade(&core, F.btc, account: 4, counterparty: 2, lots: -7, price: "50000")     // short 0.007 isolated
        // Account 2 is long 0.007 − 0.003 = +0.004; net zero: 1 + 2 + 4 − 7 = 0.
        let total = core.totalBalance()
        let isolatedBefore = F.position(core, 4, F.btc)!.margin
        // Rate 0.0123%, mark 50,000.01: per lot 5,000,001 ticks × 1,000 × 12,300 / 10^8 = 615,000.123 units.
        let rate = Rate(e8: 12_300)
        let mark = Price(ticks: F.ticks("50000.01"))
        let summary = try core.settleFunding(symbol: F.btc, rate: rate, mark: mark)
        #expect(summary.positions == 4)
        #expect(core.balance(1).units == m("10000") - 615_001)      // pays ⌈615,000.123⌉
        #expect(core.balance(3).units == m("10000") - 1_230_001)    // ⌈1,230,000.246⌉
        #expect(core.balance(4).units == m("10000") + 4_305_000)    // receives ⌊4,305,000.861⌋
        #expect(F.position(core, 4, F.btc)!.margin == isolatedBefore + 4_305_000)
        #expect(summary.paid == 615_001 + 1_230_001 + 2_460_001)   // account 2: ⌈2,460,000.492⌉
        #expect(summary.received == 4_305_000)
        #expect(summary.remainder == 3)
        #expect(core.balance(core.accounts.insuranceFund).units == 3)
        #expect(core.totalBalance() == total)
        #expect(core.fundingDue(slot: core.positions.slot(account: 1, symbol: F.btc)!, rate: rate, mark: mark) == 615_001)
        // Negative rate: shorts pay longs.
        let back = try core.settleFunding(symbol: F.btc, rate: Rate(e8: -12_300), mark: mark)
        #expect(back.paid == 4_305_001 && back.received == 615_000 + 1_230_000 + 2_460_000)
        #expect(core.totalBalance() == total)
        #expect(core.conservationDiscrepancy() == 0)
    }
}

@Suite("Perpetual parked funding")
struct ParkedFundingTests {
    typealias F = RiskFixtures

    /// Funding lands in the position's slot and counts in the wallet balance at once; it is
    /// moved into the balance column when the account next changes, or when the slot goes.
    @Test func parkedFundingIsPartOfTheBalance() throws {
        var core = F.core()
        try core.deposit(account: 1, amount: Money(units: F.money("1000")))
        try core.deposit(account: 2, amount: Money(units: F.money("1000")))
        F.trade(&core, F.btc, account: 1, counterparty: 2, lots: 1_000, price: "10000")   // 1 BTC
        _ = try core.settleFunding(symbol: F.btc, rate: Rate(e8: 10_000), mark: Price(ticks: F.ticks("10000")))  // 1 USDT
        #expect(core.accounts.balance(1).units == F.money("1000"))
        #expect(core.balance(1).units == F.money("999"))
        #expect(core.balance(2).units == F.money("1001"))
        #expect(core.accountMargin(1).balance == F.money("999"))
        #expect(core.available(1).units == core.accounts.available(1).units - F.money("1"))
        // A withdrawal folds first: the available money already includes the funding.
        let available = core.available(2)
        try core.withdraw(account: 2, amount: available)
        #expect(core.available(2) == .zero)
        #expect(core.accounts.balance(2) == core.balance(2))
        // Closing the position releases the slot, and its parked funding joins the column.
        F.trade(&core, F.btc, account: 1, counterparty: 2, lots: -1_000, price: "10000")
        #expect(core.positions.slot(account: 1, symbol: F.btc) == nil)
        #expect(core.accounts.balance(1).units == F.money("999"))
        #expect(core.conservationDiscrepancy() == 0)
        #expect(core.fundingEpoch == 1)
    }
}

@Suite("Perpetual funding paths")
struct FundingPathTests {
    typealias F = RiskFixtures

    /// The branch-free path (all cross) pays exactly ⌈size × mark × k × F / 10^8⌉ per
    /// position, the same as the general formula, for random sizes, marks and rates of
    /// both signs.
    @Test(arguments: [31, 32, 33] as [UInt64])
    func fastPathMatchesTheFormula(seed: UInt64) throws {
        var rng = RiskRandom(state: seed)
        var core = F.core(users: 40, perSymbol: 64)
        for a in 0..<40 { try core.deposit(account: a, amount: Money(units: F.money("1000000"))) }
        for _ in 0..<60 {
            _ = try core.clearTrade(symbol: F.btc, price: Price(ticks: rng.int(1_000_000...9_000_000)),
                                    quantity: Quantity(lots: rng.int(1...90_000)), makerAccount: Int(rng.int(0...19)),
                                    makerIsBuyer: rng.int(0...1) == 0, takerAccount: Int(rng.int(20...39)))
        }
        #expect(core.positions.hasIsolated(F.btc) == false)
        for round in 0..<20 {
            // Even rounds stay inside the fast path's bound (|size × perLot| < 4.6 × 10^18),
            // odd rounds may leave it (the general path then runs).
            let rate = Rate(e8: round % 2 == 0 ? rng.int(-3_000...3_000) : rng.int(-300_000...300_000))
            let mark = Price(ticks: round % 2 == 0 ? rng.int(1...100_000) : rng.int(1...9_000_000))
            var expected: [Int64] = Array(repeating: 0, count: 40)
            for a in 0..<40 {
                expected[a] = core.balance(a).units
                if let s = core.positions.slot(account: a, symbol: F.btc) {
                    // The general formula, in 128 bits.
                    let n = Int128(core.positions.size(s)) * Int128(mark.ticks) * 1_000 * Int128(rate.e8)
                    let (q, r) = n.quotientAndRemainder(dividingBy: 100_000_000)
                    expected[a] -= Int64(r > 0 ? q + 1 : q)
                }
            }
            let total = core.totalBalance()
            _ = try core.settleFunding(symbol: F.btc, rate: rate, mark: mark)
            for a in 0..<40 { #expect(core.balance(a).units == expected[a], "account \(a)") }
            #expect(core.totalBalance() == total)
        }
    }
}
