/// Why the engine refused a command. Each reason prints as its ``wireName`` in
/// `REJECTED <id> <REASON>` lines; the README lists them all.
///
/// The matching engine produces the reasons from `badQuantity` to `badTimeInForce`;
/// `badTick`/`badLot` come from the edge that converts decimals (such as `hft replay`);
/// `insufficientMargin` and `reduceOnly` are the risk layer's.
@frozen
public enum RejectReason: UInt8, Error, Sendable, BitwiseCopyable, CaseIterable {
    /// A price is not a whole number of ticks.
    case badTick = 1
    /// A quantity is not a whole number of lots.
    case badLot
    /// A quantity is zero or negative.
    case badQuantity
    /// A limit price is zero or negative.
    case badPrice
    /// The price is outside the symbol's band around its reference price, or too far from
    /// the live book for the symbol's price ladder.
    case priceBand
    /// The symbol is not known to the engine.
    case unknownSymbol
    /// The id is that of a live order.
    case duplicateOrderId
    /// Cancel or amend of an order that is not live (never seen, or already finished).
    case unknownOrder
    /// A fixed capacity (orders, price levels, the id index) is exhausted.
    case capacity
    /// price × quantity overflows or exceeds the symbol's largest notional.
    case maxNotional
    /// An order id must be > 0.
    case badOrderId
    /// A time in force that the order type does not allow (`MARKET` with `POST_ONLY`).
    case badTimeInForce
    /// The symbol is halted: no new orders and no amends (cancels are allowed).
    case halted
    /// Risk layer: the account cannot margin the order.
    case insufficientMargin
    /// Risk layer: a reduce-only order would increase the position.
    case reduceOnly
    /// Risk layer: the account has the maximum number of live orders.
    case tooManyOrders
    /// Risk layer: the leverage is above the bracket maximum for the resulting notional.
    case leverage
    /// Risk layer: the account number is not a user account of the risk store.
    case unknownAccount

    /// The upper-case word printed in command-file output.
    /// The raw value, for event records (annotated for the hot path).
    @inlinable
    public var code: UInt8 { @inline(__always) @_noAllocation get { rawValue } }

    public var wireName: String {
        switch self {
        case .badTick: "BAD_TICK"
        case .badLot: "BAD_LOT"
        case .badQuantity: "BAD_QTY"
        case .badPrice: "BAD_PRICE"
        case .priceBand: "PRICE_BAND"
        case .unknownSymbol: "UNKNOWN_SYMBOL"
        case .duplicateOrderId: "DUPLICATE_ORDER_ID"
        case .unknownOrder: "UNKNOWN_ORDER"
        case .capacity: "CAPACITY"
        case .maxNotional: "MAX_NOTIONAL"
        case .badOrderId: "BAD_ORDER_ID"
        case .badTimeInForce: "BAD_TIF"
        case .halted: "HALTED"
        case .insufficientMargin: "INSUFFICIENT_MARGIN"
        case .reduceOnly: "REDUCE_ONLY"
        case .tooManyOrders: "TOO_MANY_ORDERS"
        case .leverage: "LEVERAGE"
        case .unknownAccount: "UNKNOWN_ACCOUNT"
        }
    }
}
