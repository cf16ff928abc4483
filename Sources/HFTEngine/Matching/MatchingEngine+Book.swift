// Linking orders into and out of the FIFOs of their levels.

extension MatchingEngine {
    /// Appends order `slot` (price, side and remaining already set) at the back of its
    /// level, creating the level if needed. The caller has checked that the price is in the
    /// ladder's window and that a level slot is available.
    @inlinable @inline(__always) @_noAllocation
    mutating func link(_ slot: Int32, book: UnsafeMutablePointer<OrderBook>) {
        let order = orders.record(slot)
        let i = book.pointee.ladder.index(of: order.pointee.price)
        precondition(i >= 0, "MatchingEngine: resting price outside the ladder")
        var levelSlot = book.pointee.ladder.slot(at: i)
        if levelSlot < 0 {
            guard let fresh = levels.acquire() else { preconditionFailure("MatchingEngine: level capacity unchecked") }
            levelSlot = fresh
            levels.record(fresh).initialize(to: PriceLevel(
                price: order.pointee.price, totalQuantity: 0, head: -1, tail: -1, orderCount: 0,
                side: order.pointee.side))
            book.pointee.ladder.insertLevel(fresh, at: i, side: order.pointee.side)
        }
        let level = levels.record(levelSlot)
        order.pointee.level = levelSlot
        orders.setNext(slot, -1)
        let tail = level.pointee.tail
        orders.setPrevious(slot, tail)
        if tail >= 0 {
            orders.setNext(tail, slot)
        } else {
            level.pointee.head = slot
        }
        level.pointee.tail = slot
        level.pointee.orderCount &+= 1
        level.pointee.totalQuantity &+= order.pointee.remaining
    }

    /// Takes order `slot` out of its level's FIFO (O(1)); an emptied level vanishes at once.
    /// The order keeps its pool slot and its id.
    @inlinable @inline(__always) @_noAllocation
    mutating func unlink(_ slot: Int32, book: UnsafeMutablePointer<OrderBook>) {
        let order = orders.record(slot)
        let levelSlot = order.pointee.level
        let level = levels.record(levelSlot)
        let previous = orders.previous(slot)
        let next = orders.next(slot)
        if previous >= 0 {
            orders.setNext(previous, next)
        } else {
            level.pointee.head = next
        }
        if next >= 0 {
            orders.setPrevious(next, previous)
        } else {
            level.pointee.tail = previous
        }
        level.pointee.orderCount &-= 1
        level.pointee.totalQuantity &-= order.pointee.remaining
        if level.pointee.orderCount == 0 {
            removeLevel(levelSlot, book: book)
        }
    }

    /// Frees an empty level: the ladder forgets it and the best price moves on.
    @inlinable @inline(__always) @_noAllocation
    mutating func removeLevel(_ levelSlot: Int32, book: UnsafeMutablePointer<OrderBook>) {
        let level = levels.record(levelSlot)
        let i = book.pointee.ladder.index(of: level.pointee.price)
        book.pointee.ladder.removeLevel(at: i, side: level.pointee.side)
        levels.release(levelSlot)
    }

    /// Forgets a finished order: its pool slot and its id are free again.
    @inlinable @inline(__always) @_noAllocation
    mutating func retire(_ slot: Int32) {
        orderIndex.remove(orders.record(slot).pointee.id)
        orders.release(slot)
    }

    /// True if a limit order of `side` at `price` would trade with the book at once.
    @inlinable @_noAllocation @inline(__always)
    func crosses(_ book: UnsafeMutablePointer<OrderBook>, side: Side, price: Int64) -> Bool {
        let ladder = book
        if side == .buy {
            let best = ladder.pointee.ladder.bestAskIndex
            return best >= 0 && ladder.pointee.ladder.price(at: best) <= price
        } else {
            let best = ladder.pointee.ladder.bestBidIndex
            return best >= 0 && ladder.pointee.ladder.price(at: best) >= price
        }
    }
}
