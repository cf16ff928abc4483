import HFTGateway
import Testing

@Suite("gateway: local order book from snapshot and diffs")
struct LocalOrderBookTests {
    typealias Level = LocalOrderBook.Level

    func diff(_ first: Int64, _ final: Int64, _ previous: Int64, bids: [(Int64, Int64)] = [], asks: [(Int64, Int64)] = []) -> DepthDiff {
        DepthDiff(firstUpdateId: first, finalUpdateId: final, previousFinalUpdateId: previous,
                  bids: bids.map { Level(price: $0.0, quantity: $0.1) }, asks: asks.map { Level(price: $0.0, quantity: $0.1) })
    }

    @Test("Binance's rule: stale events dropped, the bridging event applied, then pu must chain")
    func rule() {
        var book = LocalOrderBook(lastUpdateId: 100, bids: [Level(price: 10, quantity: 5), Level(price: 9, quantity: 1)],
                                  asks: [Level(price: 12, quantity: 3)])
        #expect(book.bestBid == Level(price: 10, quantity: 5))
        #expect(book.apply(diff(90, 99, 89, bids: [(10, 1)])) == .stale)
        #expect(!book.isSynchronised)
        #expect(book.apply(diff(102, 105, 101)) == .gap)         // starts after the snapshot: 101 was missed
        #expect(book.apply(diff(95, 103, 94, bids: [(10, 0), (11, 2)], asks: [(12, 4)])) == .applied)
        #expect(book.isSynchronised && book.lastUpdateId == 103)
        #expect(book.bids == [Level(price: 11, quantity: 2), Level(price: 9, quantity: 1)])
        #expect(book.asks == [Level(price: 12, quantity: 4)])
        #expect(book.apply(diff(104, 104, 103, asks: [(13, 1), (12, 0)])) == .applied)
        #expect(book.asks == [Level(price: 13, quantity: 1)])
        #expect(book.apply(diff(100, 104, 103)) == .stale)        // already applied
        #expect(book.apply(diff(106, 107, 105)) == .gap)          // 105 never seen
    }

    @Test("the first event may start right after the snapshot or chain onto it by pu")
    func bridging() {
        var next = LocalOrderBook(lastUpdateId: 100, bids: [], asks: [])
        #expect(next.apply(diff(101, 101, 100, bids: [(5, 1)])) == .applied)
        var chained = LocalOrderBook(lastUpdateId: 100, bids: [], asks: [])
        #expect(chained.apply(diff(103, 104, 100, bids: [(5, 1)])) == .applied)
        #expect(chained.bids == [Level(price: 5, quantity: 1)])
    }

    @Test("random level updates keep both sides sorted and equal to a dictionary model")
    func model() {
        var generator = SystemRandomNumberGenerator()
        var book = LocalOrderBook(lastUpdateId: 0, bids: [], asks: [])
        var bids: [Int64: Int64] = [:]
        var asks: [Int64: Int64] = [:]
        var last: Int64 = 0
        for _ in 0..<2_000 {
            let price = Int64.random(in: 1...200, using: &generator)
            let quantity = Bool.random(using: &generator) ? 0 : Int64.random(in: 1...9, using: &generator)
            let isBid = Bool.random(using: &generator)
            let event = diff(last, last + 1, last, bids: isBid ? [(price, quantity)] : [], asks: isBid ? [] : [(price, quantity)])
            #expect(book.apply(event) == .applied)
            last += 1
            if isBid { bids[price] = quantity == 0 ? nil : quantity } else { asks[price] = quantity == 0 ? nil : quantity }
        }
        #expect(book.bids == bids.sorted { $0.key > $1.key }.map { Level(price: $0.key, quantity: $0.value) })
        #expect(book.asks == asks.sorted { $0.key < $1.key }.map { Level(price: $0.key, quantity: $0.value) })
    }
}
