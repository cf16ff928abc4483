/// One price level as market data shows it: price, total open quantity, number of orders.
@frozen
public struct BookLevel: Sendable, BitwiseCopyable, Equatable {
    public var price: Price
    public var quantity: Quantity
    public var orderCount: Int32

    @inlinable @inline(__always) @_noAllocation
    public init(price: Price, quantity: Quantity, orderCount: Int32) {
        self.price = price
        self.quantity = quantity
        self.orderCount = orderCount
    }
}

/// Best bid and best offer of one symbol. A missing side has quantity 0 (and price 0).
@frozen
public struct TopOfBook: Sendable, BitwiseCopyable, Equatable {
    public var symbol: SymbolID
    public var bidPrice: Price
    public var bidQuantity: Quantity
    public var askPrice: Price
    public var askQuantity: Quantity

    @inlinable @inline(__always) @_noAllocation
    public init(symbol: SymbolID, bidPrice: Price, bidQuantity: Quantity, askPrice: Price, askQuantity: Quantity) {
        self.symbol = symbol
        self.bidPrice = bidPrice
        self.bidQuantity = bidQuantity
        self.askPrice = askPrice
        self.askQuantity = askQuantity
    }

    @inlinable public var hasBid: Bool { bidQuantity.lots > 0 }
    @inlinable public var hasAsk: Bool { askQuantity.lots > 0 }

    @inlinable @inline(__always) @_noAllocation
    public static func == (lhs: TopOfBook, rhs: TopOfBook) -> Bool {
        lhs.symbol.index == rhs.symbol.index && lhs.bidPrice.ticks == rhs.bidPrice.ticks
            && lhs.bidQuantity.lots == rhs.bidQuantity.lots && lhs.askPrice.ticks == rhs.askPrice.ticks
            && lhs.askQuantity.lots == rhs.askQuantity.lots
    }
}

/// The last trade of one symbol and how many trades it has printed.
@frozen
public struct LastTrade: Sendable, BitwiseCopyable, Equatable {
    public var price: Price
    public var quantity: Quantity
    public var tradeCount: Int64

    @inlinable @inline(__always) @_noAllocation
    public init(price: Price, quantity: Quantity, tradeCount: Int64) {
        self.price = price
        self.quantity = quantity
        self.tradeCount = tradeCount
    }
}

extension MatchingEngine {
    /// The best level of `side` of `symbol`, or `nil` if that side is empty (or the symbol unknown).
    ///
    /// - Complexity: O(1).
    @inlinable @_noAllocation
    public func bestLevel(_ symbol: SymbolID, side: Side) -> BookLevel? {
        guard isKnown(symbol) else { return nil }
        let book = self.book(Int(symbol.index))
        let i = side == .buy ? book.pointee.ladder.bestBidIndex : book.pointee.ladder.bestAskIndex
        if i < 0 { return nil }
        let level = levels.record(book.pointee.ladder.slot(at: i))
        return BookLevel(price: Price(ticks: level.pointee.price), quantity: Quantity(lots: level.pointee.totalQuantity),
                         orderCount: level.pointee.orderCount)
    }

    /// Best bid and offer of `symbol` (all zero for an unknown symbol).
    ///
    /// - Complexity: O(1).
    @inlinable @_noAllocation
    public func topOfBook(_ symbol: SymbolID) -> TopOfBook {
        let bid = bestLevel(symbol, side: .buy)
        let ask = bestLevel(symbol, side: .sell)
        return TopOfBook(symbol: symbol, bidPrice: bid?.price ?? Price(ticks: 0),
                         bidQuantity: bid?.quantity ?? Quantity(lots: 0),
                         askPrice: ask?.price ?? Price(ticks: 0), askQuantity: ask?.quantity ?? Quantity(lots: 0))
    }

    /// The last trade of `symbol`, or `nil` if it has not traded.
    @inlinable @_noAllocation
    public func lastTrade(_ symbol: SymbolID) -> LastTrade? {
        guard isKnown(symbol) else { return nil }
        let book = self.book(Int(symbol.index))
        if book.pointee.tradeCount == 0 { return nil }
        return LastTrade(price: Price(ticks: book.pointee.lastTradePrice),
                         quantity: Quantity(lots: book.pointee.lastTradeQuantity),
                         tradeCount: book.pointee.tradeCount)
    }

    /// Writes up to `levels.count` levels of `side` of `symbol`, best first, into the
    /// caller's buffer and returns how many it wrote.
    ///
    /// - Complexity: O(levels written × log64 ladder).
    @inlinable @_noAllocation
    public func depth(_ symbol: SymbolID, side: Side, into output: UnsafeMutableBufferPointer<BookLevel>) -> Int {
        guard isKnown(symbol), let base = output.baseAddress else { return 0 }
        let book = self.book(Int(symbol.index))
        var i = side == .buy ? book.pointee.ladder.bestBidIndex : book.pointee.ladder.bestAskIndex
        var written = 0
        while i >= 0 && written < output.count {
            let level = self.levels.record(book.pointee.ladder.slot(at: i))
            (base + written).initialize(to: BookLevel(
                price: Price(ticks: level.pointee.price), quantity: Quantity(lots: level.pointee.totalQuantity),
                orderCount: level.pointee.orderCount))
            written &+= 1
            i = book.pointee.ladder.nextIndex(after: i, side: side)
        }
        return written
    }

    /// Fills `snapshot` with the top levels of both sides of `symbol`.
    @inlinable @_noAllocation
    public func snapshot(_ symbol: SymbolID, into snapshot: inout DepthSnapshot) {
        snapshot.symbol = symbol
        snapshot.bidCount = depth(symbol, side: .buy, into: snapshot.bidBuffer)
        snapshot.askCount = depth(symbol, side: .sell, into: snapshot.askBuffer)
    }
}
