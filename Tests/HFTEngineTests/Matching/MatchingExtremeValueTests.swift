import Testing
@testable import HFTEngine

/// Caller values at and around the `Int64` limits: every one is a typed reject or a
/// correct result, never a trap, and the engine's invariants hold afterwards.
@Suite struct MatchingExtremeValueTests {
    /// price × quantity (× money per tick·lot) at the edge of 64 bits: exactly
    /// `Int64.max` is allowed by the default `maxNotional`, one more is `MAX_NOTIONAL`,
    /// and a configured maximum is enforced to the unit.
    @Test func notionalAtTheInt64Edge() throws {
        var engine = makeEngine()
        var events = try EventBuffer(capacity: 16)
        // Int64.max = 7 × 7 × 73 × 127 × 337 × 92737 × 649657.
        let price: Int64 = 7 * 73 * 337 * 649_657
        let quantity: Int64 = 7 * 127 * 92_737
        #expect(price.multipliedReportingOverflow(by: quantity) == (Int64.max, false))
        // IOC orders never rest, so the ladder plays no part: only the notional check.
        let orders: [(Int64, Int64)] = [(price, quantity), (price, quantity + 1), (1, .max), (.max, 1), (.max, 2), (.max, .max)]
        for (k, (p, q)) in orders.enumerated() { engine.submit(limit(Int64(k + 1), .buy, p, q, tif: .ioc), into: &events) }
        #expect(drain(&events) == ["ACCEPTED 1", "EXPIRED 1 IOC \(quantity)", "REJECTED 2 MAX_NOTIONAL",
                                   "ACCEPTED 3", "EXPIRED 3 IOC \(Int64.max)", "ACCEPTED 4", "EXPIRED 4 IOC 1",
                                   "REJECTED 5 MAX_NOTIONAL", "REJECTED 6 MAX_NOTIONAL"])
        engine.checkInvariants()

        var scaled = try MatchingEngine(configuration: EngineConfiguration(maxOrders: 16, maxPriceLevels: 16, maxSymbols: 1))
        _ = try scaled.addSymbol(SymbolConfiguration(
            name: "X", ladderTicks: 1 << 10, notionalScale: try NotionalScale(moneyPerTickLot: 1_000),
            maxNotional: Money(units: 1_000_000)))
        scaled.submit(limit(1, .buy, 100, 10), into: &events)        // 1_000_000: the maximum
        scaled.submit(limit(2, .buy, 100, 11), into: &events)        // 1_100_000
        scaled.submit(limit(3, .buy, 1 << 40, 1 << 40), into: &events)  // ticks × lots overflows after the scale
        #expect(drain(&events) == ["ACCEPTED 1", "REJECTED 2 MAX_NOTIONAL", "REJECTED 3 MAX_NOTIONAL"])
        scaled.amend(orderId: 1, price: Price(ticks: 101), quantity: Quantity(lots: 10), into: &events)
        scaled.amend(orderId: 1, price: Price(ticks: .max), quantity: Quantity(lots: .max), into: &events)
        #expect(drain(&events) == ["REJECTED 1 MAX_NOTIONAL", "REJECTED 1 MAX_NOTIONAL"])
        scaled.checkInvariants()
    }

    /// Order ids: 0 and negatives are `BAD_ORDER_ID`; `Int64.max` and `Int64.min + 1`
    /// distinct from it work like any id; cancels of ids never seen are `UNKNOWN_ORDER`.
    @Test func orderIdsAtTheEdges() throws {
        var engine = makeEngine()
        var events = try EventBuffer(capacity: 32)
        for id in [Int64(0), -1, .min] { engine.submit(limit(id, .buy, 100, 1), into: &events) }
        engine.submit(limit(.max, .buy, 100, 1), into: &events)
        engine.submit(limit(.max, .buy, 101, 1), into: &events)
        engine.submit(limit(.max - 1, .sell, 100, 1), into: &events)
        engine.cancel(orderId: .min, into: &events)
        engine.cancel(orderId: 0, into: &events)
        engine.amend(orderId: -5, price: Price(ticks: 1), quantity: Quantity(lots: 1), into: &events)
        let max = Int64.max
        #expect(drain(&events) == [
            "REJECTED 0 BAD_ORDER_ID", "REJECTED -1 BAD_ORDER_ID", "REJECTED \(Int64.min) BAD_ORDER_ID",
            "ACCEPTED \(max)", "REJECTED \(max) DUPLICATE_ORDER_ID", "ACCEPTED \(max - 1)",
            "TRADE 0 \(max) \(max - 1) 100 1", "REJECTED \(Int64.min) UNKNOWN_ORDER", "REJECTED 0 UNKNOWN_ORDER",
            "REJECTED -5 UNKNOWN_ORDER"])
        #expect(engine.restingOrderCount == 0)
        engine.checkInvariants()
    }

    /// Prices: 0 and negatives are `BAD_PRICE`; `Int64.max` and 1 rest (each alone: the
    /// ladder re-centres), and together they do not fit a ladder (`PRICE_BAND`); the
    /// ladder's last tick on either side of a live book is accepted, one further is not.
    @Test func pricesAtTheLadderAndInt64Edges() throws {
        var engine = makeEngine(ladderTicks: 64)
        var events = try EventBuffer(capacity: 32)
        for price in [Int64(0), -1, .min] { engine.submit(limit(1, .buy, price, 1), into: &events) }
        engine.submit(limit(2, .sell, .max, 1), into: &events)
        engine.submit(limit(3, .buy, 1, 1), into: &events)
        engine.submit(limit(4, .sell, .max - 63, 1), into: &events)
        engine.submit(limit(5, .sell, .max - 64, 1), into: &events)
        #expect(drain(&events) == ["REJECTED 1 BAD_PRICE", "REJECTED 1 BAD_PRICE", "REJECTED 1 BAD_PRICE",
                                   "ACCEPTED 2", "REJECTED 3 PRICE_BAND", "ACCEPTED 4", "REJECTED 5 PRICE_BAND"])
        #expect(engine.bestLevel(s0, side: .sell)?.price.ticks == Int64.max - 63)
        engine.submit(market(6, .buy, 2), into: &events)
        #expect(drain(&events) == ["ACCEPTED 6", "TRADE 0 4 6 \(Int64.max - 63) 1", "TRADE 0 2 6 \(Int64.max) 1"])
        engine.submit(limit(7, .buy, 1, 1), into: &events)
        engine.submit(limit(8, .buy, 64, 1), into: &events)
        engine.submit(limit(9, .buy, 65, 1), into: &events)
        #expect(drain(&events) == ["ACCEPTED 7", "ACCEPTED 8", "REJECTED 9 PRICE_BAND"])
        engine.checkInvariants()
    }

    /// Quantities: `Int64.max` lots rest, trade and expire exactly; a level's total open
    /// quantity can never pass `Int64.max` (the order that would push it over is
    /// `CAPACITY`, by submit or amend), so FOK and depth read exact totals.
    @Test func quantitiesAtInt64Max() throws {
        var engine = makeEngine()
        var events = try EventBuffer(capacity: 32)
        engine.submit(limit(1, .sell, 1, .max - 1), into: &events)
        engine.submit(limit(2, .sell, 1, 1), into: &events)
        engine.submit(limit(3, .sell, 1, 1), into: &events)
        #expect(drain(&events) == ["ACCEPTED 1", "ACCEPTED 2", "REJECTED 3 CAPACITY"])
        #expect(engine.bestLevel(s0, side: .sell)?.quantity.lots == .max)
        engine.amend(orderId: 2, price: Price(ticks: 1), quantity: Quantity(lots: 2), into: &events)
        engine.amend(orderId: 1, price: Price(ticks: 1), quantity: Quantity(lots: .max), into: &events)
        engine.amend(orderId: 2, price: Price(ticks: 1), quantity: Quantity(lots: 1), into: &events)
        #expect(drain(&events) == ["REJECTED 2 CAPACITY", "REJECTED 1 CAPACITY", "AMENDED 2 1 1"])
        engine.submit(limit(4, .buy, 1, .max, tif: .fok), into: &events)
        #expect(drain(&events) == ["ACCEPTED 4", "TRADE 0 1 4 1 \(Int64.max - 1)", "TRADE 0 2 4 1 1"])
        #expect(engine.restingOrderCount == 0)
        // Two levels whose sum is near Int64.max: a FOK's notional is checked first
        // (3 × Int64.max overflows), a market order sweeps both exactly.
        engine.submit(limit(5, .sell, 2, .max / 2), into: &events)
        engine.submit(limit(6, .sell, 3, .max / 3), into: &events)
        engine.submit(limit(7, .buy, 3, .max, tif: .fok), into: &events)
        engine.submit(market(8, .buy, .max), into: &events)
        #expect(drain(&events) == ["ACCEPTED 5", "ACCEPTED 6", "REJECTED 7 MAX_NOTIONAL", "ACCEPTED 8",
                                   "TRADE 0 5 8 2 \(Int64.max / 2)", "TRADE 0 6 8 3 \(Int64.max / 3)",
                                   "EXPIRED 8 MARKET \(Int64.max - Int64.max / 2 - Int64.max / 3)"])
        engine.checkInvariants()
    }

    /// Amend to extreme values: zero, negative and `Int64.min` quantities and prices are
    /// typed rejects that leave the order as it was.
    @Test func amendToExtremes() throws {
        var engine = makeEngine()
        var events = try EventBuffer(capacity: 32)
        engine.submit(limit(1, .buy, 100, 5), into: &events)
        _ = drain(&events)
        let cases: [(Int64, Int64)] = [(100, 0), (100, -1), (100, .min), (0, 1), (-1, 1), (.min, 1), (.max, .max)]
        for (price, quantity) in cases {
            engine.amend(orderId: 1, price: Price(ticks: price), quantity: Quantity(lots: quantity), into: &events)
        }
        #expect(drain(&events) == ["REJECTED 1 BAD_QTY", "REJECTED 1 BAD_QTY", "REJECTED 1 BAD_QTY",
                                   "REJECTED 1 BAD_PRICE", "REJECTED 1 BAD_PRICE", "REJECTED 1 BAD_PRICE",
                                   "REJECTED 1 MAX_NOTIONAL"])
        #expect(engine.order(1)?.price == 100 && engine.order(1)?.remaining == 5)
        engine.checkInvariants()
    }

    /// Depth with absurd level counts: the snapshot's size is a typed error outside its
    /// range; a caller buffer larger than the book or empty (nil base) is filled up to
    /// what exists; unknown symbols give nothing.
    @Test func depthWithAbsurdLevelCounts() throws {
        for levels in [0, -1, Int.min, Int.max, DepthSnapshot.levelsRange.upperBound + 1] {
            #expect(throws: ConfigurationError.outOfRange(field: "levels", value: levels, allowed: DepthSnapshot.levelsRange)) {
                _ = try DepthSnapshot(levels: levels)
            }
        }
        var engine = makeEngine()
        var events = try EventBuffer(capacity: 16)
        engine.submit(limit(1, .buy, 100, 1), into: &events)
        engine.submit(limit(2, .buy, 99, 2), into: &events)
        var snapshot = try DepthSnapshot(levels: 1_000)
        engine.snapshot(s0, into: &snapshot)
        #expect(snapshot.bidCount == 2 && snapshot.askCount == 0 && snapshot.bid(1).quantity.lots == 2)
        engine.snapshot(SymbolID(77), into: &snapshot)
        #expect(snapshot.bidCount == 0 && snapshot.askCount == 0)
        engine.snapshot(SymbolID(-1), into: &snapshot)
        #expect(snapshot.bidCount == 0)
        let empty = UnsafeMutableBufferPointer<BookLevel>(start: nil, count: 0)
        #expect(engine.depth(s0, side: .buy, into: empty) == 0)
    }
}
