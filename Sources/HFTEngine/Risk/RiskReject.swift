/// Why the risk core refused an order or an account command. Each case prints as the
/// upper-case word of the command-file format (``code``).
///
/// - Memory: one byte, trivially copyable.
@frozen
public enum RiskReject: UInt8, Error, Hashable, Sendable, BitwiseCopyable, CaseIterable {
    /// The symbol or the whole venue is halted (`HALT`).
    case halted
    /// A limit price is farther from the mark price than the symbol's band allows.
    case priceBand
    /// Quantity not positive, below the symbol's minimum or above its maximum; or a
    /// non-positive price.
    case badQuantity
    /// The account has the maximum number of live orders.
    case tooManyOrders
    /// A reduce-only order would not reduce the position (flat, or same side).
    case reduceOnly
    /// The leverage exceeds the bracket's maximum for the resulting notional, the resulting
    /// notional is above the last bracket, or a leverage setting is out of range.
    case leverage
    /// Initial margin plus fee exceed the available balance (or a withdrawal does).
    case insufficientMargin
    /// The symbol index is not configured.
    case unknownSymbol
    /// The account index is not a user account.
    case unknownAccount
    /// A fixed-capacity store (positions, reservations) is full.
    case capacity
    /// The order id is already live in the reservation store.
    case duplicateOrderId
    /// A margin-mode change while the position or orders are open.
    case marginMode
    /// An amount is not positive or does not fit.
    case badAmount

    /// The reason as printed in command files and events.
    public var code: String {
        switch self {
        case .halted: "HALTED"
        case .priceBand: "PRICE_BAND"
        case .badQuantity: "BAD_QTY"
        case .tooManyOrders: "TOO_MANY_ORDERS"
        case .reduceOnly: "REDUCE_ONLY"
        case .leverage: "LEVERAGE"
        case .insufficientMargin: "INSUFFICIENT_MARGIN"
        case .unknownSymbol: "UNKNOWN_SYMBOL"
        case .unknownAccount: "UNKNOWN_ACCOUNT"
        case .capacity: "CAPACITY"
        case .duplicateOrderId: "DUPLICATE_ORDER_ID"
        case .marginMode: "MARGIN_MODE"
        case .badAmount: "BAD_AMOUNT"
        }
    }
}
