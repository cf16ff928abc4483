import Testing
@testable import HFTEngine

/// The engine against ``ReferenceMatcher`` on random command streams: every command's
/// events and, periodically, every book must agree line by line.
@Suite struct MatchingDifferentialTests {
    /// One randomized run: `commands` commands from `seed`.
    static func run(seed: UInt64, commands: Int, maxOrders: Int, maxLevels: Int, ladderTicks: Int,
                    priceRange: Int, tally: inout [String: Int]) -> String? {
        var rng = SplitMix64(seed: seed)
        let symbols = 2
        var engine = makeEngine(maxOrders: maxOrders, maxLevels: maxLevels, symbols: symbols, ladderTicks: ladderTicks)
        var reference = ReferenceMatcher(symbolCount: symbols, maxOrders: maxOrders, maxLevels: maxLevels)
        var events = try! EventBuffer(capacity: 4 * maxOrders + 16)
        // The same commands through a risk-off venue: its order events must be the engine's.
        var venue = makeVenue(maxOrders: maxOrders, maxLevels: maxLevels, symbols: symbols, ladderTicks: ladderTicks,
                              eventCapacity: 4 * maxOrders + 16)
        var venueEvents = venue.makeEventBuffer()
        var sequence: UInt64 = 0
        func viaVenue(_ command: VenueCommand) -> [String] {
            sequence += 1
            venue.apply(command.stamped(sequence: sequence, timestamp: 0), into: &venueEvents)
            return drain(&venueEvents)
        }
        var nextId: Int64 = 1
        let basePrice: Int64 = 1_000

        func randomId(_ rng: inout SplitMix64) -> Int64 {
            // Mostly recent ids (live or finished), sometimes unknown ones.
            if rng.chance(5) { return Int64(rng.below(3)) - 1 + (rng.chance(50) ? 0 : 1_000_000) }
            return max(1, nextId - 1 - Int64(rng.below(60)))
        }

        for step in 0..<commands {
            let roll = rng.below(100)
            var got: [String]
            var want: [String]
            var venueGot: [String]
            var description: String
            if roll < 55 {
                // NEW
                let useFresh = rng.chance(92)
                let id = useFresh ? nextId : randomId(&rng)
                if useFresh { nextId += 1 }
                let symbol = rng.chance(2) ? SymbolID(Int32(symbols + rng.below(2))) : SymbolID(Int32(rng.below(symbols)))
                let side: Side = rng.chance(50) ? .buy : .sell
                let isMarket = rng.chance(8)
                var price = basePrice + Int64(rng.below(priceRange))
                if rng.chance(1) { price = -Int64(rng.below(2)) }
                var qty = Int64(1 + rng.below(10))
                if rng.chance(1) { qty = -Int64(rng.below(2)) }
                let tifRoll = rng.below(100)
                let tif: TimeInForce = tifRoll < 60 ? .gtc : tifRoll < 75 ? .ioc : tifRoll < 88 ? .fok : .postOnly
                let stp = SelfTradePrevention(rawValue: UInt8(rng.chance(60) ? 0 : rng.below(4)))!
                let request = OrderRequest(
                    id: id, account: Int64(1 + rng.below(4)), symbol: symbol, side: side,
                    type: isMarket ? .market : .limit, price: Price(ticks: isMarket ? 0 : price),
                    quantity: Quantity(lots: qty), timeInForce: tif, selfTradePrevention: stp)
                description = "NEW \(id) acct=\(request.account) sym=\(symbol.index) \(side) \(isMarket ? "MARKET" : "LIMIT \(price)") \(qty) \(tif) \(stp)"
                engine.submit(request, into: &events)
                got = drain(&events)
                want = reference.submit(request)
                venueGot = viaVenue(.newOrder(request))
            } else if roll < 75 {
                let id = randomId(&rng)
                description = "CANCEL \(id)"
                engine.cancel(orderId: id, into: &events)
                got = drain(&events)
                want = reference.cancel(id)
                venueGot = viaVenue(.cancelOrder(id))
            } else {
                let id = randomId(&rng)
                var price = basePrice + Int64(rng.below(priceRange))
                if rng.chance(1) { price = 0 }
                if let current = reference.resting.first(where: { $0.id == id }), rng.chance(40) {
                    price = current.price  // same-price amends: priority rules
                }
                let qty = Int64(rng.below(12))
                description = "AMEND \(id) \(price) \(qty)"
                engine.amend(orderId: id, price: Price(ticks: price), quantity: Quantity(lots: qty), into: &events)
                got = drain(&events)
                want = reference.amend(id, price: price, quantity: qty)
                venueGot = viaVenue(.amendOrder(id, price: Price(ticks: price), quantity: Quantity(lots: qty)))
            }
            for line in want {
                let words = line.split(separator: " ")
                let key = words[0] == "REJECTED" || words[0] == "EXPIRED" ? "\(words[0]) \(words[2])" : String(words[0])
                tally[key, default: 0] += 1
            }
            if got != want {
                return "seed \(seed) step \(step): \(description)\n engine:    \(got)\n reference: \(want)"
            }
            if venueGot != got {
                return "seed \(seed) step \(step): \(description)\n venue:     \(venueGot)\n engine:    \(got)"
            }
            if step % 97 == 0 || step == commands - 1 {
                for s in 0..<symbols {
                    let engineBook = bookLines(engine, SymbolID(Int32(s)))
                    let referenceBook = reference.bookLines(s)
                    if engineBook != referenceBook {
                        return "seed \(seed) step \(step): books differ for symbol \(s)\n engine:    \(engineBook)\n reference: \(referenceBook)"
                    }
                }
                engine.checkInvariants()
            }
        }
        return nil
    }

