import HFTEngine

// The read model's snapshot: everything a full replay of the journal would rebuild
// (orders with their indexes and histories, fills, accounts, positions, each symbol's book
// with its update ids, trades, aggregate trades, klines, 24-hour buckets, prices and
// funding), so that a service restarted from a venue snapshot and the journal after it
// serves the same history as one that replayed the whole log.
//
// Not saved: what lives for one command only (``changes``, the indexes of the current
// command, open aggregate trades, the books' "before" maps) and the book diffs waiting
// for the stream writer (recovery publishes nothing; a full replay drains them too).
//
// Layout: ``snapshotVersion``, the money decimals, the counters, then the containers in
// the order of `visitSnapshot` below, each in ascending key order (two ledgers with the
// same contents save the same bytes).

extension VenueLedger {
    /// The format of ``snapshotBytes()``; raise it when a saved field changes.
    public static let snapshotVersion = 1

    /// The ledger as snapshot bytes (the payload of ``ReadModelSnapshotFile``).
    ///
    /// - Complexity: O(retained state · log) (containers are sorted by key).
    /// - Memory: the returned bytes; the caller holds the ledger's lock meanwhile.
    public func snapshotBytes() -> [UInt8] {
        let buffer = SnapshotBuffer()
        // Saving cannot fail: the buffer grows; the visitors throw only when loading.
        try! visitSnapshot(buffer)
        return Array(buffer.bytes)
    }

    /// Replaces this ledger's contents with those of snapshot `bytes`, which must have been
    /// saved after the command of `sequence` (nil: any). All or nothing: when the bytes are
    /// damaged, of another format or of another sequence, this ledger is left as it was.
    ///
    /// - Throws: ``JournalError/corruptSnapshot`` (damaged, truncated, trailing bytes, another
    ///   sequence), ``JournalError/incompatibleSnapshot`` (another format version or money unit).
    public func loadSnapshot(_ bytes: UnsafeRawBufferPointer, sequence: UInt64? = nil) throws(JournalError) {
        let loaded = VenueLedger(symbols: Array(symbols.values), configuration: configuration)
        let buffer = SnapshotBuffer(loading: bytes)
        try loaded.visitSnapshot(buffer)
        guard buffer.isAtEnd, sequence == nil || loaded.lastSequence == sequence else { throw .corruptSnapshot }
        adopt(loaded)
    }

    /// ``loadSnapshot(_:sequence:)`` from an array.
    public func loadSnapshot(_ bytes: [UInt8], sequence: UInt64? = nil) throws(JournalError) {
        try ServiceSnapshotStore.withBytes(bytes) { (p) throws(JournalError) in try loadSnapshot(p, sequence: sequence) }
    }

    /// Saves or loads every field that outlives a command (see the file's comment).
    func visitSnapshot(_ s: SnapshotBuffer) throws(JournalError) {
        try s.check(Self.snapshotVersion)
        try s.check(configuration.moneyDecimals)
        try s.uint64(&commandCount); try s.uint64(&lastSequence); try s.int64(&lastTime)
        try s.int64(&nextTradeId); try s.int(&realizedPnLDiscrepancies)
        try visitMarkets(s)
        try s.map(&orders, blankKey: 0, blankValue: .blank) { (id: inout Int64, o: inout LedgerOrder) throws(JournalError) in
            try s.int64(&id); try o.visit(s)
            guard o.id == id else { throw .corruptSnapshot }
        }
        try s.set(&resting, blank: 0) { (id: inout Int64) throws(JournalError) in try s.int64(&id) }
        try s.map(&openByAccount, blankKey: 0, blankValue: []) { (a: inout Int64, ids: inout Set<Int64>) throws(JournalError) in
            try s.int64(&a)
            try s.set(&ids, blank: 0) { (id: inout Int64) throws(JournalError) in try s.int64(&id) }
        }
        for index in [0, 1] {
            var ids = index == 0 ? openClientIds : latestClientIds
            try s.map(&ids, blankKey: .blank, blankValue: 0) { (k: inout ClientKey, id: inout Int64) throws(JournalError) in
                try k.visit(s); try s.int64(&id)
            }
            if index == 0 { openClientIds = ids } else { latestClientIds = ids }
        }
        try s.map(&histories, blankKey: .blank, blankValue: OrderHistory()) { (k: inout AccountSymbol, h: inout OrderHistory) throws(JournalError) in
            try k.visit(s); try h.visit(s)
        }
        var closed = s.isLoading ? [] : Array(closedIds[closedHead...])
        try s.array(&closed, blank: 0) { (id: inout Int64) throws(JournalError) in try s.int64(&id) }
        if s.isLoading { closedIds = closed; closedHead = 0 }
        let retention = configuration.fillRetention
        try s.map(&fills, blankKey: .blank, blankValue: LedgerRing(capacity: retention)) {
            (k: inout AccountSymbol, ring: inout LedgerRing<LedgerFill>) throws(JournalError) in
            try k.visit(s)
            try s.ring(&ring, blank: .blank) { (f: inout LedgerFill) throws(JournalError) in try f.visit(s) }
        }
        try s.map(&accounts, blankKey: 0, blankValue: .blank) { (a: inout Int64, v: inout LedgerAccount) throws(JournalError) in
            try s.int64(&a); try v.visit(s)
        }
        try s.map(&shadows, blankKey: .blank, blankValue: .blank) { (k: inout AccountSymbol, v: inout Shadow) throws(JournalError) in
            try k.visit(s); try v.visit(s)
        }
        try s.set(&unknownShadows, blank: .blank) { (k: inout AccountSymbol) throws(JournalError) in try k.visit(s) }
        try s.map(&positions, blankKey: 0, blankValue: [:]) { (a: inout Int64, p: inout [Int32: LedgerPosition]) throws(JournalError) in
            try s.int64(&a)
            try s.map(&p, blankKey: 0, blankValue: .blank) { (symbol: inout Int32, v: inout LedgerPosition) throws(JournalError) in
                try s.int32(&symbol); try v.visit(s)
            }
        }
    }

