import Testing
@testable import HFTEngine

/// Random venues driven through crashes, rallies and gaps through many brackets: after
/// every step money is conserved exactly (balances, fee account, insurance fund), each
/// symbol's positions (the fund's included) sum to zero, and no user ends with negative
/// equity unless the engine reported an uncovered loss.
@Suite("Liquidation invariants")
struct LiquidationInvariantTests {
    typealias F = RiskFixtures

    /// The maker (account 0) replaces its quotes: `levels` levels each side, `lots` each,
    /// spaced `stepBps` basis points around `mid` (ticks).
    static func requote(_ v: LiquidationVenue, _ symbol: Int, mid: Int64, levels: Int, lots: Int64, stepBps: Int64,
                        live: inout [Int64]) {
        for id in live {
            v.orderEvents.removeAll()
            RiskGate.cancel(orderId: id, matching: &v.matching, risk: &v.risk, into: &v.orderEvents)
            v.liquidation.afterOrderEvents(v.orderEvents, from: 0, matching: v.matching, risk: v.risk)
        }
        live.removeAll()
        for level in 1...levels {
            let offset = mid * stepBps * Int64(level) / 10_000
            for buy in [true, false] {
                let price = buy ? mid - offset : mid + offset
                guard price > 0 else { continue }
                v.orderEvents.removeAll()
                let id = v.nextOrderId
                v.nextOrderId += 1
                RiskGate.submit(.limit(id: id, account: 0, symbol: SymbolID(Int32(symbol)), side: buy ? .buy : .sell,
                                       price: Price(ticks: price), quantity: Quantity(lots: lots)),
                                matching: &v.matching, risk: &v.risk, into: &v.orderEvents)
                v.liquidation.afterOrderEvents(v.orderEvents, from: 0, matching: v.matching, risk: v.risk)
                if v.matching.order(id) != nil { live.append(id) }
            }
        }
    }

    @Test(arguments: [101, 202, 303, 404, 505, 606])
    func randomCrashes(seed: UInt64) throws {
        let users = 48
        let v = LiquidationVenue(users: users, perSymbol: 128, threads: 2, partial: seed % 2 == 0,
                                 makerBps: seed % 3 == 0 ? -1 : 2, takerBps: 4)
        var rng = RiskRandom(state: seed)
        v.deposit(0, "1000000000")
        v.deposit(1, "10000000")
        if seed % 3 != 1 { try v.risk.contributeToInsuranceFund(from: 1, amount: Money(units: rng.int(0...20_000) * F.usdt + 1)) }
        var mids: [Int64] = [F.ticks("50000"), F.ticks("3000")]
        var live: [[Int64]] = [[], []]
        for s in 0..<2 {
            v.mark(s, s == 0 ? "50000" : "3000")
            Self.requote(v, s, mid: mids[s], levels: 6, lots: 60_000, stepBps: 10, live: &live[s])
        }
        // Users open positions against the maker's quotes, long and short, cross and isolated.
        for a in 2..<users {
            v.deposit(a, "\(rng.int(200...40_000))")
            for s in 0..<2 where rng.int(0...2) != 0 {
                let leverage = [1, 2, 5, 10, 20, 50, 100, 125][Int(rng.int(0...7))]
                try? v.risk.setLeverage(account: a, symbol: s, leverage: Int64(min(leverage, s == 0 ? 125 : 100)),
                                        mode: rng.int(0...3) == 0 ? .isolated : .cross)
                let buy = rng.int(0...1) == 0
                let lots = s == 0 ? rng.int(1...30_000) : rng.int(1...20_000)
                let price = buy ? mids[s] * 102 / 100 : mids[s] * 98 / 100
                v.order(a, s, buy: buy, price: "\(Double(price) / 100)", lots: lots, tif: .ioc)
            }
            if rng.int(0...4) == 0 {   // a resting order far away, to be cancelled on liquidation
                v.order(a, 0, buy: true, price: "30000", lots: 5)
            }
        }
        #expect(v.invariantsHold)
        v.liquidation.rebuildTriggers(risk: v.risk)
        var liquidated = 0
        for step in 0..<60 {
            for s in 0..<2 {
                // Mostly small moves, some crashes, some gaps of up to 45%, rallies.
                let r = rng.int(0...99)
                let bps: Int64 = r < 60 ? rng.int(-150...150) : r < 85 ? rng.int(-1_500 ... -300) : r < 95 ? rng.int(-4_500 ... -2_000) : rng.int(500...2_500)
                mids[s] = max(100, mids[s] + mids[s] * bps / 10_000)
                let price = "\(Double(mids[s]) / 100)"
                // Books thin out as prices fall.
                let depth = max(500, 60_000 * mids[s] / (s == 0 ? F.ticks("50000") : F.ticks("3000")) / 2)
                if r < 95 { Self.requote(v, s, mid: mids[s], levels: 4, lots: depth, stepBps: 25, live: &live[s]) }
                v.mark(s, price)
                v.liquidation.unwindFund(symbol: s, matching: &v.matching, risk: &v.risk)
            }
            v.liquidation.scanAndLiquidate(matching: &v.matching, risk: &v.risk)
            liquidated += v.liquidation.events.count
            v.liquidation.events.removeAll()
            #expect(v.risk.conservationDiscrepancy() == 0, "money at step \(step)")
            for s in 0..<2 { #expect(v.risk.positions.netSize(symbol: s) == 0, "net size of \(s) at step \(step)") }
            let negative = (2..<users).filter { v.risk.accountMargin($0).crossEquity < 0 }
            if v.liquidation.statistics.uncoveredAccounts == 0 {
                #expect(negative.isEmpty, "negative equity at step \(step): \(negative)")
            }
            for a in 2..<users {
                if let slot = v.risk.positions.slot(account: a, symbol: 0), v.risk.positions.mode(slot) == .isolated,
                   v.risk.positions.size(slot) != 0 {
                    let eq = v.risk.positions.margin(slot) + v.risk.unrealizedPnL(slot: slot, ticks: v.risk.valuationPrice(0))
                    #expect(eq >= v.risk.maintenanceMargin(slot: slot, ticks: v.risk.valuationPrice(0)), "isolated \(a) at step \(step)")
                }
                #expect(!v.risk.accountMargin(a).isLiquidatable, "account \(a) still liquidatable at step \(step)")
            }
            let valid = v.liquidation.triggers.checkInvariants()
            #expect(valid)
            if v.risk.conservationDiscrepancy() != 0 { break }
        }
        print("seed \(seed): \(v.liquidation.statistics) fund \(v.fundBalance)")
        #expect(liquidated > 0, "the scenario liquidated something")
    }
}
