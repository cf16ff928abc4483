import Testing
@testable import HFTEngine

private typealias F = RiskFixtures

/// Perpetual rules and funding settlement at their extremes: typed errors for bad
/// parameters and inputs, rates at and beyond the cap, prices anywhere in the 64-bit range,
/// and settlements whose dues or sums would overflow (refused with nothing changed).
@Suite struct PerpetualLimitTests {
    @Test func premiumIndexRefusesANonPositiveIndexAndSaturates() throws {
        #expect(throws: PerpetualError.nonPositiveIndex) { try PremiumIndex.sample(impactBid: 10, impactAsk: 11, index: 0) }
        #expect(throws: PerpetualError.nonPositiveIndex) { try PremiumIndex.sample(impactBid: 10, impactAsk: 11, index: -5) }
        // Impact prices at the ends of the 64-bit range: the premium saturates, no trap.
        #expect(try PremiumIndex.sample(impactBid: .max, impactAsk: .max, index: 1) == Rate(e8: .max))
        #expect(try PremiumIndex.sample(impactBid: .min, impactAsk: .min, index: .max).e8 == -2 * Rate.one)
        #expect(try PremiumIndex.sample(impactBid: .min, impactAsk: .min, index: 1) == Rate(e8: .min))
        #expect(PremiumIndex.impactNotional(quote: Money(units: .max), maxLeverage: 125) == Money(units: .max))
    }

    @Test func impactPriceOfExtremeLevelsNeverTraps() {
        func impact(_ prices: [Int64], _ lots: [Int64], notional: Int64, k: Int64, bid: Bool) -> Int64? {
            prices.withUnsafeBufferPointer { p in
                lots.withUnsafeBufferPointer { q in
                    PremiumIndex.impactPrice(prices: p.baseAddress!, lots: q.baseAddress!, count: p.count,
                                             impactNotional: Money(units: notional), moneyPerTickLot: k, isBid: bid)
                }
            }
        }
        // Levels whose notional overflows 128 bits fill any target at their price.
        #expect(impact([.max], [.max], notional: .max, k: .max, bid: false) == .max)
        // Huge full levels before the last: the average falls back to the last price.
        #expect(impact([.max - 1, .max], [1 << 40, 1 << 40], notional: .max, k: 1, bid: false) != nil)
        // Non-positive levels hold nothing.
        #expect(impact([-5, 0, 100], [10, 10, -1], notional: 1_000, k: 1, bid: true) == nil)
        #expect(impact([-5, 100], [10, 10], notional: 1_000, k: 1, bid: true) == 100)
    }

    @Test func fundingRuleParametersAreRangeChecked() throws {
        #expect(throws: PerpetualError.fundingInterval) { try FundingRateRule(intervalHours: 0) }
        #expect(throws: PerpetualError.fundingInterval) { try FundingRateRule(intervalHours: 9) }
        #expect(throws: PerpetualError.rateOutOfRange) { try FundingRateRule(cap: Rate(e8: -1)) }
        #expect(throws: PerpetualError.rateOutOfRange) { try FundingRateRule(cap: Rate(e8: Rate.one + 1)) }
        #expect(throws: PerpetualError.rateOutOfRange) { try FundingRateRule(clampBound: Rate(e8: -1)) }
        #expect(throws: PerpetualError.rateOutOfRange) { try FundingRateRule(interest: Rate(e8: .min)) }
        // At the limits, extreme samples give exactly ±cap.
        var rule = try FundingRateRule(interest: Rate(e8: Rate.one), clampBound: Rate(e8: Rate.one), cap: Rate(e8: Rate.one),
                                       intervalHours: 1)
        rule.addSample(Rate(e8: .max))
        rule.addSample(Rate(e8: .max))
        #expect(rule.rate == Rate(e8: Rate.one))
        rule.reset()
        rule.addSample(Rate(e8: .min))
        #expect(rule.rate == Rate(e8: -Rate.one))
        // Public vars set beyond the range after init still give a value within ±cap.
        rule.cap = Rate(e8: .max)
        rule.intervalHours = .max
        #expect(rule.rate(averagePremium: Rate(e8: .min)) == Rate(e8: -Int64.max))
        #expect(rule.rate(averagePremium: Rate(e8: .max)) == Rate(e8: .max))
    }

