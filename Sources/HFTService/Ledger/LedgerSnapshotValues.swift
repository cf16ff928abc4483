import HFTEngine

// The read model's values in a snapshot (see `VenueLedger+Snapshot.swift`): one `visit`
// per type, field by field (never a raw dump of a Swift layout), and a `blank` value that
// loading starts from. A new field of one of these types must be visited here and the
// ledger's snapshot version raised.
//
// - Complexity: O(1) per value (O(length) for strings).

extension LedgerOrder {
    static let blank = LedgerOrder(
        id: 0, clientOrderId: "", account: 0, symbol: 0, side: .buy, type: .limit, timeInForce: .gtc, reduceOnly: false,
        isLiquidation: false, originalQuantity: 0, price: 0, executedQuantity: 0, cumulativeQuote: 0,
        cumulativeTickLots: 0, status: .new, expireReason: nil, rejectReason: nil, time: 0, updateTime: 0,
        createdSequence: 0)

    mutating func visit(_ s: SnapshotBuffer) throws(JournalError) {
        try s.int64(&id); try s.string(&clientOrderId); try s.int64(&account); try s.int32(&symbol)
        try s.code(&side); try s.code(&type); try s.code(&timeInForce); try s.flag(&reduceOnly)
        try s.flag(&isLiquidation); try s.int64(&originalQuantity); try s.int64(&price)
        try s.int64(&executedQuantity); try s.int64(&cumulativeQuote); try s.int64(&cumulativeTickLots)
        try s.code(&status); try s.optionalCode(&expireReason, blank: .ioc)
        try s.optionalCode(&rejectReason, blank: RejectReason.allCases[0])
        try s.int64(&time); try s.int64(&updateTime); try s.uint64(&createdSequence)
    }
}

extension LedgerFill {
    static let blank = LedgerFill(tradeId: 0, orderId: 0, account: 0, symbol: 0, side: .buy, price: 0, quantity: 0,
                                  quoteQuantity: 0, commission: 0, realizedPnL: 0, isMaker: false,
                                  isLiquidation: false, time: 0)

    mutating func visit(_ s: SnapshotBuffer) throws(JournalError) {
        try s.int64(&tradeId); try s.int64(&orderId); try s.int64(&account); try s.int32(&symbol)
        try s.code(&side); try s.int64(&price); try s.int64(&quantity); try s.int64(&quoteQuantity)
        try s.int64(&commission); try s.int64(&realizedPnL); try s.flag(&isMaker); try s.flag(&isLiquidation)
        try s.int64(&time)
    }
}

extension LedgerTrade {
    static let blank = LedgerTrade(id: 0, symbol: 0, price: 0, quantity: 0, quoteQuantity: 0, time: 0,
                                   isBuyerMaker: false, takerOrderId: 0)

    mutating func visit(_ s: SnapshotBuffer) throws(JournalError) {
        try s.int64(&id); try s.int32(&symbol); try s.int64(&price); try s.int64(&quantity)
        try s.int64(&quoteQuantity); try s.int64(&time); try s.flag(&isBuyerMaker); try s.int64(&takerOrderId)
    }
}

extension LedgerAggTrade {
    static let blank = LedgerAggTrade(id: 0, symbol: 0, price: 0, quantity: 0, firstTradeId: 0, lastTradeId: 0,
                                      time: 0, isBuyerMaker: false, takerOrderId: 0, sequence: 0)

    mutating func visit(_ s: SnapshotBuffer) throws(JournalError) {
        try s.int64(&id); try s.int32(&symbol); try s.int64(&price); try s.int64(&quantity)
        try s.int64(&firstTradeId); try s.int64(&lastTradeId); try s.int64(&time); try s.flag(&isBuyerMaker)
        try s.int64(&takerOrderId); try s.uint64(&sequence)
    }
}

extension Kline {
    static let blank = Kline(symbol: 0, interval: .m1, openTime: 0, closeTime: 0, open: 0, high: 0, low: 0, close: 0,
                             volume: 0, quoteVolume: 0, tradeCount: 0, takerBuyVolume: 0, takerBuyQuoteVolume: 0,
                             firstTradeId: -1, lastTradeId: -1)

    mutating func visit(_ s: SnapshotBuffer) throws(JournalError) {
        try s.int32(&symbol)
        var raw = interval.rawValue
        try s.int(&raw)
        guard let decoded = KlineInterval(rawValue: raw) else { throw .corruptSnapshot }
        interval = decoded
        try s.int64(&openTime); try s.int64(&closeTime); try s.int64(&open); try s.int64(&high); try s.int64(&low)
        try s.int64(&close); try s.int64(&volume); try s.int64(&quoteVolume); try s.int64(&tradeCount)
        try s.int64(&takerBuyVolume); try s.int64(&takerBuyQuoteVolume); try s.int64(&firstTradeId)
        try s.int64(&lastTradeId)
    }
}

extension MinuteBucket {
    mutating func visit(_ s: SnapshotBuffer) throws(JournalError) {
        try s.int64(&minute); try s.int64(&open); try s.int64(&high); try s.int64(&low); try s.int64(&close)
        try s.int64(&closeQuantity); try s.int64(&volume); try s.int64(&quoteVolume); try s.int64(&count)
        try s.int64(&firstId); try s.int64(&lastId)
    }
}

