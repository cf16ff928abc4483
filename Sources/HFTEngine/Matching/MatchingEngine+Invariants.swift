// Consistency checks for tests (O(size of the engine); never on the hot path).

extension MatchingEngine {
    /// Walks every book and traps with a message if an internal invariant is broken:
    /// FIFO links agree in both directions; each level's count and total match its orders;
    /// every order points at its level and is in the id index; the ladder's bits, slots and
    /// cached best prices agree (an entry is `~slot`, 0 for none); no level is empty; the
    /// book is not crossed; the pools' live counts match what the books hold.
    ///
    /// Reads every ladder entry: untouched pages of the reservation read as the shared zero
    /// page, so this costs time but no memory.
    public func checkInvariants() {
        var ordersSeen = 0
        var levelsSeen = 0
        for s in 0..<symbolCount {
            let book = self.book(s)
            let size = book.pointee.ladder.size
            var bidLevels = 0
            var askLevels = 0
            var highestBid = -1
            var lowestAsk = -1
            for i in 0..<size where book.pointee.ladder.slot(at: i) >= 0 {
                let levelSlot = book.pointee.ladder.slot(at: i)
                precondition(levelSlot < Int32(levels.capacity), "ladder entry is not a level slot")
                let level = levels.record(levelSlot).pointee
                let price = book.pointee.ladder.price(at: i)
                precondition(level.price == price, "level price does not match its ladder position")
                precondition(level.orderCount > 0, "empty level left in the ladder")
                if level.side == .buy {
                    precondition(book.pointee.ladder.bidLevels.contains(i), "bid level without its bit")
                    precondition(!book.pointee.ladder.askLevels.contains(i), "bid level with an ask bit")
                    bidLevels += 1
                    highestBid = i
                } else {
                    precondition(book.pointee.ladder.askLevels.contains(i), "ask level without its bit")
                    precondition(!book.pointee.ladder.bidLevels.contains(i), "ask level with a bid bit")
                    askLevels += 1
                    if lowestAsk < 0 { lowestAsk = i }
                }
                var count: Int32 = 0
                var total: Int64 = 0
                var previous: Int32 = -1
                var slot = level.head
                while slot >= 0 {
                    let order = orders.record(slot).pointee
                    precondition(orders.previous(slot) == previous, "broken FIFO back link")
                    precondition(order.level == levelSlot, "order points at another level")
                    precondition(order.price == price && order.side == level.side, "order in the wrong level")
                    precondition(order.symbol.index == Int32(s), "order in another symbol's book")
                    precondition(order.remaining > 0, "resting order without quantity")
                    precondition(orderIndex.find(order.id) == slot, "order missing from the id index")
                    count += 1
                    total += order.remaining
                    previous = slot
                    slot = orders.next(slot)
                }
                precondition(level.tail == previous, "level tail is not the last order")
                precondition(count == level.orderCount, "level order count is wrong")
                precondition(total == level.totalQuantity, "level total quantity is wrong")
                ordersSeen += Int(count)
            }
            for i in 0..<size {
                if book.pointee.ladder.bidLevels.contains(i) || book.pointee.ladder.askLevels.contains(i) {
                    precondition(book.pointee.ladder.slot(at: i) >= 0, "ladder bit without a level")
                }
            }
            precondition(bidLevels == book.pointee.ladder.bidLevelCount, "bid level count is wrong")
            precondition(askLevels == book.pointee.ladder.askLevelCount, "ask level count is wrong")
            precondition(highestBid == book.pointee.ladder.bestBidIndex, "cached best bid is wrong")
            precondition(lowestAsk == book.pointee.ladder.bestAskIndex, "cached best ask is wrong")
            precondition(highestBid < 0 || lowestAsk < 0 || highestBid < lowestAsk, "book is crossed")
            levelsSeen += bidLevels + askLevels
        }
        precondition(ordersSeen == orders.liveCount, "order pool count does not match the books")
        precondition(ordersSeen == orderIndex.count, "id index count does not match the books")
        precondition(levelsSeen == levels.liveCount, "level pool count does not match the books")
    }

    /// The resting orders of one side of `symbol` in priority order (best level first,
    /// FIFO inside a level). For tests and tools; allocates the returned array.
    public func restingOrders(_ symbol: SymbolID, side: Side) -> [OrderRecord] {
        guard isKnown(symbol) else { return [] }
        let book = self.book(Int(symbol.index))
        var result: [OrderRecord] = []
        var i = side == .buy ? book.pointee.ladder.bestBidIndex : book.pointee.ladder.bestAskIndex
        while i >= 0 {
            var slot = levels.record(book.pointee.ladder.slot(at: i)).pointee.head
            while slot >= 0 {
                result.append(orders.record(slot).pointee)
                slot = orders.next(slot)
            }
            i = book.pointee.ladder.nextIndex(after: i, side: side)
        }
        return result
    }
}
