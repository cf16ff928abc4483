import HFTEngine

/// Binance's order status (`NEW`, `PARTIALLY_FILLED`, `FILLED`, `CANCELED`, `EXPIRED`,
/// `EXPIRED_IN_MATCH`, `REJECTED`).
public enum LedgerOrderStatus: UInt8, Sendable, Equatable {
    case new, partiallyFilled, filled, canceled, expired, expiredInMatch, rejected

    /// True for `NEW` and `PARTIALLY_FILLED`.
    public var isOpen: Bool { self == .new || self == .partiallyFilled }

    /// Binance's wire name.
    public var wireName: String {
        switch self {
        case .new: "NEW"
        case .partiallyFilled: "PARTIALLY_FILLED"
        case .filled: "FILLED"
        case .canceled: "CANCELED"
        case .expired: "EXPIRED"
        case .expiredInMatch: "EXPIRED_IN_MATCH"
        case .rejected: "REJECTED"
        }
    }
}

/// Binance's time in force: `GTC`, `IOC`, `FOK`, `GTX` (post only).
public enum LedgerTimeInForce: UInt8, Sendable, Equatable {
    case gtc, ioc, fok, gtx

    public init(_ tif: TimeInForce) {
        switch tif {
        case .gtc: self = .gtc
        case .ioc: self = .ioc
        case .fok: self = .fok
        case .postOnly: self = .gtx
        }
    }

    public var wireName: String {
        switch self {
        case .gtc: "GTC"
        case .ioc: "IOC"
        case .fok: "FOK"
        case .gtx: "GTX"
        }
    }
}

/// One order as Binance shows it (`GET /fapi/v1/order`, ORDER_TRADE_UPDATE), in venue
/// units: prices in ticks, quantities in lots, money in money units, times in ns.
///
/// - Memory: a small value plus the client id string.
public struct LedgerOrder: Sendable, Equatable {
    /// The venue's order id (the `newOrder` command's sequence number).
    public var id: Int64
    public var clientOrderId: String
    public var account: Int64
    public var symbol: Int32
    public var side: Side
    public var type: OrderType
    public var timeInForce: LedgerTimeInForce
    public var reduceOnly: Bool
    /// True for an order of the liquidation engine (client id `autoclose-…`).
    public var isLiquidation: Bool
    /// Original quantity (after an amend: executed + the new remaining, as Binance's modify).
    public var originalQuantity: Int64
    /// Limit price in ticks (0 for a market order).
    public var price: Int64
    public var executedQuantity: Int64
    /// Σ fill price × fill quantity × money per tick·lot (money units): `cumQuote`.
    public var cumulativeQuote: Int64
    /// Σ fill price × fill quantity (ticks × lots), for the average price.
    public var cumulativeTickLots: Int64
    public var status: LedgerOrderStatus
    /// Why the venue expired it (for `EXPIRED` / `EXPIRED_IN_MATCH`), or why it was rejected.
    public var expireReason: ExpireReason?
    public var rejectReason: RejectReason?
    /// Creation and last update (command timestamps, ns).
    public var time: Int64
    public var updateTime: Int64
    /// The sequence number of the command that created it.
    public var createdSequence: UInt64

    /// Quantity still open (0 once the order is closed).
    public var remainingQuantity: Int64 { status.isOpen ? originalQuantity - executedQuantity : 0 }

    /// Average fill price in ticks as an exact fraction (`numerator / denominator`;
    /// denominator 0: no fill). The server formats it (`avgPrice`).
    public var averagePrice: (numerator: Int64, denominator: Int64) { (cumulativeTickLots, executedQuantity) }
}

/// How an order changed in a command: Binance's execution type `x` of ORDER_TRADE_UPDATE.
public enum LedgerExecutionType: UInt8, Sendable, Equatable {
    case new, trade, canceled, expired, amendment, rejected

    public var wireName: String {
        switch self {
        case .new: "NEW"
        case .trade: "TRADE"
        case .canceled: "CANCELED"
        case .expired: "EXPIRED"
        case .amendment: "AMENDMENT"
        case .rejected: "REJECTED"
        }
    }
}

/// One fill as its owner sees it (`userTrades`, the fill fields of ORDER_TRADE_UPDATE).
public struct LedgerFill: Sendable, Equatable {
    /// The venue's trade id (one counter for the whole venue, +1 per fill).
    public var tradeId: Int64
    public var orderId: Int64
    public var account: Int64
    public var symbol: Int32
    /// The owner's side.
    public var side: Side
    public var price: Int64
    public var quantity: Int64
    /// price × quantity × money per tick·lot, money units.
    public var quoteQuantity: Int64
    /// Fee paid, money units (> 0 paid, < 0 a maker rebate received): ⌈notional × rate / 10^8⌉
    /// with the symbol's maker or taker rate, as the venue charges it (equal to the `fee`
    /// balance event of the fill; 0 for the liquidated side of a liquidation fill).
    public var commission: Int64
    /// Realized PnL of the fill, money units.
    public var realizedPnL: Int64
    public var isMaker: Bool
    /// True for a fill of the liquidation engine (a `liquidation` fill step).
    public var isLiquidation: Bool
    public var time: Int64
}

/// One public trade (`/fapi/v1/trades`, `@trade`).
public struct LedgerTrade: Sendable, Equatable {
    public var id: Int64
    public var symbol: Int32
    public var price: Int64
    public var quantity: Int64
    public var quoteQuantity: Int64
    public var time: Int64
    public var isBuyerMaker: Bool
    /// The taker's order id (aggregation key).
    public var takerOrderId: Int64
}

/// Consecutive fills of one taker order at one price (`/fapi/v1/aggTrades`, `@aggTrade`).
public struct LedgerAggTrade: Sendable, Equatable {
    /// The symbol's aggregate trade id (per symbol, from 1).
    public var id: Int64
    public var symbol: Int32
    public var price: Int64
    public var quantity: Int64
    public var firstTradeId: Int64
    public var lastTradeId: Int64
    public var time: Int64
    public var isBuyerMaker: Bool
    /// The taker order and the command sequence that made it (aggregation key).
    public var takerOrderId: Int64
    public var sequence: UInt64
}
