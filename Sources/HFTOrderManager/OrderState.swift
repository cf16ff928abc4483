/// Where an order managed by ``OrderManager`` stands.
///
/// `pendingNew`, `pendingCancel` and `pendingModify` are in flight: a request was queued or
/// sent and its outcome is not known yet; the diff never acts on them twice. `filled`,
/// `canceled`, `rejected` and `expired` are terminal: no report brings such an order back
/// to life (a late report may still raise its filled quantity, see `Docs/oms.md`).
///
/// - Complexity: O(1) for every member.
/// - Memory: a one-byte value type.
public enum OrderState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Queued or sent, not yet acknowledged by the exchange.
    case pendingNew
    /// Resting on the exchange, nothing filled.
    case new
    /// Resting on the exchange, part filled.
    case partiallyFilled
    /// Completely filled (terminal).
    case filled
    /// A cancel was queued or sent and is not yet confirmed.
    case pendingCancel
    /// Canceled by us, by the exchange, or resolved as canceled by reconciliation (terminal).
    case canceled
    /// Refused by the exchange (terminal).
    case rejected
    /// Expired on the exchange, or never reached it (resolved by reconciliation) (terminal).
    case expired
    /// A modify (price or quantity) was queued or sent and is not yet confirmed.
    case pendingModify

    /// True for `filled`, `canceled`, `rejected` and `expired`.
    @inlinable public var isTerminal: Bool {
        switch self {
        case .filled, .canceled, .rejected, .expired: return true
        default: return false
        }
    }

    /// True for the three pending states: a request for the order is outstanding.
    @inlinable public var isInFlight: Bool {
        switch self {
        case .pendingNew, .pendingCancel, .pendingModify: return true
        default: return false
        }
    }
}
