import Testing
@testable import HFTEngine

/// The lookahead hints (``MatchingEngine/prefetchIndexEntry(of:)``,
/// ``MatchingEngine/prefetchOrder(of:)``, ``MatchingEngine/prefetchNeighbours(of:)``) change
/// nothing: an engine that receives them before every command, for ids ahead in the stream
/// and for ids that are unknown, already gone or extreme, writes the same events and ends
/// with the same books as one that does not, and its invariants hold.
@Suite struct MatchingPrefetchTests {
    @Test(arguments: [1, 2, 3])
    func hintsChangeNothing(seed: UInt64) {
        var rng = SplitMix64(seed: 7_100 + seed)
        var requests: [(kind: Int, request: OrderRequest)] = []
        var nextId: Int64 = 1
        var ids: [Int64] = []
        for _ in 0 ..< 4_000 {
            let roll = rng.below(10)
            if roll < 5 || ids.isEmpty {
                let side: Side = rng.below(2) == 0 ? .buy : .sell
                let price = 1_000 + Int64(rng.below(40)) - (side == .buy ? 5 : -5)
                requests.append((0, limit(nextId, side, price, 1 + Int64(rng.below(9)), account: Int64(rng.below(20)))))
                ids.append(nextId)
                nextId += 1
            } else if roll < 8 {
                let id = ids[rng.below(ids.count)]
                requests.append((1, limit(id, .buy, 0, 0)))
            } else {
                let id = ids[rng.below(ids.count)]
                requests.append((2, limit(id, .buy, 990 + Int64(rng.below(20)), 1 + Int64(rng.below(5)))))
            }
        }
        var plain = makeEngine(maxOrders: 5_000, maxLevels: 1_000)
        var hinted = makeEngine(maxOrders: 5_000, maxLevels: 1_000)
        var plainEvents = try! EventBuffer(capacity: 64)
        var hintedEvents = try! EventBuffer(capacity: 64)
        let extremes: [Int64] = [0, -1, .min, .max, nextId + 1_000]
        for (i, (kind, request)) in requests.enumerated() {
            for ahead in [1, 2, 3, 5] where i + ahead < requests.count {
                let id = requests[i + ahead].request.id
                hinted.prefetchIndexEntry(of: id)
                hinted.prefetchOrder(of: id)
                hinted.prefetchNeighbours(of: id)
            }
            let junk = extremes[i % extremes.count]
            hinted.prefetchIndexEntry(of: junk)
            hinted.prefetchOrder(of: junk)
            hinted.prefetchNeighbours(of: junk)
            switch kind {
            case 0:
                plain.submit(request, into: &plainEvents)
                hinted.submit(request, into: &hintedEvents)
            case 1:
                plain.cancel(orderId: request.id, into: &plainEvents)
                hinted.cancel(orderId: request.id, into: &hintedEvents)
            default:
                plain.amend(orderId: request.id, price: request.price, quantity: request.quantity, into: &plainEvents)
                hinted.amend(orderId: request.id, price: request.price, quantity: request.quantity, into: &hintedEvents)
            }
            #expect(drain(&plainEvents) == drain(&hintedEvents), "command \(i)")
        }
        #expect(bookLines(plain, s0) == bookLines(hinted, s0))
        #expect(plain.restingOrderCount == hinted.restingOrderCount)
        hinted.checkInvariants()
    }
}
