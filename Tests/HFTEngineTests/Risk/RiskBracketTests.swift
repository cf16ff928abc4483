import Testing
@testable import HFTEngine

@Suite("Risk brackets")
struct RiskBracketTests {
    @Test func cumulativeAmountsMatchBinance() {
        let table = RiskFixtures.btcBrackets()
        let expected: [Int64] = [0, 50, 1_300, 16_300, 266_300, 1_266_300, 2_516_300, 5_016_300, 25_016_300, 100_016_300]
        #expect(table.count == 10)
        for (i, cum) in expected.enumerated() {
            #expect(table[i].cumulativeE8 == Int128(cum) * Int128(RiskFixtures.usdt) * Int128(Rate.one), "bracket \(i)")
        }
    }

    @Test func bracketSelectionAndLeverage() {
        let table = RiskFixtures.btcBrackets()
        let m = RiskFixtures.money
        #expect(table.bracketIndex(for: Money(units: 0)) == 0)
        #expect(table.bracketIndex(for: Money(units: m("49999.99999999"))) == 0)
        #expect(table.bracketIndex(for: Money(units: m("50000"))) == 1)
        #expect(table.maxLeverage(at: Money(units: m("50000"))) == 100)
        #expect(table.maxLeverage(at: Money(units: m("499999999"))) == 1)
        #expect(table.maxLeverage(at: Money(units: m("500000000"))) == 0)
    }

    @Test func maintenanceMarginIsContinuousAtCaps() {
        let table = RiskFixtures.btcBrackets()
        let m = RiskFixtures.money
        // 250,000 × 0.5% − 50 = 1,200 = 250,000 × 1% − 1,300.
        #expect(table.maintenanceMargin(notional: Money(units: m("250000"))).units == m("1200"))
        #expect(table.maintenanceMargin(notional: Money(units: m("1000"))).units == m("4"))
        #expect(table.maintenanceMargin(notional: Money(units: m("500000"))).units == m("3700"))
        // Rounded up: 0.00000001 × 0.4% → 1 unit.
        #expect(table.maintenanceMargin(notional: Money(units: 1)).units == 1)
    }

    @Test func invalidTablesAreRefused() {
        let r = Rate(e8: 400_000)
        #expect(throws: BracketError.badCount) { try BracketTable([]) }
        #expect(throws: BracketError.capsNotIncreasing) {
            try BracketTable([MarginBracket(notionalCap: Money(units: 10), maintenanceRate: r, maxLeverage: 10),
                              MarginBracket(notionalCap: Money(units: 10), maintenanceRate: r, maxLeverage: 10)])
        }
        #expect(throws: BracketError.badRate) {
            try BracketTable([MarginBracket(notionalCap: Money(units: 10), maintenanceRate: Rate(e8: Rate.one), maxLeverage: 10)])
        }
        #expect(throws: BracketError.badLeverage) {
            try BracketTable([MarginBracket(notionalCap: Money(units: 10), maintenanceRate: r, maxLeverage: 0)])
        }
    }

    @Test func exactDivisionRounding() {
        #expect(ExactDivision.floor(Int64(-7), 2) == -4)
        #expect(ExactDivision.ceiling(Int64(-7), 2) == -3)
        #expect(ExactDivision.ceiling(Int64(7), 2) == 4)
        #expect(ExactDivision.ceilingE8(Int64(1)) == 1)
        #expect(ExactDivision.ceilingE8(Int64(-1)) == 0)
        #expect(ExactDivision.floorE8(Int64(-1)) == -1)
        let big = Int128(1) << 100
        #expect(ExactDivision.floor(big + 6, Int128(7)) == (big + 6) / 7)
        #expect(ExactDivision.floor(-big - 6, Int128(7)) == (-big - 6) / 7 - 1)
        #expect(ExactDivision.floor(-big - 5, Int128(7)) == (-big - 5) / 7)
        #expect(ExactDivision.floor(Int128(Int64.max) * 3 + 1, Int128(3)) == Int128(Int64.max))
        #expect(ExactDivision.nearest(Int128(5), Int128(2)) == 3)
        #expect(ExactDivision.nearest(Int128(-5), Int128(2)) == -3)
        var rng = RiskRandom(state: 7)
        for _ in 0..<2_000 {
            let n = Int128(Int64(bitPattern: rng.next())) * Int128(Int64(bitPattern: rng.next()) >> Int(rng.next() % 60))
            let d = Int128(max(1, Int64(bitPattern: rng.next() >> UInt64(1 + rng.next() % 62))))
            let (q, r) = n.quotientAndRemainder(dividingBy: d)
            #expect(ExactDivision.floor(n, d) == (r < 0 ? q - 1 : q), "n=\(n) d=\(d)")
        }
    }
}
