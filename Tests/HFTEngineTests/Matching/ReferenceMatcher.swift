@testable import HFTEngine

/// A naive matcher that is obviously right: plain arrays, linear scans, no pools or
/// indexes. It implements the command-file semantics (and the engine's documented check
/// order and conservative capacity rules) so that the differential test can compare the
/// engine's events and books with it line by line.
struct ReferenceMatcher {
    struct Order {
        var id: Int64
        var account: Int64
        var symbol: Int
        var side: Side
        var price: Int64
        var remaining: Int64
        var timeInForce: TimeInForce
        var stp: SelfTradePrevention
        /// Time priority: larger is later.
        var sequence: Int
    }

    let symbolCount: Int
    let maxOrders: Int
    let maxLevels: Int
    /// All resting orders, in no particular order.
    var resting: [Order] = []
    var nextSequence = 0

    init(symbolCount: Int, maxOrders: Int, maxLevels: Int) {
        self.symbolCount = symbolCount
        self.maxOrders = maxOrders
        self.maxLevels = maxLevels
    }

    /// Resting orders of one side of one symbol, best first (price, then time).
    func side(_ symbol: Int, _ side: Side) -> [Order] {
        resting.filter { $0.symbol == symbol && $0.side == side }.sorted {
            if $0.price != $1.price { return side == .buy ? $0.price > $1.price : $0.price < $1.price }
            return $0.sequence < $1.sequence
        }
    }

    /// Distinct (symbol, side, price) levels in use.
    var levelCount: Int {
        Set(resting.map { "\($0.symbol) \($0.side.rawValue) \($0.price)" }).count
    }

    func hasLevel(_ symbol: Int, at price: Int64) -> Bool {
        resting.contains { $0.symbol == symbol && $0.price == price }
    }

    func crosses(_ takerSide: Side, _ limit: Int64, _ makerPrice: Int64) -> Bool {
        takerSide == .buy ? makerPrice <= limit : makerPrice >= limit
    }

    mutating func remove(_ id: Int64) {
        resting.removeAll { $0.id == id }
    }

    // MARK: Commands

    mutating func submit(_ r: OrderRequest) -> [String] {
        let s = Int(r.symbol.index)
        func reject(_ reason: RejectReason) -> [String] { ["REJECTED \(r.id) \(reason.wireName)"] }
        if s < 0 || s >= symbolCount { return reject(.unknownSymbol) }
        if r.id <= 0 { return reject(.badOrderId) }
        if resting.contains(where: { $0.id == r.id }) { return reject(.duplicateOrderId) }
        if r.quantity.lots <= 0 { return reject(.badQuantity) }
        let isMarket = r.type == .market
        if isMarket && r.timeInForce == .postOnly { return reject(.badTimeInForce) }
        if !isMarket {
            if r.price.ticks <= 0 { return reject(.badPrice) }
            if r.timeInForce == .gtc || r.timeInForce == .postOnly {
                if resting.count >= maxOrders { return reject(.capacity) }
                if !hasLevel(s, at: r.price.ticks) && levelCount >= maxLevels { return reject(.capacity) }
            }
        }
        var out = ["ACCEPTED \(r.id)"]
        let limit: Int64 = isMarket ? (r.side == .buy ? .max : .min) : r.price.ticks
        var remaining = r.quantity.lots
        let makers = side(s, r.side.opposite)

        if r.timeInForce == .postOnly, let best = makers.first, crosses(r.side, limit, best.price) {
            out.append("EXPIRED \(r.id) POST_ONLY \(remaining)")
            return out
        }
        if r.timeInForce == .fok {
            var available: Int64 = 0
            for m in makers where crosses(r.side, limit, m.price) {
                if r.selfTradePrevention != .none && m.account == r.account {
                    if r.selfTradePrevention == .expireMaker { continue }
                    break
                }
                available += m.remaining
            }
            if available < remaining {
                out.append("EXPIRED \(r.id) FOK \(remaining)")
                return out
            }
        }
        let stopped = match(taker: r.id, account: r.account, side: r.side, symbol: s, limit: limit,
                            stp: r.selfTradePrevention, remaining: &remaining, out: &out)
        if stopped {
            out.append("EXPIRED \(r.id) STP \(remaining)")
            return out
        }
        if remaining == 0 { return out }
        if isMarket {
            out.append("EXPIRED \(r.id) \(r.timeInForce == .fok ? "FOK" : "MARKET") \(remaining)")
        } else if r.timeInForce == .ioc {
            out.append("EXPIRED \(r.id) IOC \(remaining)")
        } else if r.timeInForce == .fok {
            out.append("EXPIRED \(r.id) FOK \(remaining)")
        } else {
            resting.append(Order(id: r.id, account: r.account, symbol: s, side: r.side, price: r.price.ticks,
                                 remaining: remaining, timeInForce: r.timeInForce, stp: r.selfTradePrevention,
                                 sequence: nextSequence))
            nextSequence += 1
        }
        return out
    }

