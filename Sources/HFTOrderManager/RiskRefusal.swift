/// Why pre-trade risk refused an intent (a new order or a modify). Returned to the strategy,
/// counted, and logged.
public enum RiskRefusal: String, Sendable, Hashable, Codable, CaseIterable, Error {
    /// The symbol was not added to the OMS.
    case unknownSymbol
    /// Trading is halted (by hand, by the kill switch or by the error rate).
    case halted
    /// Trading is reducing only and the order could increase the position.
    case reducingOnly
    /// The price is not positive or not on the tick grid.
    case invalidPrice
    /// The quantity is not positive or not on the step grid.
    case invalidQuantity
    /// The quantity is below the symbol's minimum quantity.
    case belowMinimumQuantity
    /// The notional is below the symbol's minimum notional.
    case belowMinimumNotional
    /// A price collar is configured but the caller set no reference price.
    case noReferencePrice
    /// The price is further from the reference price than the collar allows.
    case outsideCollar
    /// The order notional is above the symbol's maximum order notional.
    case orderNotionalTooLarge
    /// The position, with the worst case of open orders on that side, would exceed the maximum position notional.
    case positionNotionalTooLarge
    /// The symbol already has its maximum number of open orders.
    case tooManyOpenOrders
    /// More orders in the last second than the maximum order rate.
    case orderRateExceeded
}

/// The trading state of the OMS: what kind of new orders risk lets through.
public enum TradingState: String, Sendable, Hashable, Codable, Comparable {
    /// Everything risk allows.
    case active
    /// Only orders that reduce the position (with the worst case of open orders).
    case reducingOnly
    /// Nothing; cancels still go out.
    case halted

    /// Ordered by severity: active < reducingOnly < halted.
    public static func < (lhs: TradingState, rhs: TradingState) -> Bool { lhs.severity < rhs.severity }

    var severity: Int {
        switch self {
        case .active: return 0
        case .reducingOnly: return 1
        case .halted: return 2
        }
    }
}
