// Snapshot walks of the engine's stores (see ``SnapshotBuffer``): every buffer at its full
// capacity and every scalar that changes after construction, in one fixed order. Buffers
// that only depend on the configuration are `check`ed, not saved. A store that gains a
// field must add it here (the round-trip tests compare state hashes, which see most fields).

extension SlotPool {
    mutating func visitSnapshot(_ s: SnapshotBuffer) throws(JournalError) {
        try s.check(Int(capacity))
        try s.column(freeSlots, count: Int(capacity))
        try s.column(liveFlags, count: Int(capacity))
        try s.value(&freeCount)
        if s.isLoading && (freeCount < 0 || freeCount > capacity) { throw .corruptSnapshot }
    }
}

extension IdMap {
    mutating func visitSnapshot(_ s: SnapshotBuffer) throws(JournalError) {
        try s.check(capacity)
        try s.check(tableSize)
        try s.column(entries, count: tableSize + 1)
        try s.value(&storedCount)
        try s.value(&maxDisplacement)
        if s.isLoading && (storedCount < 0 || storedCount > capacity || maxDisplacement < 0 || maxDisplacement > tableSize) {
            throw .corruptSnapshot
        }
    }
}

extension BitLadder {
    mutating func visitSnapshot(_ s: SnapshotBuffer) throws(JournalError) {
        try s.check(bitCount)
        try s.column(words, count: levelStart[levels - 1] + levelWords[levels - 1])
    }
}

extension PriceLadder {
    mutating func visitSnapshot(_ s: SnapshotBuffer) throws(JournalError) {
        try s.check(size)
        try s.value(&base)
        try s.column(encodedSlots, count: size)
        try bidLevels.visitSnapshot(s)
        try askLevels.visitSnapshot(s)
        try s.value(&bestBidIndex); try s.value(&bestAskIndex)
        try s.value(&bidLevelCount); try s.value(&askLevelCount)
    }
}

extension OrderBook {
    mutating func visitSnapshot(_ s: SnapshotBuffer) throws(JournalError) {
        try ladder.visitSnapshot(s)
        try s.value(&referencePrice); try s.value(&halted)
        try s.value(&lastTradePrice); try s.value(&lastTradeQuantity); try s.value(&tradeCount)
    }
}

extension MatchingEngine {
    /// Saves or loads the books, orders, levels and the order-id index. Symbols must have
    /// been added (with the same configurations) before loading.
    public mutating func visitSnapshot(_ s: SnapshotBuffer) throws(JournalError) {
        try s.check(configuration.maxOrders); try s.check(configuration.maxPriceLevels)
        try s.check(configuration.maxSymbols); try s.check(symbolCount)
        try orders.slots.visitSnapshot(s)
        let n = orders.capacity
        try s.column(orders.records, count: n)
        try s.column(orders.nextLinks, count: n)
        try s.column(orders.previousLinks, count: n)
        try levels.slots.visitSnapshot(s)
        try s.column(levels.records, count: levels.capacity)
        try orderIndex.visitSnapshot(s)
        for i in 0..<symbolCount { try books[i].visitSnapshot(s) }
    }
}

extension AccountStore {
    mutating func visitSnapshot(_ s: SnapshotBuffer) throws(JournalError) {
        try s.check(capacity)
        try s.column(balances, count: capacity); try s.column(reservedColumn, count: capacity)
        try s.column(marginColumn, count: capacity); try s.column(openOrderColumn, count: capacity)
        try s.column(firstPositionColumn, count: capacity)
        try s.column(foldedEpochColumn, count: capacity)
    }
}

extension PositionStore {
    mutating func visitSnapshot(_ s: SnapshotBuffer) throws(JournalError) {
        try s.check(symbolCapacity); try s.check(perSymbolCapacity)
        let slots = symbolCapacity * perSymbolCapacity
        try s.column(symbolDefaultLeverage, count: symbolCapacity)
        try s.column(accountColumn, count: slots); try s.column(symbolColumn, count: slots)
        try s.column(sizeColumn, count: slots); try s.column(costColumn, count: slots)
        try s.column(marginColumn, count: slots); try s.column(fundingColumn, count: slots)
        try s.column(leverageColumn, count: slots)
        try s.column(modeColumn, count: slots); try s.column(orderColumn, count: slots)
        try s.column(nextOfAccount, count: slots); try s.column(previousOfAccount, count: slots)
        try s.column(counts, count: symbolCapacity); try s.column(isolatedCounts, count: symbolCapacity)
        try s.column(largestSize, count: symbolCapacity)
        if s.isLoading {
            for i in 0..<symbolCapacity where counts[i] < 0 || counts[i] > perSymbolCapacity { throw .corruptSnapshot }
            recomputeParkedFundingBounds()
        }
        try index.visitSnapshot(s)
    }
}

extension OrderReservations {
    mutating func visitSnapshot(_ s: SnapshotBuffer) throws(JournalError) {
        try ids.visitSnapshot(s)
        try pool.visitSnapshot(s)
        let n = Int(pool.capacity)
        try s.column(accountColumn, count: n); try s.column(symbolColumn, count: n)
        try s.column(remainingColumn, count: n); try s.column(reservedColumn, count: n)
    }
}

extension RiskCore {
    /// Saves or loads accounts, positions, reservations, symbol rules and prices,
    /// brackets, halts and net deposits.
    public mutating func visitSnapshot(_ s: SnapshotBuffer) throws(JournalError) {
        try s.check(symbolCapacity); try s.check(maxOpenOrdersPerAccount)
        try accounts.visitSnapshot(s)
        try positions.visitSnapshot(s)
        try reservations.visitSnapshot(s)
        try s.column(configured, count: symbolCapacity)
        try s.column(symbolTable, count: symbolCapacity)
        try s.column(bracketRows, count: symbolCapacity * BracketTable.maxCount)
        try s.column(bracketCounts, count: symbolCapacity)
        if s.isLoading {
            for i in 0..<symbolCapacity where bracketCounts[i] < 0 || bracketCounts[i] > BracketTable.maxCount { throw .corruptSnapshot }
        }
        try s.value(&globalHalt)
        try s.value(&netDeposits)
        try s.value(&settlements)
    }
}