    /// Each added symbol's market state, by symbol index.
    func visitMarkets(_ s: SnapshotBuffer) throws(JournalError) {
        let n = try s.listCount(markets.count, atMost: Int(Int32.max))
        let keys = s.isLoading ? [] : markets.keys.sorted()
        for i in 0..<n {
            var symbol = s.isLoading ? 0 : keys[i]
            try s.int32(&symbol)
            let market: LedgerSymbolMarket
            if s.isLoading {
                guard markets[symbol] == nil else { throw .corruptSnapshot }
                market = LedgerSymbolMarket(symbol: symbol, spec: VenueSymbolSpec(index: symbol, moneyPerTickLot: 1),
                                            configuration: configuration)
            } else {
                market = markets[symbol]!
            }
            try market.visitSnapshot(s)
            guard market.spec.index == symbol else { throw .corruptSnapshot }
            if s.isLoading {
                markets[symbol] = market
                nameIfUnknown(symbol, spec: market.spec)
            }
        }
    }

    /// Takes over every field of `other` (a ledger just loaded from a snapshot).
    func adopt(_ other: VenueLedger) {
        symbols = other.symbols
        markets = other.markets
        orders = other.orders
        resting = other.resting
        openByAccount = other.openByAccount
        openClientIds = other.openClientIds
        latestClientIds = other.latestClientIds
        histories = other.histories
        closedIds = other.closedIds
        closedHead = other.closedHead
        nextTradeId = other.nextTradeId
        fills = other.fills
        accounts = other.accounts
        shadows = other.shadows
        unknownShadows = other.unknownShadows
        realizedPnLDiscrepancies = other.realizedPnLDiscrepancies
        positions = other.positions
        changes = LedgerChanges()
        pendingDiffs.removeAll()
        pendingDiffHead = 0
        droppedDiffs = 0
        commandCount = other.commandCount
        lastSequence = other.lastSequence
        lastTime = other.lastTime
    }
}

extension LedgerSymbolMarket {
    /// Saves or loads the symbol's state that outlives a command.
    func visitSnapshot(_ s: SnapshotBuffer) throws(JournalError) {
        try spec.visit(s)
        try bids.visit(s); try asks.visit(s)
        try s.int64(&updateId); try s.int64(&bookTime); try s.int64(&bookTickerId); try s.int64(&bookTickerTime)
        try s.ring(&trades, blank: .blank) { (t: inout LedgerTrade) throws(JournalError) in try t.visit(s) }
        try s.ring(&aggTrades, blank: .blank) { (t: inout LedgerAggTrade) throws(JournalError) in try t.visit(s) }
        try s.int64(&nextAggId); try s.int64(&lastPrice); try s.int64(&lastQuantity)
        try s.check(klines.count)
        for i in klines.indices {
            try s.ring(&klines[i], blank: .blank) { (k: inout Kline) throws(JournalError) in try k.visit(s) }
        }
        try s.check(minutes.count)
        for i in minutes.indices { try minutes[i].visit(s) }
        try prices.visit(s)
        try s.ring(&funding, blank: .blank) { (f: inout FundingRateRecord) throws(JournalError) in try f.visit(s) }
    }
}
