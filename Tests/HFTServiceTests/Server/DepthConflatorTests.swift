@testable import HFTService
@testable import HFTVenueServer
import Testing

/// Conflation of diff-depth events per update speed: the merged event carries each changed
/// level's last quantity, and consecutive events chain (`pu` = previous `u`).
@Suite("Depth conflation")
struct DepthConflatorTests {
    static func diff(_ first: Int64, bids: [(Int64, Int64)] = [], asks: [(Int64, Int64)] = [], symbol: Int32 = 0) -> BookDiff {
        var diff = BookDiff(symbol: symbol, firstUpdateId: first, finalUpdateId: first, previousFinalUpdateId: first - 1,
                            bids: [], asks: [], eventTime: first * 1_000)
        diff.bids = bids.map { LedgerLevel(price: $0.0, quantity: $0.1) }
        diff.asks = asks.map { LedgerLevel(price: $0.0, quantity: $0.1) }
        diff.eventTime = first * 1_000
        return diff
    }

    @Test("levels merge to their last quantity; U/u/pu span and chain the intervals")
    func mergeAndChain() {
        let conflator = DepthConflator(speed: .fast, intervalMilliseconds: 100)
        #expect(conflator.due(nowMilliseconds: 0).isEmpty)          // nothing pending
        conflator.add(Self.diff(11, bids: [(100, 5), (99, 2)]))
        conflator.add(Self.diff(12, bids: [(100, 0)], asks: [(101, 3)]))
        conflator.add(Self.diff(13, bids: [(98, 1)], asks: [(101, 4), (102, 1)]))
        #expect(conflator.due(nowMilliseconds: 50).isEmpty)          // the interval has not passed
        let first = conflator.due(nowMilliseconds: 100)
        #expect(first.count == 1)
        let merged = first[0]
        #expect(merged.firstUpdateId == 11 && merged.finalUpdateId == 13 && merged.previousFinalUpdateId == 10)
        #expect(merged.bids == [LedgerLevel(price: 100, quantity: 0), LedgerLevel(price: 99, quantity: 2), LedgerLevel(price: 98, quantity: 1)])
        #expect(merged.asks == [LedgerLevel(price: 101, quantity: 4), LedgerLevel(price: 102, quantity: 1)])
        #expect(merged.eventTime == 13_000)

        conflator.add(Self.diff(14, asks: [(102, 0)]))
        conflator.add(Self.diff(14, bids: [(7, 7)], symbol: 1))
        let second = conflator.due(nowMilliseconds: 200)
        #expect(second.map(\.symbol) == [0, 1])
        #expect(second[0].firstUpdateId == 14 && second[0].previousFinalUpdateId == 13)   // chains to the last event
        #expect(second[1].previousFinalUpdateId == 13)                                     // symbol 1's own predecessor
        #expect(conflator.due(nowMilliseconds: 400).isEmpty)                               // an idle interval sends nothing

        // A speed that lost its subscribers starts a new chain.
        conflator.reset(0)
        conflator.add(Self.diff(20, bids: [(1, 1)]))
        #expect(conflator.due(nowMilliseconds: 500).first?.previousFinalUpdateId == 19)
    }
}
