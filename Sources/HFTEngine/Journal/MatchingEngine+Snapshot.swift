// Snapshot of the matching engine (see ``SnapshotBuffer``): the live books only. Pools,
// free lists, the order-id index and the ladders' bitmaps are rebuilt on load.

extension MatchingEngine {
    /// Saves or loads the books: per symbol its window, reference price, halt and last
    /// trade, then its live levels in ascending price with their orders in FIFO order.
    /// Loading replaces whatever the engine holds (symbols must have been added with the
    /// same configurations first) and rebuilds the order pool, level pool, order-id index
    /// and ladder bitmaps from the saved orders; the restored engine hashes
    /// (``stateHash(into:)``) and behaves exactly as the saved one. Pool slots may differ:
    /// nothing observable depends on them.
    ///
    /// Layout per book (all `Int64` unless noted): ladder size (checked), base, reference
    /// price, halt (`UInt8`), last trade price, last trade quantity, trade count, number
    /// of live levels, best bid index, best ask index; per level: its window index,
    /// `orderCount << 8 | side`; per order: id, account, remaining lots,
    /// `timeInForce | selfTradePrevention << 8 | flags << 16`.
    ///
    /// - Complexity: saving O(symbols + levels × log64 ladder + orders); loading the same
    ///   plus a ``reset()`` first if the engine is not empty.
    /// - Throws: ``JournalError/incompatibleSnapshot`` for other capacities or ladder sizes;
    ///   ``JournalError/corruptSnapshot`` for any count, index or value the engine could not
    ///   hold (the books are then emptied, never left half-loaded).
    public mutating func visitSnapshot(_ s: SnapshotBuffer) throws(JournalError) {
        try s.check(configuration.maxOrders); try s.check(configuration.maxPriceLevels)
        try s.check(configuration.maxSymbols); try s.check(symbolCount)
        if !s.isLoading {
            for i in 0..<symbolCount { saveBook(i, s) }
            return
        }
        if restingOrderCount > 0 || priceLevelCount > 0 { reset() }
        do throws(JournalError) {
            for i in 0..<symbolCount { try loadBook(i, s) }
        } catch {
            reset()
            throw error
        }
    }

    func saveBook(_ index: Int, _ s: SnapshotBuffer) {
        let book = self.book(index)
        s.append(Int64(book.pointee.ladder.size))
        s.append(book.pointee.ladder.base)
        s.append(book.pointee.referencePrice)
        s.append(UInt8(book.pointee.halted ? 1 : 0))
        s.append(book.pointee.lastTradePrice)
        s.append(book.pointee.lastTradeQuantity)
        s.append(book.pointee.tradeCount)
        s.append(Int64(book.pointee.ladder.bidLevelCount + book.pointee.ladder.askLevelCount))
        s.append(Int64(book.pointee.ladder.bestBidIndex))
        s.append(Int64(book.pointee.ladder.bestAskIndex))
        // Bids are all below asks (the book is never crossed): bids ascending, then asks.
        for side in [Side.buy, Side.sell] {
            var i = side == .buy ? book.pointee.ladder.bidLevels.first : book.pointee.ladder.askLevels.first
            while let at = i {
                let level = levels.record(book.pointee.ladder.slot(at: at))
                s.append(Int64(at))
                s.append(Int64(level.pointee.orderCount) << 8 | Int64(side.rawValue))
                var slot = level.pointee.head
                while slot >= 0 {
                    let o = orders.record(slot)
                    s.append(o.pointee.id)
                    s.append(o.pointee.account)
                    s.append(o.pointee.remaining)
                    s.append(Int64(o.pointee.timeInForce.rawValue) | Int64(o.pointee.selfTradePrevention.rawValue) << 8
                             | Int64(o.pointee.flags.rawValue) << 16)
                    slot = orders.next(slot)
                }
                i = side == .buy ? book.pointee.ladder.bidLevels.next(atOrAfter: at + 1)
                                 : book.pointee.ladder.askLevels.next(atOrAfter: at + 1)
            }
        }
    }

    /// Loads one book into an empty engine; throws on the first value it could not hold.
    mutating func loadBook(_ index: Int, _ s: SnapshotBuffer) throws(JournalError) {
        let book = self.book(index)
        let size = book.pointee.ladder.size
        try s.check(size)
        let base = try s.read(Int64.self)
        // Every window price must be representable: base + size - 1 without overflow.
        guard base <= Int64.max - Int64(size) else { throw .corruptSnapshot }
        let reference = try s.read(Int64.self)
        let halted = try s.read(UInt8.self)
        guard reference >= 0, halted <= 1 else { throw .corruptSnapshot }
        book.pointee.ladder.base = base
        book.pointee.referencePrice = reference
        book.pointee.halted = halted == 1
        book.pointee.lastTradePrice = try s.read(Int64.self)
        book.pointee.lastTradeQuantity = try s.read(Int64.self)
        book.pointee.tradeCount = try s.read(Int64.self)
        let levelCount = try s.readCount(atMost: min(size, levels.availableCount))
        let bestBid = try s.read(Int64.self), bestAsk = try s.read(Int64.self)
        var previous = -1
        var sawAsk = false
        for _ in 0..<levelCount {
            let at = try s.read(Int64.self)
            let packed = try s.read(Int64.self)
            guard at > Int64(previous) && at < Int64(size), let side = Side(rawValue: UInt8(truncatingIfNeeded: packed & 0xFF)),
                  packed >> 8 >= 1, packed >> 8 <= Int64(orders.availableCount)
            else { throw .corruptSnapshot }
            // Bids come first, all below the asks; prices are positive.
            if side == .sell { sawAsk = true } else if sawAsk { throw .corruptSnapshot }
            let i = Int(at)
            let price = base &+ at
            guard price > 0 else { throw .corruptSnapshot }
            var total: Int64 = 0
            for _ in 0 ..< Int(packed >> 8) {
                let id = try s.read(Int64.self)
                let account = try s.read(Int64.self)
                let remaining = try s.read(Int64.self)
                let attributes = try s.read(Int64.self)
                guard id > 0, remaining > 0, attributes >> 24 == 0,
                      let tif = TimeInForce(rawValue: UInt8(truncatingIfNeeded: attributes)),
                      let stp = SelfTradePrevention(rawValue: UInt8(truncatingIfNeeded: attributes >> 8))
                else { throw .corruptSnapshot }
                let (sum, overflow) = total.addingReportingOverflow(remaining)
                guard !overflow, let slot = orders.acquire() else { throw .corruptSnapshot }
                total = sum
                do throws(IdMap.InsertError) { try orderIndex.insert(id, slot) } catch {
                    orders.release(slot)
                    throw .corruptSnapshot
                }
                orders.record(slot).initialize(to: OrderRecord(
                    id: id, account: account, price: price, remaining: remaining, level: -1,
                    symbol: SymbolID(Int32(index)), side: side, timeInForce: tif, selfTradePrevention: stp,
                    flags: OrderFlags(rawValue: UInt8(truncatingIfNeeded: attributes >> 16))))
                link(slot, book: book)
            }
            previous = i
        }
        guard bestBid == Int64(book.pointee.ladder.bestBidIndex), bestAsk == Int64(book.pointee.ladder.bestAskIndex)
        else { throw .corruptSnapshot }
    }
}
