import Testing
@testable import HFTEngine

@Suite("Risk stores")
struct RiskStoreTests {
    typealias F = RiskFixtures

    /// The map, the account lists and the dense segments agree after random slot churn.
    @Test func slotsMapAndAccountListsStayConsistent() throws {
        var core = F.core(users: 30, perSymbol: 64)
        var rng = RiskRandom(state: 99)
        for _ in 0..<4_000 {
            let symbol = Int(rng.int(0...1))
            let a = Int(rng.int(0...29)), b = Int(rng.int(0...29))
            _ = try core.clearTrade(symbol: symbol, price: Price(ticks: rng.int(1...1_000)), quantity: Quantity(lots: rng.int(1...3)),
                                    makerAccount: a, makerIsBuyer: rng.int(0...1) == 0, takerAccount: b)
            try Self.checkConsistency(core)
        }
    }

    static func checkConsistency(_ core: borrowing RiskCore) throws {
        var listed = 0
        for account in 0..<core.accounts.capacity {
            var s = Int(core.accounts.firstPositionColumn[account])
            var previous = -1
            while s >= 0 {
                #expect(core.positions.account(s) == account)
                #expect(Int(core.positions.previousOfAccount[s]) == previous)
                let found = core.positions.slot(account: account, symbol: core.positions.symbol(s))
                #expect(found == s)
                listed += 1
                previous = s
                s = core.positions.nextSlot(ofAccount: s)
            }
        }
        var inSegments = 0
        for symbol in 0..<core.positions.symbolCapacity {
            let start = core.positions.segmentStart(symbol)
            for s in start..<(start + core.positions.count(symbol)) {
                #expect(core.positions.symbol(s) == symbol)
                inSegments += 1
            }
        }
        #expect(listed == inSegments)
    }
}
