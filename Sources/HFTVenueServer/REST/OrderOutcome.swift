import HFTEngine

/// Binance's order status (spec §4.15).
enum BinanceOrderStatus: String, Sendable {
    case new = "NEW"
    case partiallyFilled = "PARTIALLY_FILLED"
    case filled = "FILLED"
    case canceled = "CANCELED"
    case expired = "EXPIRED"
    case rejected = "REJECTED"
}

/// What one new-order command did to its order, read from the command's events alone:
/// the fills of the order as taker, whether it rests, expired or was refused.
///
/// A taker's fills are `trade` events whose `a` is the order id (`d` price, `e` lots);
/// an `expired` event with `a` = the id ends it (its `code` the ``ExpireReason``); a
/// `rejected` event refuses it (``RejectReason``); a `commandRejected` event refuses the
/// command as a whole (``VenueReject``).
struct OrderOutcome: Sendable, Equatable {
    var orderId: Int64
    var originalLots: Int64
    var executedLots: Int64 = 0
    /// Σ price × lots of the fills, in ticks·lots (× money per tick·lot = quote money units).
    var tickLots: Int128 = 0
    var expired: ExpireReason?
    var rejected: RejectReason?
    var commandReject: VenueReject?

    init(orderId: Int64, originalLots: Int64, events: some Sequence<VenueEvent>) {
        self.orderId = orderId
        self.originalLots = originalLots
        for e in events {
            switch e.kind {
            case .trade where e.a == orderId:
                executedLots += e.e
                tickLots += Int128(e.d) * Int128(e.e)
            case .expired where e.a == orderId:
                expired = ExpireReason(rawValue: e.code)
            case .rejected where e.a == orderId:
                rejected = RejectReason(rawValue: e.code)
            case .commandRejected:
                commandReject = VenueReject(rawValue: e.code)
            default:
                break
            }
        }
    }

    /// The order's status after the command (nil when it was refused before it existed).
    var status: BinanceOrderStatus? {
        if rejected != nil || commandReject != nil { return nil }
        if executedLots == originalLots { return .filled }
        if expired != nil { return .expired }
        return executedLots > 0 ? .partiallyFilled : .new
    }

    /// The average fill price in ticks, rounded half up to the tick (nil: no fill). The
    /// exact quote amount is ``tickLots`` × money per tick·lot.
    var averageTicks: Int64? {
        guard executedLots > 0 else { return nil }
        let (q, r) = tickLots.quotientAndRemainder(dividingBy: Int128(executedLots))
        return Int64(truncatingIfNeeded: r * 2 >= Int128(executedLots) ? q + 1 : q)
    }
}
