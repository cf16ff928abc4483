import Testing
@testable import HFTOrderManager

/// Position, average entry price and realized PnL from fills, exactly.
@Suite("Position ledger")
struct PositionLedgerTests {
    @Test func longRoundTrip() {
        var l = PositionLedger()
        l.apply(side: .buy, quantity: 3, quote: 3 * 100)
        l.apply(side: .buy, quantity: 1, quote: 1 * 104)
        #expect(l.quantity == 4 && l.averageEntryPrice == 101 && l.entryNotional == 404)
        l.apply(side: .sell, quantity: 1, quote: 110)
        #expect(l.quantity == 3 && l.realizedPnL == 110 - 101 && l.entryNotional == 303)
        l.apply(side: .sell, quantity: 3, quote: 3 * 90)
        #expect(l.quantity == 0 && l.averageEntryPrice == nil && l.entryNotional == 0)
        #expect(l.realizedPnL == l.netQuote && l.realizedPnL == 110 + 270 - 404)
    }

    @Test func truncationRemainderIsReleasedAtFlat() {
        var l = PositionLedger()
        l.apply(side: .sell, quantity: 3, quote: 100)          // short 3, credit 100 (33.33 each)
        l.apply(side: .buy, quantity: 1, quote: 30)
        #expect(l.realizedPnL == 33 - 30 && l.entryNotional == 67)
        l.apply(side: .buy, quantity: 2, quote: 60)
        #expect(l.quantity == 0 && l.realizedPnL == 10 && l.realizedPnL == l.netQuote)
    }

    @Test func flipOpensTheRestAtTheFillPrice() {
        var l = PositionLedger()
        l.apply(side: .buy, quantity: 2, quote: 200)
        l.apply(side: .sell, quantity: 5, quote: 5 * 110)
        #expect(l.quantity == -3 && l.realizedPnL == 20 && l.entryNotional == 330 && l.averageEntryPrice == 110)
        #expect(l.realizedPnL == l.netQuote - l.entryNotional)
    }

    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func invariantHoldsOnRandomFills(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        var l = PositionLedger()
        for _ in 0..<2_000 {
            let side: OMSSide = rng.next() % 2 == 0 ? .buy : .sell
            let q = Int64(rng.next() % 50 + 1), p = Int64(rng.next() % 1_000 + 9_500)
            l.apply(side: side, quantity: q, quote: Int128(q) * Int128(p))
            let signedEntry = l.quantity >= 0 ? l.entryNotional : -l.entryNotional
            #expect(l.realizedPnL == l.netQuote + signedEntry)
        }
    }
}

/// A small deterministic generator for the tests (SplitMix64).
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A starting position seeded from the exchange, then traded and repaired.
@Suite("Seeded position")
struct SeededPositionTests {
    @Test func seedThenTradeThenRepair() {
        let oms = F.oms()
        oms.seedPosition(symbol: F.symbol, quantity: -5, averageEntryPrice: 5_000_000, now: 0)
        #expect(oms.position(symbol: F.symbol) == -5 && oms.averageEntryPrice(symbol: F.symbol) == 5_000_000)
        let o = F.liveBid(oms, price: 4_990_000)
        // A gap: 5 filled without the trade seen (estimated at the limit), then the trade at 4_989_000.
        oms.apply(F.report(o, .partiallyFilled, filled: 5, time: 100), now: 100)
        #expect(oms.position(symbol: F.symbol) == 0)
        #expect(oms.realizedPnL(symbol: F.symbol) == 5 * (5_000_000 - 4_990_000))
        let trade = UserTrade(tradeId: 1, exchangeOrderId: F.exchangeId(o.clientOrderId), symbol: F.symbol, side: .buy,
                              price: 4_989_000, quantity: 5, time: 90)
        oms.reconcile(ExchangeSnapshot(symbols: [F.symbol], openOrders: [], recentOrders: [], trades: [trade]), now: 200)
        #expect(oms.realizedPnL(symbol: F.symbol) == 5 * (5_000_000 - 4_989_000))
        #expect(oms.position(symbol: F.symbol) == 0)
    }
}