    /// 60 seeds × 2,000 commands with roomy capacities and a ladder that must shift.
    @Test func randomStreamsAgreeWithReference() {
        var tally: [String: Int] = [:]
        defer { Self.requireCoverage(tally) }
        for seed in UInt64(1)...60 {
            let failure = Self.run(seed: seed, commands: 2_000, maxOrders: 10_000, maxLevels: 10_000,
                                   ladderTicks: 64 + Int(seed % 3) * 64, priceRange: 40, tally: &tally)
            #expect(failure == nil, "\(failure ?? "")")
            if failure != nil { return }
        }
    }

    /// 20 seeds × 1,000 commands with tiny capacities, so that CAPACITY is common.
    @Test func randomStreamsAgreeUnderCapacityPressure() {
        var tally: [String: Int] = [:]
        defer { #expect(tally["REJECTED CAPACITY", default: 0] > 100, "\(tally)") }
        for seed in UInt64(101)...120 {
            let failure = Self.run(seed: seed, commands: 1_000, maxOrders: 12, maxLevels: 6,
                                   ladderTicks: 1 << 12, priceRange: 20, tally: &tally)
            #expect(failure == nil, "\(failure ?? "")")
            if failure != nil { return }
        }
    }

    /// The random streams must reach every kind of outcome, or the comparison proves little.
    static func requireCoverage(_ tally: [String: Int]) {
        let kinds = ["ACCEPTED", "TRADE", "CANCELED", "AMENDED", "EXPIRED IOC", "EXPIRED FOK", "EXPIRED POST_ONLY",
                     "EXPIRED MARKET", "EXPIRED STP", "REJECTED UNKNOWN_SYMBOL", "REJECTED DUPLICATE_ORDER_ID",
                     "REJECTED UNKNOWN_ORDER", "REJECTED BAD_QTY", "REJECTED BAD_PRICE", "REJECTED BAD_ORDER_ID",
                     "REJECTED BAD_TIF"]
        for kind in kinds {
            #expect(tally[kind, default: 0] > 20, "too few \(kind) in the random streams: \(tally)")
        }
    }
}