    @Test func markPriceRuleIsRangeCheckedAndNeverWraps() throws {
        #expect(throws: PerpetualError.fundingInterval) { try MarkPriceRule(fundingIntervalSeconds: 0) }
        #expect(throws: PerpetualError.fundingInterval) {
            try MarkPriceRule(fundingIntervalSeconds: MarkPriceRule.maxFundingIntervalSeconds + 1)
        }
        #expect(throws: PerpetualError.rateOutOfRange) { try MarkPriceRule(lastFundingRate: Rate(e8: Rate.one + 1)) }
        var rule = try MarkPriceRule(fundingIntervalSeconds: 1, lastFundingRate: Rate(e8: Rate.one))
        // Index and mid at Int64.max, funding +100% for the whole interval: P1 would be 2 × index.
        for _ in 0..<40 {
            let mark = rule.update(index: .max, mid: .max, lastTrade: 0, secondsToFunding: 1)
            #expect(mark == .max)
        }
        // A window full of the largest basis: the average is exact, not wrapped.
        var wide = try MarkPriceRule()
        for _ in 0..<MarkPriceRule.window { _ = wide.update(index: 1, mid: .max, lastTrade: 0, secondsToFunding: 0) }
        #expect(wide.averageBasis == Int64.max - 1)
        // The wide samples leave the window; the 64-bit path is exact again.
        for _ in 0..<MarkPriceRule.window { _ = wide.update(index: 100, mid: 103, lastTrade: 0, secondsToFunding: 0) }
        #expect(wide.averageBasis == 3)
        _ = wide.update(index: 100, mid: .max, lastTrade: 0, secondsToFunding: 0)
        #expect(wide.averageBasis == Int64(((Int128(Int64.max) - 100) + 29 * 3 + 15) / 30))
        // The last funding rate is a public var: any value is bounded, no trap.
        rule.lastFundingRate = Rate(e8: .min)
        // Bounded to −100%: P1 = index − index = 0; P2 = index; the last price is P1.
        #expect(rule.update(index: .max, mid: 0, lastTrade: 0, secondsToFunding: 1) == 0)
        #expect(rule.update(index: 1_000, mid: 0, lastTrade: 0, secondsToFunding: 1) >= 0)
    }

    /// A core with one symbol of 1 money unit per tick·lot and no notional limit below
    /// `Int64.max` (see ``RiskLimitTests/bigCore(users:perSymbol:orders:maker:taker:)``).
    static func open(_ core: inout RiskCore, long: Int, short: Int, lots: Int64, ticks: Int64) throws {
        _ = try core.clearTrade(symbol: 0, price: Price(ticks: ticks), quantity: Quantity(lots: lots), makerAccount: short,
                                makerIsBuyer: false, takerAccount: long)
    }

    @Test func settlementInputsAreChecked() throws {
        var core = RiskLimitTests.bigCore()
        try Self.open(&core, long: 0, short: 1, lots: 10, ticks: 100)
        #expect(throws: RiskReject.unknownSymbol) { try core.settleFunding(symbol: 1, rate: .zero, mark: Price(ticks: 1)) }
        #expect(throws: RiskReject.unknownSymbol) { try core.settleFunding(symbol: -1, rate: .zero, mark: Price(ticks: 1)) }
        #expect(throws: RiskReject.badQuantity) { try core.settleFunding(symbol: 0, rate: .zero, mark: Price(ticks: -1)) }
        #expect(throws: RiskReject.badAmount) {
            try core.settleFunding(symbol: 0, rate: Rate(e8: Rate.one + 1), mark: Price(ticks: 100))
        }
        #expect(throws: RiskReject.badAmount) { try core.settleFunding(symbol: 0, rate: Rate(e8: .min), mark: Price(ticks: 100)) }
        // One lot worth more than the notional limit.
        #expect(throws: RiskReject.badAmount) {
            try core.settleFunding(symbol: 0, rate: Rate(e8: 1), mark: Price(ticks: RiskLimits.maxNotional + 1))
        }
        #expect(core.fundingEpoch == 0)
        // At the cap of 100%: the long pays the whole notional at the mark.
        let summary = try core.settleFunding(symbol: 0, rate: Rate(e8: Rate.one), mark: Price(ticks: 100))
        #expect(summary.paid == 1_000 && summary.received == 1_000 && summary.remainder == 0)
        #expect(core.balance(0).units == -1_000 && core.balance(1).units == 1_000)
        #expect(core.conservationDiscrepancy() == 0)
    }

    /// Funding at 100% on positions at the largest notional: two settlements fit (parked
    /// funding ±(2^63 − 2)); the third would carry it past 2^63 and is refused with every column
    /// exactly as before; after the accounts are touched (funding folded) and the
    /// positions halved, settlement works again.
    @Test func aSettlementThatWouldWrapIsUndoneExactly() throws {
        var core = RiskLimitTests.bigCore()
        let big = RiskLimits.maxNotional - 1
        try Self.open(&core, long: 0, short: 1, lots: 1, ticks: big)
        let first = try core.settleFunding(symbol: 0, rate: Rate(e8: Rate.one), mark: Price(ticks: big))
        #expect(first.paid == big && first.received == big)
        #expect(core.balance(1).units == big)
        _ = try core.settleFunding(symbol: 0, rate: Rate(e8: Rate.one), mark: Price(ticks: big))
        #expect(core.positions.funding(core.positions.slot(account: 1, symbol: 0)!) == 2 * big)
        let parked = (core.positions.funding(0), core.positions.funding(1))
        let fund = core.balance(core.accounts.insuranceFund).units
        #expect(throws: RiskReject.badAmount) {
            try core.settleFunding(symbol: 0, rate: Rate(e8: Rate.one), mark: Price(ticks: big))
        }
        #expect(core.positions.funding(0) == parked.0 && core.positions.funding(1) == parked.1)
        #expect(core.balance(core.accounts.insuranceFund).units == fund)
        #expect(core.fundingEpoch == 2)
        #expect(core.conservationDiscrepancy() == 0)
        // A smaller rate that fits is settled.
        let small = try core.settleFunding(symbol: 0, rate: Rate(e8: -1), mark: Price(ticks: big))
        #expect(small.paid == 46_116_860_185 && small.received == 46_116_860_184)
        #expect(core.conservationDiscrepancy() == 0)
        #expect(core.netPositionSize(symbol: 0) == 0)
    }

    /// Sums over many positions at the largest notional: Σ paid beyond 2^63 is refused
    /// (it does not fit the summary or the fund) and nothing changes; within 2^63 the
    /// exact (128-bit) path matches the per-slot formula.
    @Test func sumsOfManyLargeDues() throws {
        var core = RiskLimitTests.bigCore(users: 16, perSymbol: 16)
        let lot = RiskLimits.maxNotional / 4
        for a in 0..<4 { try Self.open(&core, long: a, short: 8 + a, lots: 1, ticks: lot) }
        // Σ paid = 4 × 2^60 = 2^62 at 100%: fits.
        let fits = try core.settleFunding(symbol: 0, rate: Rate(e8: Rate.one), mark: Price(ticks: lot))
        #expect(fits.paid == 4 * lot && fits.positions == 8)
        // Σ paid at the largest mark a lot may have: 4 × (2^62 − 1) > 2^63: refused.
        let before = (0..<8).map { core.positions.funding($0) }
        #expect(throws: RiskReject.badAmount) {
            try core.settleFunding(symbol: 0, rate: Rate(e8: Rate.one), mark: Price(ticks: RiskLimits.maxNotional))
        }
        #expect((0..<8).map { core.positions.funding($0) } == before)
        #expect(core.conservationDiscrepancy() == 0)
        // Exact path (the size bound is too large for the 64-bit proof) against the formula.
        try Self.open(&core, long: 4, short: 12, lots: Int64.max / 4, ticks: 1)
        var expected: [Int64] = []
        for s in 0..<core.positions.count(0) {
            expected.append(core.positions.funding(s) - core.fundingDue(slot: s, rate: Rate(e8: 3), mark: Price(ticks: 1)))
        }
        _ = try core.settleFunding(symbol: 0, rate: Rate(e8: 3), mark: Price(ticks: 1))
        #expect((0..<core.positions.count(0)).map { core.positions.funding($0) } == expected)
        #expect(core.conservationDiscrepancy() == 0)
        #expect(core.netPositionSize(symbol: 0) == 0)
    }
}
