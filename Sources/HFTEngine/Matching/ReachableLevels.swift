/// The price levels a taker of `side` with worst price `limit` can reach in one book: the
/// opposite side, best first, while the level's price is within the limit. Shared by the
/// checks that look ahead of a match (``MatchingEngine/canFill(book:side:limit:account:selfTradePrevention:quantity:)``
/// for `FOK`, ``MatchingEngine/makersFit(book:side:limit:quantity:account:selfTradePrevention:budget:)``
/// for the event room); the matcher itself walks and empties levels as it goes.
///
/// - Complexity: ``next()`` is O(1) plus O(log64 ladder) to find the following level.
/// - Memory: a value on the stack; reads the book it points at, which must outlive it.
@usableFromInline
struct ReachableLevels {
    @usableFromInline let book: UnsafeMutablePointer<OrderBook>
    @usableFromInline let side: Side
    @usableFromInline let limit: Int64
    @usableFromInline var index: Int

    @inlinable @inline(__always) @_noAllocation
    init(book: UnsafeMutablePointer<OrderBook>, side: Side, limit: Int64) {
        self.book = book
        self.side = side
        self.limit = limit
        index = side == .buy ? book.pointee.ladder.bestAskIndex : book.pointee.ladder.bestBidIndex
    }

    /// The level slot of the next reachable level, or `nil` when none is left.
    @inlinable @inline(__always) @_noAllocation
    mutating func next() -> Int32? {
        guard index >= 0 else { return nil }
        let price = book.pointee.ladder.price(at: index)
        if side == .buy ? price > limit : price < limit {
            index = -1
            return nil
        }
        let slot = book.pointee.ladder.slot(at: index)
        index = book.pointee.ladder.nextIndex(after: index, side: side.opposite)
        return slot
    }
}
