import Testing
import AllocationCounter
@testable import HFTEngine

/// Warmed-up hot loops allocate exactly nothing (jemalloc counts; skipped without it).
/// Each hot operation is measured on its own so that a failure names it. The calling
/// thread's allocated bytes are compared (jemalloc's `thread.allocated`), not the
/// process-wide request count, because Swift Testing runs other tests on other threads.
@Suite("Risk allocations", allocationCounting)
struct RiskAllocationTests {
    typealias F = RiskFixtures

    @Test func hotPathsAllocateNothing() throws {
        var core = F.core(users: 64, perSymbol: 256, orders: 1024, makerBps: -1, takerBps: 4)
        for a in 0..<64 { try core.deposit(account: a, amount: Money(units: F.money("100000"))) }
        try core.setMark(F.btc, Price(ticks: F.ticks("50000")))
        try core.setMark(F.eth, Price(ticks: F.ticks("3000")))
        let order = PreTradeOrder(orderId: 1, account: 3, symbol: F.btc, isBuy: true, price: Price(ticks: F.ticks("50000")),
                                  quantity: Quantity(lots: 10))
        var rule = try MarkPriceRule()
        var funding = try FundingRateRule()
        var sink: Int64 = 0
        var counts: [String: UInt64] = [:]
        for round in 0..<2 {   // round 0 warms up (type metadata, lazy globals)
            var c = AllocationCounter.measure {
                for _ in 0..<200 { sink &+= (try? core.check(order))?.reservation.units ?? 0 }
            }
            counts["check"] = c?.bytes
            c = AllocationCounter.measure {
                for i in 0..<200 {
                    _ = try? core.admit(PreTradeOrder(orderId: Int64(i), account: i % 60, symbol: F.btc, isBuy: i % 2 == 0,
                                                      price: Price(ticks: 5_000_000), quantity: Quantity(lots: 5)))
                    core.orderFilled(Int64(i), lots: 2)
                    core.orderEnded(Int64(i))
                }
            }
            counts["admit/fill/end"] = c?.bytes
            c = AllocationCounter.measure {
                for i in 0..<200 {
                    sink &+= (try? core.clearTrade(symbol: i % 2, price: Price(ticks: 300_000 + Int64(i)), quantity: Quantity(lots: 3),
                                                   makerAccount: i % 50, makerIsBuyer: i % 3 == 0, takerAccount: (i * 7) % 50))?.maker.fee ?? 0
                }
            }
            counts["clearTrade"] = c?.bytes
            c = AllocationCounter.measure {
                for i in 0..<200 {
                    let m = core.accountMargin(i % 50)
                    sink &+= m.equity
                    if let s = core.positions.slot(account: i % 50, symbol: F.btc) {
                        sink &+= core.liquidationPrice(slot: s, margin: m)?.ticks ?? 0
                        sink &+= core.bankruptcyPrice(slot: s, margin: m)?.ticks ?? 0
                    }
                }
            }
            counts["margin"] = c?.bytes
            c = AllocationCounter.measure {
                for i in 0..<200 {
                    sink &+= rule.update(index: 5_000_000, mid: 5_000_000 + Int64(i), lastTrade: 5_000_100, secondsToFunding: 100)
                    funding.addSample(try! PremiumIndex.sample(impactBid: 5_000_010, impactAsk: 5_000_020, index: 5_000_000))
                    sink &+= funding.rate.e8
                }
            }
            counts["mark/premium/rate"] = c?.bytes
            c = AllocationCounter.measure {
                for _ in 0..<50 { sink &+= try! core.settleFunding(symbol: F.btc, rate: funding.rate, mark: Price(ticks: 5_000_000)).paid }
            }
            counts["settleFunding"] = c?.bytes
            if round == 1 {
                for (name, count) in counts { #expect(count == 0, "\(name)") }
            }
        }
        #expect(sink != 42)
        #expect(core.conservationDiscrepancy() == 0)
    }
}
