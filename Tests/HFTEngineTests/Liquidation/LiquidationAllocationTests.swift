import Testing
import AllocationCounter
@testable import HFTEngine

/// Warmed-up hot paths of the liquidation engine allocate nothing (jemalloc's per-thread
/// allocated bytes; skipped without jemalloc). Loops run over `Int` ranges.
@Suite("Liquidation allocations", allocationCounting)
struct LiquidationAllocationTests {
    typealias F = RiskFixtures

    @Test func hotPathsAllocateNothing() throws {
        let v = LiquidationVenue(users: 64, perSymbol: 256, threads: 2)
        v.deposit(0, "100000000")
        for a in 1..<64 {
            v.deposit(a, "\(1_000 + a * 100)")
            v.leverage(a, F.btc, 20)
        }
        v.order(0, F.btc, buy: false, price: "50000", lots: 40_000)
        for a in 1..<64 { v.order(a, F.btc, buy: true, price: "50000", lots: Int64(200 + a * 10)) }
        v.mark(F.btc, "50000")
        for i in 0..<64 { v.order(0, F.btc, buy: true, price: "\(49_000 - i * 50)", lots: 2_000) }
        var counts: [String: UInt64] = [:]
        var sink = 0
        for round in 0..<2 {
            var c = AllocationCounter.measure {
                for i in 0..<500 {
                    try! v.risk.setMark(F.btc, Price(ticks: F.ticks("49990") + Int64(i % 7)))
                    sink &+= v.liquidation.markUpdated(symbol: F.btc, matching: &v.matching, risk: &v.risk)
                }
            }
            counts["markUpdated (no crossing)"] = c?.bytes
            c = AllocationCounter.measure {
                for _ in 0..<20 { sink &+= v.liquidation.scanAndLiquidate(matching: &v.matching, risk: &v.risk) }
            }
            counts["scan"] = c?.bytes
            c = AllocationCounter.measure {
                for a in 1..<64 { v.liquidation.refresh(account: a, risk: v.risk) }
            }
            counts["refresh"] = c?.bytes
            if round == 1 {
                // Liquidations through the book: a crash crossing many triggers.
                v.liquidation.events.removeAll()
                c = AllocationCounter.measure {
                    try! v.risk.setMark(F.btc, Price(ticks: F.ticks("44000")))
                    sink &+= v.liquidation.markUpdated(symbol: F.btc, matching: &v.matching, risk: &v.risk)
                    sink &+= v.liquidation.scanAndLiquidate(matching: &v.matching, risk: &v.risk)
                    v.liquidation.unwindFund(symbol: F.btc, matching: &v.matching, risk: &v.risk)
                }
                counts["liquidations"] = c?.bytes
                #expect(v.liquidation.events.count > 0)
            }
        }
        for (name, bytes) in counts { #expect(bytes == 0, "\(name) allocated \(bytes ?? 0) bytes") }
        #expect(sink >= 0)
        #expect(v.invariantsHold)
    }
}
