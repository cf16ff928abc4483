import HFTEngine

/// Money has 8 decimals (USDT), BTC ticks are 0.1 USDT and lots 0.001 BTC: one tick × one
/// lot is 0.0001 USDT = 10,000 money units. ETH: ticks 0.01, lots 0.01 → 10,000 units too.
enum Market {
    static let usdt: Int64 = 100_000_000
    static let btc: Int32 = 0
    static let eth: Int32 = 1
    static let names = ["BTCUSDT", "ETHUSDT"]

    /// Money units as USDT with two decimals.
    static func money(_ units: Int64) -> String {
        let sign = units < 0 ? "-" : ""
        let m = units.magnitude
        let cents = (m % UInt64(usdt)) / 1_000_000
        return "\(sign)\(m / UInt64(usdt)).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// A GTC (or `tif`) limit order.
    static func order(_ id: Int64, _ account: Int64, _ symbol: Int32, _ side: Side, ticks: Int64, lots: Int64,
                      tif: TimeInForce = .gtc) -> VenueCommand {
        .newOrder(OrderRequest(id: id, account: account, symbol: SymbolID(symbol), side: side, type: .limit,
                               price: Price(ticks: ticks), quantity: Quantity(lots: lots), timeInForce: tif))
    }
}

/// The host's side of a venue: it is the sequencer (sequence numbers and times come from
/// here, never from inside the venue) and the first consumer of the events.
struct Host: ~Copyable {
    var venue: Venue
    var events: VenueEventBuffer
    var sequence: UInt64 = 0
    var clock: Int64 = 1_767_225_600 * 1_000_000_000   // 2026-01-01T00:00:00Z

    init(configuration: VenueConfiguration) throws {
        venue = try Venue(configuration: configuration)
        events = venue.makeEventBuffer()
    }

    /// Stamps, applies and narrates one command `seconds` after the previous one; returns
    /// true if it liquidated someone.
    @discardableResult
    mutating func send(_ command: VenueCommand, after seconds: Int64 = 1) -> Bool {
        sequence += 1
        clock += seconds * 1_000_000_000
        venue.apply(command.stamped(sequence: sequence, timestamp: clock), into: &events)
        var liquidated = false
        let filled = events.events.contains { $0.kind == .trade || $0.kind == .liquidation }
        for event in events.events {
            // A new order publishes its account's state; a position only matters after a fill.
            if event.kind == .position && !filled { continue }
            Host.narrate(event)
            if event.kind == .liquidation && event.code == LiquidationEvent.Step.order.rawValue { liquidated = true }
        }
        events.removeAll()
        return liquidated
    }

    /// Prints what one event says (the kinds this host cares about).
        static func narrate(_ e: VenueEvent) {
        let symbol = e.symbol >= 0 && e.symbol < 2 ? Market.names[Int(e.symbol)] : "-"
        switch e.kind {
        case .symbolState:
            print("#\(e.sequence) \(symbol) state \(e.code == VenueEvent.SymbolState.added.rawValue ? "added" : "changed")")
        case .accepted:
            print("#\(e.sequence) order \(e.a) of account \(e.account) accepted: \(e.side) \(e.c) lots at \(e.b) ticks")
        case .rejected:
            print("#\(e.sequence) order \(e.a) rejected: \(e.rejectReason?.wireName ?? "?")")
        case .trade:
            print("#\(e.sequence) \(symbol) trade \(e.e) lots at \(e.d): taker \(e.account), maker \(e.c)")
        case .balance where e.code == VenueEvent.BalanceCause.deposit.rawValue:
            print("#\(e.sequence) account \(e.account) deposited \(Market.money(e.a)) USDT")
        case .position:
            print("#\(e.sequence) account \(e.account) \(symbol) position \(e.a) lots, entry cost \(Market.money(e.b)), margin \(Market.money(e.c))")
        case .liquidation:
            let step = LiquidationEvent.Step(rawValue: e.code).map { "\($0)" } ?? "?"
            print("#\(e.sequence) LIQUIDATION \(step): account \(e.account) \(symbol) \(e.b) lots at \(e.d) (insurance fund \(Market.money(e.g)))")
        case .commandRejected:
            print("#\(e.sequence) command refused: \(e.commandReject?.code ?? "?")")
        default:
            break
        }
    }
}
