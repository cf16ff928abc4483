import Testing
@testable import HFTEngine

/// `MatchingEngine.level(_:side:price:)`: the resting quantity at one price (used by the C
/// ABI's `hft_engine_level_at`), checked against the depth listing it must agree with.
@Suite struct MatchingLevelAtPriceTests {
    @Test func levelAtPriceAgreesWithDepth() {
        var engine = makeEngine()
        var events = try! EventBuffer(capacity: 64)
        engine.submit(limit(1, .buy, 100, 3), into: &events)
        engine.submit(limit(2, .buy, 100, 4, account: 2), into: &events)
        engine.submit(limit(3, .buy, 98, 1), into: &events)
        engine.submit(limit(4, .sell, 103, 5), into: &events)
        _ = drain(&events)
        #expect(engine.level(s0, side: .buy, price: Price(ticks: 100)) ==
                BookLevel(price: Price(ticks: 100), quantity: Quantity(lots: 7), orderCount: 2))
        #expect(engine.level(s0, side: .buy, price: Price(ticks: 98))?.quantity.lots == 1)
        #expect(engine.level(s0, side: .sell, price: Price(ticks: 103))?.orderCount == 1)
        // The other side of a live level, an empty price, a price outside the ladder, an
        // unknown symbol: nil.
        #expect(engine.level(s0, side: .sell, price: Price(ticks: 100)) == nil)
        #expect(engine.level(s0, side: .buy, price: Price(ticks: 99)) == nil)
        #expect(engine.level(s0, side: .buy, price: Price(ticks: .max)) == nil)
        #expect(engine.level(s0, side: .buy, price: Price(ticks: .min)) == nil)
        #expect(engine.level(SymbolID(5), side: .buy, price: Price(ticks: 100)) == nil)
        #expect(engine.level(SymbolID(-1), side: .buy, price: Price(ticks: 100)) == nil)
        // After a partial fill and a cancel the level follows.
        engine.submit(limit(5, .sell, 100, 2, account: 3), into: &events)
        engine.cancel(orderId: 2, into: &events)
        _ = drain(&events)
        #expect(engine.level(s0, side: .buy, price: Price(ticks: 100)) ==
                BookLevel(price: Price(ticks: 100), quantity: Quantity(lots: 1), orderCount: 1))
        engine.cancel(orderId: 1, into: &events)
        #expect(engine.level(s0, side: .buy, price: Price(ticks: 100)) == nil)
    }
}
