import Testing
@testable import HFTEngine

/// The sharded scan equals a naive per-account classification (``RiskCore/accountMargin(_:)``)
/// and gives identical results on one and on several threads.
@Suite("Liquidation scanner")
struct LiquidationScannerTests {
    typealias F = RiskFixtures

    /// A core with random cross and isolated positions of 200 accounts.
    static func randomCore(seed: UInt64) -> RiskCore {
        var core = F.core(users: 200, perSymbol: 256, orders: 64)
        var rng = RiskRandom(state: seed)
        for a in 0..<200 { try! core.deposit(account: a, amount: Money(units: rng.int(50...20_000) * F.usdt)) }
        for a in stride(from: 0, to: 200, by: 7) {
            try! core.setLeverage(account: a, symbol: F.btc, leverage: 10, mode: .isolated)
        }
        for _ in 0..<300 {
            let a = Int(rng.int(0...199)), b = Int(rng.int(0...199))
            if a == b { continue }
            let symbol = Int(rng.int(0...1))
            let price = symbol == 0 ? "\(rng.int(45_000...55_000))" : "\(rng.int(2_800...3_200))"
            F.trade(&core, symbol, account: a, counterparty: b, lots: rng.int(-400...400) | 1, price: price)
        }
        return core
    }

    @Test(arguments: [11, 12, 13])
    func matchesNaiveClassification(seed: UInt64) {
        var core = Self.randomCore(seed: seed)
        // Account-major (no accumulators) and position-major scans, on 1, 2 and 3 threads.
        var one = try! LiquidationScanner(threads: 1, symbolCapacity: 2, candidateCapacity: 512)
        var two = try! LiquidationScanner(threads: 2, symbolCapacity: 2, candidateCapacity: 512)
        var three = try! LiquidationScanner(threads: 3, symbolCapacity: 2, candidateCapacity: 512)
        var oneP = try! LiquidationScanner(threads: 1, symbolCapacity: 2, candidateCapacity: 512, accountCapacity: 200)
        var twoP = try! LiquidationScanner(threads: 2, symbolCapacity: 2, candidateCapacity: 512, accountCapacity: 200)
        var threeP = try! LiquidationScanner(threads: 3, symbolCapacity: 2, candidateCapacity: 512, accountCapacity: 200)
        for (btc, eth) in [("50000", "3000"), ("47000", "3100"), ("42000", "2600"), ("58000", "3500")] {
            try! core.setMark(F.btc, Price(ticks: F.ticks(btc)))
            try! core.setMark(F.eth, Price(ticks: F.ticks(eth)))
            var tiers = [Int](repeating: 0, count: 5)
            var want: [LiquidationCandidate] = []
            let thresholds = RiskTierThresholds()
            for a in 0..<200 {
                let m = core.accountMargin(a)
                var slot = core.accounts.firstPosition(a)
                while slot >= 0 {
                    if core.positions.mode(slot) == .isolated && core.positions.size(slot) != 0 {
                        let ticks = core.valuationPrice(core.positions.symbol(slot))
                        if core.positions.margin(slot) + core.unrealizedPnL(slot: slot, ticks: ticks)
                            < core.maintenanceMargin(slot: slot, ticks: ticks) {
                            want.append(LiquidationCandidate(account: Int32(a), symbol: Int32(core.positions.symbol(slot))))
                        }
                    }
                    slot = core.positions.nextSlot(ofAccount: slot)
                }
                let tier = thresholds.classify(maintenanceMargin: m.crossMaintenanceMargin, equity: m.crossEquity)
                tiers[Int(tier.rawValue)] += 1
                if tier == .liquidate { want.append(LiquidationCandidate(account: Int32(a), symbol: -1)) }
                #expect(m.isLiquidatable == (tier == .liquidate))
            }
            let n1 = one.scan(core), n2 = two.scan(core), n3 = three.scan(core)
            let got1 = (0..<n1).map { one.candidates[$0] }
            let got2 = (0..<n2).map { two.candidates[$0] }
            let got3 = (0..<n3).map { three.candidates[$0] }
            // The naive list is per account with isolated positions first; compare as sets per account order.
            #expect(Set(got1) == Set(want))
            #expect(got1.map(\.account) == got1.map(\.account).sorted())
            #expect(got1 == got2 && got1 == got3)
            let n4 = oneP.scan(core), n5 = twoP.scan(core), n6 = threeP.scan(core)
            let got4 = (0..<n4).map { oneP.candidates[$0] }
            let got5 = (0..<n5).map { twoP.candidates[$0] }
            let got6 = (0..<n6).map { threeP.candidates[$0] }
            #expect(Set(got4) == Set(want))
            #expect(got4.map(\.account) == got4.map(\.account).sorted())
            #expect(got4 == got5 && got4 == got6)
            let t4 = RiskTier.allCases.map { oneP.count(of: $0) }
            let t5 = RiskTier.allCases.map { threeP.count(of: $0) }
            #expect(t4 == tiers && t5 == tiers)
            let t1 = RiskTier.allCases.map { one.count(of: $0) }
            let t2 = RiskTier.allCases.map { two.count(of: $0) }
            #expect(t1 == tiers)
            #expect(t1 == t2)
            #expect(one.droppedCandidates == 0)
            if btc == "42000" { #expect(tiers[4] > 0, "the scenario has accounts to liquidate") }
        }
    }

    @Test func candidateOverflowIsCounted() {
        var core = Self.randomCore(seed: 5)
        try! core.setMark(F.btc, Price(ticks: F.ticks("20000")))
        try! core.setMark(F.eth, Price(ticks: F.ticks("9000")))
        var big = try! LiquidationScanner(threads: 2, symbolCapacity: 2, candidateCapacity: 512)
        var small = try! LiquidationScanner(threads: 2, symbolCapacity: 2, candidateCapacity: 3, accountCapacity: 200)
        let all = big.scan(core)
        let kept = small.scan(core)
        #expect(all > 3)
        #expect(kept == 3)
        #expect(small.droppedCandidates == all - 3)
    }
}
