import HFTEngine

/// A consumer that keeps every account, position and open order of a venue from its
/// events alone (what a server, replica or UI would do), to check that the events are
/// complete: after each command the mirror must equal the venue's own state.
struct VenueMirror {
    struct Account: Equatable { var balance: Int64 = 0, reserved: Int64 = 0, margin: Int64 = 0, openOrders: Int64 = 0 }
    struct Position: Equatable { var size: Int64 = 0, cost: Int64 = 0, margin: Int64 = 0, leverage: Int64 = 0, mode: UInt8 = 0 }
    struct Order: Equatable { var account: Int64, symbol: Int32, side: Side, price: Int64, remaining: Int64 }
    struct Key: Hashable { var account: Int64, symbol: Int32 }

    var accounts: [Int64: Account] = [:]
    var positions: [Key: Position] = [:]
    var orders: [Int64: Order] = [:]
    /// Order ids whose `accepted` event was seen in the current command but that may still trade away.
    var pendingAccepted: [Int64: Order] = [:]

    mutating func apply(_ events: borrowing VenueEventBuffer) {
        for i in 0..<events.count { apply(events[i]) }
        // An accepted order rests if it has quantity left after its own trades and expiry.
        for (id, order) in pendingAccepted where order.remaining > 0 { orders[id] = order }
        pendingAccepted.removeAll()
    }

    mutating func apply(_ e: VenueEvent) {
        switch e.kind {
        case .accepted:
            pendingAccepted[e.a] = Order(account: e.account, symbol: e.symbol, side: e.side, price: e.b, remaining: e.c)
        case .trade:
            reduce(order: e.a, by: e.e)
            reduce(order: e.b, by: e.e)
            if e.f == 0 { orders[e.b] = nil }
        case .expired, .canceled:
            orders[e.a] = nil
            pendingAccepted[e.a] = nil
        case .amended:
            if var o = orders[e.a] { o.price = e.b; o.remaining = e.c; orders[e.a] = o }
        case .account:
            accounts[e.account] = Account(balance: e.a, reserved: e.b, margin: e.c, openOrders: e.d)
        case .position:
            positions[Key(account: e.account, symbol: e.symbol)] =
                Position(size: e.a, cost: e.b, margin: e.c, leverage: e.d, mode: e.code)
        case .funding:
            accounts[e.account, default: Account()].balance += e.b
        case .liquidation:
            switch LiquidationEvent.Step(rawValue: e.code) {
            case .cancel: orders[e.e] = nil
            case .fill: reduce(order: e.e, by: e.b)
            default: break
            }
        case .rejected, .commandRejected, .balance, .symbolState, .prices, .accountState:
            break
        }
    }

    mutating func reduce(order id: Int64, by lots: Int64) {
        if var o = orders[id] {
            o.remaining -= lots
            orders[id] = o.remaining > 0 ? o : nil
        } else if var o = pendingAccepted[id] {
            o.remaining -= lots
            pendingAccepted[id] = o
        }
    }
}
