import AllocationCounter
import Testing
@testable import HFTEngine

/// Hot-path operations allocate nothing after warm-up: exactly 0 bytes, counted by jemalloc
/// around each measured loop.
///
/// The count is the calling thread's `thread.allocated` bytes, so tests running in parallel
/// on other threads do not disturb it; any allocation adds at least one byte. The loops are
/// written inline over `Range<Int>`: a debug build allocates when it iterates a
/// `ClosedRange<Int64>` (unspecialized generic code), which would count the test, not the engine.
@Suite(allocationCounting)
struct MatchingAllocationTests {
    /// The calling thread's allocated bytes so far.
    static func bytes() -> UInt64 { AllocationCounter.read()?.bytes ?? 0 }

    @Test func addAndCancel() {
        var engine = makeEngine(maxOrders: 4_096, maxLevels: 1_024)
        var events = try! EventBuffer(capacity: 64)
        var allocated: UInt64 = 0
        for pass in 0..<2 {
            let start = Self.bytes()
            for n in 0..<1_000 {
                let i = Int64(n) + 1
                engine.submit(limit(i, .buy, 1_000 + i % 50, 1), into: &events)
                events.removeAll()
            }
            for n in 0..<1_000 {
                let i = Int64(n) + 1
                // The lookahead hints of a pipelining host (MatchingEngine+Prefetch).
                engine.prefetchIndexEntry(of: i + 3)
                engine.prefetchOrder(of: i + 2)
                engine.prefetchNeighbours(of: i + 1)
                engine.cancel(orderId: i, into: &events)
                events.removeAll()
            }
            allocated = Self.bytes() - start
            _ = pass
        }
        #expect(allocated == 0, "bytes allocated after warm-up")
    }

    /// Adding a symbol carves its ladder from the engine's reservation: 0 bytes, also for
    /// the configuration a venue passes (empty name literal, the largest ladder).
    @Test func addSymbol() {
        var engine = try! MatchingEngine(configuration: EngineConfiguration(
            maxOrders: 64, maxPriceLevels: 64, maxSymbols: 64, maxLadderTicks: 1 << 22))
        let big = SymbolConfiguration(name: "", ladderTicks: 1 << 22)
        let small = SymbolConfiguration(name: "", ladderTicks: 64, bandPartsPerMillion: 50_000)
        var allocated: UInt64 = 0
        for pass in 0..<2 {
            let start = Self.bytes()
            for n in 0..<16 {
                _ = try! engine.addSymbol(n % 2 == 0 ? big : small)
            }
            allocated = Self.bytes() - start
            _ = pass
        }
        #expect(allocated == 0, "bytes allocated by addSymbol")
        #expect(engine.symbolCount == 32)
        // A refused symbol (ladder above the engine's maximum) is a typed error. (Its error
        // value is built outside the allocation proof, in `_unsafePerformance`: a debug
        // build allocates there, so the refusal is not counted here.)
        #expect(throws: SymbolSetupError.invalidConfiguration(.outOfRange(
            field: "ladderTicks", value: (1 << 22) + 1, allowed: 64 ... 1 << 22))) {
            _ = try engine.addSymbol(SymbolConfiguration(name: "", ladderTicks: (1 << 22) + 1))
        }
    }

    @Test func amend() {
        var engine = makeEngine(maxOrders: 4_096, maxLevels: 1_024)
        var events = try! EventBuffer(capacity: 64)
        for n in 0..<500 {
            let i = Int64(n) + 1
            engine.submit(limit(i, .buy, 1_000 + i % 50, 5), into: &events)
        }
        events.removeAll()
        var round: Int64 = 0
        var allocated: UInt64 = 0
        for pass in 0..<2 {
            let start = Self.bytes()
            round += 1
            for n in 0..<500 {
                let i = Int64(n) + 1
                engine.amend(orderId: i, price: Price(ticks: 1_000 + (i + round) % 50), quantity: Quantity(lots: 5),
                             into: &events)
                events.removeAll()
                engine.amend(orderId: i, price: Price(ticks: 1_000 + (i + round) % 50), quantity: Quantity(lots: 4),
                             into: &events)
                events.removeAll()
            }
            allocated = Self.bytes() - start
            _ = pass
        }
        #expect(allocated == 0, "bytes allocated after warm-up")
    }

    @Test func matchOneLevelAndSweep() {
        var engine = makeEngine(maxOrders: 4_096, maxLevels: 1_024)
        var events = try! EventBuffer(capacity: 1_024)
        var nextId: Int64 = 1
        var allocated: UInt64 = 0
        for pass in 0..<2 {
            let start = Self.bytes()
            for _ in 0..<50 {
                // One level: 10 makers, one taker.
                for _ in 0..<10 {
                    engine.submit(limit(nextId, .sell, 100, 1), into: &events)
                    nextId += 1
                }
                engine.submit(limit(nextId, .buy, 100, 10), into: &events)
                nextId += 1
                events.removeAll()
                // A sweep: 10 levels of 10 orders, one market order.
                for l in 0..<10 {
                    let level = Int64(l)
                    for _ in 0..<10 {
                        engine.submit(limit(nextId, .buy, 90 - level, 1, account: 2), into: &events)
                        nextId += 1
                    }
                }
                events.removeAll()
                engine.submit(market(nextId, .sell, 100, account: 3), into: &events)
                nextId += 1
                events.removeAll()
                // STP and FOK paths.
                engine.submit(limit(nextId, .sell, 100, 1, account: 4), into: &events)
                engine.submit(limit(nextId + 1, .buy, 100, 2, account: 4, tif: .fok, stp: .expireMaker), into: &events)
                engine.submit(limit(nextId + 2, .buy, 100, 1, account: 4, stp: .expireBoth), into: &events)
                nextId += 3
                events.removeAll()
            }
            allocated = Self.bytes() - start
            _ = pass
        }
        #expect(allocated == 0, "bytes allocated after warm-up")
        #expect(engine.restingOrderCount == 0)
    }

    @Test func depthSnapshotAndMarketData() {
        var engine = makeEngine(maxOrders: 4_096, maxLevels: 1_024)
        var events = try! EventBuffer(capacity: 64)
        for n in 0..<200 {
                let i = Int64(n) + 1
            engine.submit(limit(i, i % 2 == 0 ? .buy : .sell, i % 2 == 0 ? 1_000 - i : 1_100 + i, 1), into: &events)
        }
        events.removeAll()
        var snapshot = try! DepthSnapshot(levels: 20)
        var feed = try! MarketDataFeed(maxSymbols: 1)
        let ring = try! SPSCRing<MarketDataUpdate>(minimumCapacity: 1 << 12)
        var total = 0
        var allocated: UInt64 = 0
        for pass in 0..<2 {
            let start = Self.bytes()
            for n in 0..<100 {
                let i = Int64(n)
                engine.snapshot(s0, into: &snapshot)
                total += snapshot.bidCount + snapshot.askCount
                engine.submit(limit(10_000 + i, .buy, 1_050, 1), into: &events)
                feed.publish(events, engine: engine, to: ring)
                engine.cancel(orderId: 10_000 + i, into: &events)
                feed.publish(events, engine: engine, to: ring)
                events.removeAll()
                while ring.pop() != nil {}
            }
            allocated = Self.bytes() - start
            _ = pass
        }
        #expect(allocated == 0, "bytes allocated after warm-up")
        #expect(total == 200 * 40)
    }
}
