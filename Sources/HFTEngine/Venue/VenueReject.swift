/// Why the venue refused a command that is not an order command (an order's refusal is
/// a ``VenueEvent/Kind/rejected`` event with the book's or the risk layer's
/// ``RejectReason``). Written as the `code` of a ``VenueEvent/Kind/commandRejected``
/// event; the command changed nothing. Raw values are part of the event format.
@frozen
public enum VenueReject: UInt8, Sendable, BitwiseCopyable, CaseIterable {
    /// A byte or word of the command is not a valid value (kind, scope, side, mode).
    case badCommand = 1
    /// The symbol index is not a symbol of the venue.
    case unknownSymbol
    /// An `addSymbol` whose index is not the next one, or whose parameters are out of range.
    case badSymbol
    /// The venue holds its maximum of symbols.
    case tooManySymbols
    /// The account is not a user account of the venue.
    case unknownAccount
    /// A deposit or withdrawal amount that is not positive or does not fit (``RiskLimits``).
    case badAmount
    /// A withdrawal beyond the available balance.
    case insufficientMargin
    /// A leverage out of range for the symbol's brackets.
    case leverage
    /// A margin-mode change while the account has a position or orders on the symbol.
    case marginMode
    /// A price that is not positive.
    case badPrice
    /// A funding rate beyond ±100%, or a fee or funding cap out of range.
    case badRate
    /// Brackets whose caps do not increase, whose rates fall, or more than the command holds.
    case badBrackets
    /// The symbol has no mark price yet (funding needs one).
    case noMark
    /// Funding payments at this rate and mark do not fit in 64 bits.
    case fundingOverflow
    /// The caller's event buffer has less room than the venue's per-command budget.
    case capacity
    /// The command needs accounts, and the venue runs with risk off.
    case riskOff
    /// A quantity out of range (the risk core's `BAD_QTY`).
    case badQuantity
    /// The symbol is halted.
    case halted
    /// A price beyond the symbol's band.
    case priceBand
    /// A reduce-only refusal.
    case reduceOnly
    /// The account has its maximum of open orders.
    case tooManyOrders
    /// An order id that is live.
    case duplicateOrderId

    /// The upper-case word printed for this reject.
    public var code: String {
        switch self {
        case .badCommand: "BAD_COMMAND"
        case .unknownSymbol: "UNKNOWN_SYMBOL"
        case .badSymbol: "BAD_SYMBOL"
        case .tooManySymbols: "TOO_MANY_SYMBOLS"
        case .unknownAccount: "UNKNOWN_ACCOUNT"
        case .badAmount: "BAD_AMOUNT"
        case .insufficientMargin: "INSUFFICIENT_MARGIN"
        case .leverage: "LEVERAGE"
        case .marginMode: "MARGIN_MODE"
        case .badPrice: "BAD_PRICE"
        case .badRate: "BAD_RATE"
        case .badBrackets: "BAD_BRACKETS"
        case .noMark: "NO_MARK"
        case .fundingOverflow: "FUNDING_OVERFLOW"
        case .capacity: "CAPACITY"
        case .riskOff: "RISK_OFF"
        case .badQuantity: "BAD_QTY"
        case .halted: "HALTED"
        case .priceBand: "PRICE_BAND"
        case .reduceOnly: "REDUCE_ONLY"
        case .tooManyOrders: "TOO_MANY_ORDERS"
        case .duplicateOrderId: "DUPLICATE_ORDER_ID"
        }
    }

    /// The venue's reject for a risk-core refusal of an account command (the same word).
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public init(_ reject: RiskReject) {
        switch reject {
        case .unknownSymbol: self = .unknownSymbol
        case .unknownAccount: self = .unknownAccount
        case .insufficientMargin: self = .insufficientMargin
        case .leverage: self = .leverage
        case .marginMode: self = .marginMode
        case .badQuantity: self = .badQuantity
        case .priceBand: self = .priceBand
        case .capacity: self = .capacity
        case .tooManyOrders: self = .tooManyOrders
        case .duplicateOrderId: self = .duplicateOrderId
        case .badAmount: self = .badAmount
        case .halted: self = .halted
        case .reduceOnly: self = .reduceOnly
        }
    }
}
