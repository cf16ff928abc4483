#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import HFTEngine

/// The ladders of all symbols live in one reservation made at `init`: adding symbols and
/// trading touch only the pages where levels are, and the limits are typed errors.
@Suite("Matching ladder memory")
struct MatchingLadderMemoryTests {
    /// Resident pages of `bytes` at `base` (`mincore`).
    static func residentPages(_ base: UnsafeMutableRawPointer, _ bytes: Int) -> Int {
        #if os(Linux)
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let pages = (bytes + page - 1) / page
        var vector = [UInt8](repeating: 0, count: pages)
        guard mincore(base, bytes, &vector) == 0 else { return -1 }
        return vector.reduce(0) { $0 + Int($1 & 1) }
        #else
        return 0
        #endif
    }

    @Test func untouchedLaddersCostNoMemory() {
        // 64 symbols × 2^22 ticks: about 1.1 GB of address space.
        var engine = try! MatchingEngine(configuration: EngineConfiguration(
            maxOrders: 4_096, maxPriceLevels: 4_096, maxSymbols: 64, maxLadderTicks: 1 << 22))
        #expect(engine.ladderMemory.byteCount == 64 * PriceLadder.reservedBytes(maxTicks: 1 << 22))
        #expect(engine.ladderMemory.byteCount > 64 * 4 * (1 << 22))
        for i in 0..<64 { _ = try! engine.addSymbol(SymbolConfiguration(name: "S\(i)", ladderTicks: 1 << 22)) }
        var events = try! EventBuffer(capacity: 64)
        var id: Int64 = 1
        for s in 0..<64 {
            for k in 0..<20 {
                engine.submit(limit(id, k % 2 == 0 ? .buy : .sell, k % 2 == 0 ? 100_000 - Int64(k) : 100_100 + Int64(k), 1,
                                    symbol: SymbolID(Int32(s))), into: &events)
                id += 1
                events.removeAll()
            }
        }
        // Each symbol touched its geometry page, one or two slot pages and a few bitmap
        // pages: far below the 270K pages of the reservation. (Measured before the
        // invariant check, which reads every entry and so maps the shared zero page.)
        let resident = Self.residentPages(engine.ladderMemory.base, engine.ladderMemory.byteCount)
        print("resident ladder pages: \(resident) of \(engine.ladderMemory.byteCount / 4_096)")
        #expect(resident >= 0 && resident < 64 * 12, "resident ladder pages: \(resident)")
        engine.checkInvariants()
        engine.reset()
        engine.checkInvariants()
        #expect(engine.bestLevel(SymbolID(3), side: .buy) == nil)
    }

    @Test func ladderLimitsAreTypedErrors() throws {
        #expect(throws: ConfigurationError.outOfRange(field: "maxLadderTicks", value: 63,
                                                      allowed: EngineConfiguration.maxLadderTicksRange)) {
            try EngineConfiguration(maxLadderTicks: 63).validate()
        }
        let allowed = EngineConfiguration.maxLadderTicksAllowed(maxSymbols: 1 << 16)
        #expect(allowed < 1 << 30 && allowed > 1 << 20)
        #expect(PriceLadder.reservedBytes(maxTicks: allowed) * (1 << 16) <= EngineConfiguration.maxLadderReservationBytes)
        #expect(PriceLadder.reservedBytes(maxTicks: allowed + 1) * (1 << 16) > EngineConfiguration.maxLadderReservationBytes)
        #expect(throws: ConfigurationError.outOfRange(field: "maxLadderTicks", value: 1 << 30, allowed: 64 ... allowed)) {
            try EngineConfiguration(maxSymbols: 1 << 16, maxLadderTicks: 1 << 30).validate()
        }
        #expect(EngineConfiguration.maxLadderTicksAllowed(maxSymbols: 16) == 1 << 30)
        var engine = try MatchingEngine(configuration: EngineConfiguration(maxOrders: 8, maxPriceLevels: 8, maxSymbols: 2,
                                                                          maxLadderTicks: 1 << 12))
        #expect(throws: SymbolSetupError.invalidConfiguration(.outOfRange(field: "ladderTicks", value: (1 << 12) + 1,
                                                                          allowed: 64 ... 1 << 12))) {
            _ = try engine.addSymbol(SymbolConfiguration(name: "X", ladderTicks: (1 << 12) + 1))
        }
        _ = try engine.addSymbol(SymbolConfiguration(name: "X", ladderTicks: 1 << 12, bandPartsPerMillion: 7))
        #expect(engine.symbolCount == 1)
        #expect(engine.configuration(of: SymbolID(0)) == SymbolConfiguration(name: "", ladderTicks: 1 << 12, bandPartsPerMillion: 7))
    }

    /// A live book that must shift its window moves only its live range; the window keeps
    /// working across many shifts in both directions (checked against the invariants).
    @Test func shiftingWindowKeepsTheBook() {
        var engine = makeEngine(maxOrders: 256, maxLevels: 256, ladderTicks: 64)
        var events = try! EventBuffer(capacity: 64)
        var id: Int64 = 1
        var mid: Int64 = 10_000
        for step in 0..<400 {
            mid += step % 80 < 40 ? 1 : -1
            engine.submit(limit(id, .buy, mid - 3 - id % 5, 1), into: &events); id += 1
            engine.submit(limit(id, .sell, mid + 3 + id % 5, 1), into: &events); id += 1
            if id > 40 { engine.cancel(orderId: id - 40, into: &events); engine.cancel(orderId: id - 39, into: &events) }
            events.removeAll()
            engine.checkInvariants()
        }
        #expect(engine.restingOrderCount > 0)
    }
}
