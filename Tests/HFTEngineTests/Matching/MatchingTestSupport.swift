@testable import HFTEngine

extension SplitMix64 {
    /// Uniform in 0 ..< n.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    /// True with probability percent / 100.
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}

/// Event lines in the command-file format with prices and quantities as integers (tick =
/// lot = 1), for comparing the engine with the reference matcher.
func eventLine(_ event: ExecutionEvent) -> String {
    switch event.kind {
    case .accepted: "ACCEPTED \(event.orderId)"
    case .rejected: "REJECTED \(event.orderId) \(event.rejectReason!.wireName)"
    case .trade: "TRADE \(event.symbol.index) \(event.makerOrderId) \(event.takerOrderId) \(event.price.ticks) \(event.quantity.lots)"
    case .expired: "EXPIRED \(event.orderId) \(event.expireReason!.wireName) \(event.quantity.lots)"
    case .canceled: "CANCELED \(event.orderId) \(event.quantity.lots)"
    case .amended: "AMENDED \(event.orderId) \(event.price.ticks) \(event.quantity.lots)"
    }
}

/// The same lines from a venue's order events (other kinds are skipped), then clears the
/// buffer: the differential tests drive a risk-off ``Venue`` beside the engine.
func drain(_ events: inout VenueEventBuffer) -> [String] {
    var lines: [String] = []
    for i in 0..<events.count {
        let e = events[i]
        switch e.kind {
        case .accepted: lines.append("ACCEPTED \(e.a)")
        case .rejected: lines.append("REJECTED \(e.a) \(e.rejectReason!.wireName)")
        case .trade: lines.append("TRADE \(e.symbol) \(e.b) \(e.a) \(e.d) \(e.e)")
        case .expired: lines.append("EXPIRED \(e.a) \(ExpireReason(rawValue: e.code)!.wireName) \(e.c)")
        case .canceled: lines.append("CANCELED \(e.a) \(e.c)")
        case .amended: lines.append("AMENDED \(e.a) \(e.b) \(e.c)")
        default: break
        }
    }
    events.removeAll()
    return lines
}

/// A risk-off venue with the capacities of ``makeEngine(maxOrders:maxLevels:symbols:ladderTicks:)``
/// whose order buffer (an eighth of the event budget) equals an engine buffer of
/// `eventCapacity`, so that both refuse the same commands for room.
func makeVenue(maxOrders: Int, maxLevels: Int, symbols: Int, ladderTicks: Int, eventCapacity: Int) -> Venue {
    var venue = try! Venue(configuration: VenueConfiguration(
        maxOrders: maxOrders, maxPriceLevels: maxLevels, maxSymbols: max(symbols, 1), riskEnabled: false,
        liquidationEnabled: false, eventBudget: max(256, 8 * eventCapacity), maxLadderTicks: max(ladderTicks, 64)))
    var events = venue.makeEventBuffer()
    for i in 0..<symbols {
        venue.apply(.addSymbol(VenueSymbolSpec(index: Int32(i), moneyPerTickLot: 1, ladderTicks: Int64(ladderTicks))),
                    into: &events)
        events.removeAll()
    }
    return venue
}

/// The lines of `events`, then clears the buffer.
func drain(_ events: inout EventBuffer) -> [String] {
    var lines: [String] = []
    for i in 0..<events.count { lines.append(eventLine(events[i])) }
    events.removeAll()
    return lines
}

/// The book of `symbol` as `BOOK` lines (integers), all levels.
func bookLines(_ engine: borrowing MatchingEngine, _ symbol: SymbolID) -> [String] {
    var lines: [String] = []
    let buffer = UnsafeMutableBufferPointer<BookLevel>.allocate(capacity: max(engine.priceLevelCount, 1))
    defer { buffer.deallocate() }
    for side in [Side.buy, .sell] {
        let n = engine.depth(symbol, side: side, into: buffer)
        for i in 0..<n {
            lines.append("\(side == .buy ? "BID" : "ASK") \(symbol.index) \(buffer[i].price.ticks) \(buffer[i].quantity.lots) \(buffer[i].orderCount)")
        }
    }
    return lines
}

/// An engine with `symbols` symbols of the given ladder size.
func makeEngine(maxOrders: Int = 10_000, maxLevels: Int = 10_000, symbols: Int = 1,
                ladderTicks: Int = 1 << 16) -> MatchingEngine {
    var engine = try! MatchingEngine(configuration: EngineConfiguration(
        maxOrders: maxOrders, maxPriceLevels: maxLevels, maxSymbols: max(symbols, 1)))
    for i in 0..<symbols {
        _ = try! engine.addSymbol(SymbolConfiguration(name: "S\(i)", ladderTicks: ladderTicks))
    }
    return engine
}

let s0 = SymbolID(0)

func limit(_ id: Int64, _ side: Side, _ price: Int64, _ qty: Int64, account: Int64 = 1,
           tif: TimeInForce = .gtc, stp: SelfTradePrevention = .none, symbol: SymbolID = s0) -> OrderRequest {
    .limit(id: id, account: account, symbol: symbol, side: side, price: Price(ticks: price),
           quantity: Quantity(lots: qty), timeInForce: tif, selfTradePrevention: stp)
}

func market(_ id: Int64, _ side: Side, _ qty: Int64, account: Int64 = 1, symbol: SymbolID = s0) -> OrderRequest {
    .market(id: id, account: account, symbol: symbol, side: side, quantity: Quantity(lots: qty))
}