extension SymbolPrices {
    static let blank = SymbolPrices(symbol: 0, markPrice: 0, indexPrice: 0, lastFundingRate: .zero, lastPremium: .zero,
                                    nextFundingTime: 0, time: 0)

    mutating func visit(_ s: SnapshotBuffer) throws(JournalError) {
        try s.int32(&symbol); try s.int64(&markPrice); try s.int64(&indexPrice); try s.int64(&lastFundingRate.e8)
        try s.int64(&lastPremium.e8); try s.int64(&nextFundingTime); try s.int64(&time)
    }
}

extension FundingRateRecord {
    static let blank = FundingRateRecord(symbol: 0, rate: .zero, fundingTime: 0, markPrice: 0)

    mutating func visit(_ s: SnapshotBuffer) throws(JournalError) {
        try s.int32(&symbol); try s.int64(&rate.e8); try s.int64(&fundingTime); try s.int64(&markPrice)
    }
}

extension LedgerAccount {
    static let blank = LedgerAccount(account: 0, balance: 0, reserved: 0, positionMargin: 0, openOrders: 0, updateTime: 0)

    mutating func visit(_ s: SnapshotBuffer) throws(JournalError) {
        try s.int64(&account); try s.int64(&balance); try s.int64(&reserved); try s.int64(&positionMargin)
        try s.int64(&openOrders); try s.int64(&updateTime)
    }
}

extension LedgerPosition {
    static let blank = LedgerPosition(account: 0, symbol: 0, size: 0, cost: 0, margin: 0, leverage: 0, mode: .cross,
                                      updateTime: 0)

    mutating func visit(_ s: SnapshotBuffer) throws(JournalError) {
        try s.int64(&account); try s.int32(&symbol); try s.int64(&size); try s.int64(&cost); try s.int64(&margin)
        try s.int64(&leverage); try s.code(&mode); try s.int64(&updateTime)
    }
}

extension VenueSymbolSpec {
    /// Saved as the words of its `addSymbol` command (the venue's own encoding of a spec).
    mutating func visit(_ s: SnapshotBuffer) throws(JournalError) {
        var c = VenueCommand.addSymbol(self)
        try s.int32(&c.symbol)
        try s.int64(&c.w0); try s.int64(&c.w1); try s.int64(&c.w2); try s.int64(&c.w3); try s.int64(&c.w4)
        try s.int64(&c.w5); try s.int64(&c.w6); try s.int64(&c.w7); try s.int64(&c.w8); try s.int64(&c.w9)
        try s.int64(&c.w10); try s.int64(&c.w11); try s.int64(&c.w12)
        self = c.symbolSpec
    }
}

extension LedgerBookSide {
    /// The prices ascending with their quantities; loading rebuilds the level map and
    /// checks that the prices ascend and the quantities are positive.
    mutating func visit(_ s: SnapshotBuffer) throws(JournalError) {
        let n = try s.listCount(prices.count)
        if s.isLoading {
            var loaded = LedgerBookSide()
            for _ in 0..<n {
                var price: Int64 = 0, lots: Int64 = 0
                try s.int64(&price); try s.int64(&lots)
                guard lots > 0, price > (loaded.prices.last ?? .min) else { throw .corruptSnapshot }
                loaded.prices.append(price)
                loaded.levels[price] = lots
            }
            self = loaded
        } else {
            for var price in prices {
                var lots = levels[price] ?? 0
                try s.int64(&price); try s.int64(&lots)
            }
        }
    }
}

extension VenueLedger.AccountSymbol: Comparable {
    static func < (a: Self, b: Self) -> Bool { (a.account, a.symbol) < (b.account, b.symbol) }
    static let blank = Self(account: 0, symbol: 0)

    mutating func visit(_ s: SnapshotBuffer) throws(JournalError) { try s.int64(&account); try s.int32(&symbol) }
}

extension VenueLedger.ClientKey: Comparable {
    static func < (a: Self, b: Self) -> Bool { (a.account, a.clientOrderId) < (b.account, b.clientOrderId) }
    static let blank = Self(account: 0, clientOrderId: "")

    mutating func visit(_ s: SnapshotBuffer) throws(JournalError) { try s.int64(&account); try s.string(&clientOrderId) }
}

extension VenueLedger.Shadow {
    static let blank = Self(size: 0, cost: 0)

    mutating func visit(_ s: SnapshotBuffer) throws(JournalError) { try s.int64(&size); try s.int64(&cost) }
}

extension VenueLedger.OrderHistory {
    mutating func visit(_ s: SnapshotBuffer) throws(JournalError) {
        try s.array(&ids, blank: Entry(id: 0, sequence: 0)) { (e: inout Entry) throws(JournalError) in
            try s.int64(&e.id); try s.uint64(&e.sequence)
        }
        try s.int(&stale)
        guard stale >= 0, stale <= ids.count else { throw .corruptSnapshot }
    }
}