    /// Matches against the opposite side; true if STP stopped the taker.
    mutating func match(taker: Int64, account: Int64, side: Side, symbol: Int, limit: Int64,
                        stp: SelfTradePrevention, remaining: inout Int64, out: inout [String]) -> Bool {
        while remaining > 0 {
            guard let maker = self.side(symbol, side.opposite).first, crosses(side, limit, maker.price) else {
                return false
            }
            if stp != .none && maker.account == account {
                if stp == .expireTaker { return true }
                out.append("EXPIRED \(maker.id) STP \(maker.remaining)")
                remove(maker.id)
                if stp == .expireBoth { return true }
                continue
            }
            let traded = min(maker.remaining, remaining)
            out.append("TRADE \(symbol) \(maker.id) \(taker) \(maker.price) \(traded)")
            remaining -= traded
            let index = resting.firstIndex { $0.id == maker.id }!
            resting[index].remaining -= traded
            if resting[index].remaining == 0 { resting.remove(at: index) }
        }
        return false
    }

    mutating func cancel(_ id: Int64) -> [String] {
        guard let order = resting.first(where: { $0.id == id }) else { return ["REJECTED \(id) UNKNOWN_ORDER"] }
        remove(id)
        return ["CANCELED \(id) \(order.remaining)"]
    }

    mutating func amend(_ id: Int64, price: Int64, quantity: Int64) -> [String] {
        guard let index = resting.firstIndex(where: { $0.id == id }) else { return ["REJECTED \(id) UNKNOWN_ORDER"] }
        let order = resting[index]
        if quantity <= 0 { return ["REJECTED \(id) BAD_QTY"] }
        if price <= 0 { return ["REJECTED \(id) BAD_PRICE"] }
        if price != order.price {
            let needsLevel = !resting.contains { $0.symbol == order.symbol && $0.side == order.side && $0.price == price }
            let aloneAtLevel = resting.filter {
                $0.symbol == order.symbol && $0.side == order.side && $0.price == order.price
            }.count == 1
            if needsLevel && levelCount >= maxLevels && !aloneAtLevel { return ["REJECTED \(id) CAPACITY"] }
        }
        var out = ["AMENDED \(id) \(price) \(quantity)"]
        if price == order.price && quantity <= order.remaining {
            resting[index].remaining = quantity
            return out
        }
        remove(id)
        var remaining = quantity
        if let best = side(order.symbol, order.side.opposite).first, crosses(order.side, price, best.price) {
            if order.timeInForce == .postOnly {
                out.append("EXPIRED \(id) POST_ONLY \(quantity)")
                return out
            }
            if match(taker: id, account: order.account, side: order.side, symbol: order.symbol, limit: price,
                     stp: order.stp, remaining: &remaining, out: &out) {
                out.append("EXPIRED \(id) STP \(remaining)")
                return out
            }
            if remaining == 0 { return out }
        }
        var moved = order
        moved.price = price
        moved.remaining = remaining
        moved.sequence = nextSequence
        nextSequence += 1
        resting.append(moved)
        return out
    }

    /// `BOOK` lines of a symbol (integers), bids then asks, best first.
    func bookLines(_ symbol: Int) -> [String] {
        var lines: [String] = []
        for side in [Side.buy, .sell] {
            var levels: [(price: Int64, quantity: Int64, count: Int)] = []
            for order in self.side(symbol, side) {
                if let last = levels.last, last.price == order.price {
                    levels[levels.count - 1].quantity += order.remaining
                    levels[levels.count - 1].count += 1
                } else {
                    levels.append((order.price, order.remaining, 1))
                }
            }
            for level in levels {
                lines.append("\(side == .buy ? "BID" : "ASK") \(symbol) \(level.price) \(level.quantity) \(level.count)")
            }
        }
        return lines
    }
}
