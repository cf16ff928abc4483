import HFTEngine

// Level-2 books from the order events, the diff of each command with its update ids
// (spec §5, "Simplest correct scheme"), and best bid and ask.

extension VenueLedger {
    /// Adds `lots` (negative: removes) to a level of a symbol's book, noting the level's
    /// quantity before the command the first time the command touches it.
    func addLevel(symbol: Int32, side: Side, price: Int64, lots: Int64) {
        guard lots != 0, let market = markets[symbol] else { return }
        if !market.touched {
            market.touched = true
            market.topBefore = market.top
            touchedSymbols.append(symbol)
        }
        if side == .buy {
            let before = market.bids.add(lots, at: price)
            if market.bidsBefore[price] == nil { market.bidsBefore[price] = before }
        } else {
            let before = market.asks.add(lots, at: price)
            if market.asksBefore[price] == nil { market.asksBefore[price] = before }
        }
    }

    /// The end of a command's book changes: one diff per symbol whose levels changed, and
    /// a new bookTicker id where the best bid or ask changed.
    func finishBooks() {
        for symbol in touchedSymbols {
            guard let market = markets[symbol] else { continue }
            market.touched = false
            var bids: [LedgerLevel] = [], asks: [LedgerLevel] = []
            for (price, before) in market.bidsBefore {
                let now = market.bids.levels[price] ?? 0
                if now != before { bids.append(LedgerLevel(price: price, quantity: now)) }
            }
            for (price, before) in market.asksBefore {
                let now = market.asks.levels[price] ?? 0
                if now != before { asks.append(LedgerLevel(price: price, quantity: now)) }
            }
            market.bidsBefore.removeAll(keepingCapacity: true)
            market.asksBefore.removeAll(keepingCapacity: true)
            if !bids.isEmpty || !asks.isEmpty {
                bids.sort { $0.price > $1.price }
                asks.sort { $0.price < $1.price }
                let previous = market.updateId
                market.updateId &+= 1
                market.bookTime = command.timestamp
                pushDiff(BookDiff(symbol: symbol, firstUpdateId: previous + 1, finalUpdateId: market.updateId,
                                  previousFinalUpdateId: previous, bids: bids, asks: asks, eventTime: command.timestamp))
            }
            if market.top != market.topBefore {
                market.bookTickerId &+= 1
                market.bookTickerTime = command.timestamp
                changes.bookTickerSymbols.append(symbol)
            }
        }
        touchedSymbols.removeAll(keepingCapacity: true)
    }

    func pushDiff(_ diff: BookDiff) {
        pendingDiffs.append(diff)
        if pendingDiffs.count - pendingDiffHead > configuration.pendingDiffLimit {
            pendingDiffHead += 1
            droppedDiffs += 1
            if pendingDiffHead * 2 > pendingDiffs.count {
                pendingDiffs.removeFirst(pendingDiffHead)
                pendingDiffHead = 0
            }
        }
    }

    /// The book diffs since the last call, in command order (the stream writer's input).
    public func drainDiffs() -> [BookDiff] {
        let result = Array(pendingDiffs[pendingDiffHead...])
        pendingDiffs.removeAll(keepingCapacity: true)
        pendingDiffHead = 0
        return result
    }

    /// `/fapi/v1/depth`: up to `limit` levels a side, best first, and the symbol's update id.
    ///
    /// - Complexity: O(limit).
    public func depth(symbol: Int32, limit: Int = 500) -> LedgerDepth? {
        guard let market = markets[symbol] else { return nil }
        let limit = max(0, limit)
        var bids: [LedgerLevel] = [], asks: [LedgerLevel] = []
        bids.reserveCapacity(min(limit, market.bids.prices.count))
        asks.reserveCapacity(min(limit, market.asks.prices.count))
        for p in market.bids.prices.reversed().prefix(limit) {
            bids.append(LedgerLevel(price: p, quantity: market.bids.levels[p] ?? 0))
        }
        for p in market.asks.prices.prefix(limit) {
            asks.append(LedgerLevel(price: p, quantity: market.asks.levels[p] ?? 0))
        }
        return LedgerDepth(lastUpdateId: market.updateId, time: market.bookTime, bids: bids, asks: asks)
    }

    /// The symbol's book update counter (`lastUpdateId`).
    public func bookUpdateId(symbol: Int32) -> Int64? { markets[symbol]?.updateId }

    /// Best bid and ask with the bookTicker update id.
    public func bookTicker(symbol: Int32) -> BookTicker? {
        guard let market = markets[symbol] else { return nil }
        let top = market.top
        return BookTicker(symbol: symbol, updateId: market.bookTickerId, bidPrice: top.0, bidQuantity: top.1,
                          askPrice: top.2, askQuantity: top.3, time: market.bookTickerTime)
    }

    /// Non-empty levels of the symbol's book (both sides).
    public func levelCount(symbol: Int32) -> Int {
        guard let market = markets[symbol] else { return 0 }
        return market.bids.prices.count + market.asks.prices.count
    }
}

// Accounts, positions, prices and funding queries.
extension VenueLedger {
    /// The account's state from its last `account` event, or nil before one.
    public func account(_ account: Int64) -> LedgerAccount? { accounts[account] }

    /// Accounts the ledger has seen.
    public var accountIds: [Int64] { accounts.keys.sorted() }

    /// The account's positions (slots the venue reports: open, or with settings), by symbol.
    public func positions(of account: Int64) -> [LedgerPosition] {
        (positions[account] ?? [:]).values.sorted { $0.symbol < $1.symbol }
    }

    public func position(account: Int64, symbol: Int32) -> LedgerPosition? { positions[account]?[symbol] }

    /// Index, mark, last funding rate and next funding time of a symbol.
    public func prices(symbol: Int32) -> SymbolPrices? { markets[symbol]?.prices }

    /// The symbol's spec from its `addSymbol` command (nil before it).
    public func symbolSpec(_ symbol: Int32) -> VenueSymbolSpec? { markets[symbol]?.spec }

    /// The symbols the venue has added, by index.
    public var addedSymbols: [Int32] { markets.keys.sorted() }

    /// The symbol named `name` (Binance's name, e.g. "BTCUSDT").
    ///
    /// - Complexity: O(symbols) (a service has a handful).
    public func symbol(named name: String) -> ServiceSymbol? { symbols.values.first { $0.name == name } }

    /// `/fapi/v1/fundingRate`: settlements within [startTime, endTime]; with `startTime` the
    /// first `limit`, otherwise the latest `limit` (clamped to 1 ... 1000); oldest first.
    public func fundingRates(symbol: Int32, startTime: Int64? = nil, endTime: Int64? = nil,
                             limit: Int = 100) -> [FundingRateRecord] {
        guard let ring = markets[symbol]?.funding else { return [] }
        return Self.select(ring, id: \.fundingTime, time: \.fundingTime, fromId: nil, startTime: startTime,
                           endTime: endTime, limit: min(max(limit, 1), 1_000)) { _ in true }
    }
}
