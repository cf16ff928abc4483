/// An order as Binance returns it from `POST`, `GET` and `DELETE /fapi/v1/order` and in
/// `GET /fapi/v1/openOrders` / `allOrders` (spec §4.15), every field Binance sends.
///
/// Decimals are strings filled by ``BinanceDecimal``; ids and times are integers. `time`
/// (creation) is omitted when `nil`: Binance's POST and DELETE replies carry only
/// `updateTime`. Never add a `code` key (§4.15 ✗).
public struct BinanceOrder: Encodable, Sendable, Equatable {
    /// Binance's `orderId` (§4.15).
    public var orderId: Int64
    /// Binance's `symbol` (§4.15).
    public var symbol: String
    /// `NEW`, `PARTIALLY_FILLED`, `FILLED`, `CANCELED`, `EXPIRED`, `EXPIRED_IN_MATCH`, `REJECTED`.
    public var status: String
    /// Binance's `clientOrderId` (§4.15).
    public var clientOrderId: String
    /// Binance's `price` (§4.15).
    public var price: String
    /// Binance's `avgPrice` (§4.15).
    public var avgPrice: String
    /// Binance's `origQty` (§4.15).
    public var origQty: String
    /// Binance's `executedQty` (§4.15).
    public var executedQty: String
    /// Binance's `cumQty` (§4.15).
    public var cumQty: String
    /// Binance's `cumQuote` (§4.15).
    public var cumQuote: String
    /// `GTC`, `IOC`, `FOK`, `GTX` (post-only).
    public var timeInForce: String
    /// `LIMIT`, `MARKET`, ...
    public var type: String
    /// Binance's `reduceOnly` (§4.15).
    public var reduceOnly: Bool
    /// Binance's `closePosition` (§4.15).
    public var closePosition: Bool
    /// `BUY` or `SELL`.
    public var side: String
    /// Binance's `positionSide` (§4.15).
    public var positionSide: String
    /// Binance's `stopPrice` (§4.15).
    public var stopPrice: String
    /// Binance's `workingType` (§4.15).
    public var workingType: String
    /// Binance's `priceProtect` (§4.15).
    public var priceProtect: Bool
    /// Binance's `origType` (§4.15).
    public var origType: String
    /// Binance's `priceMatch` (§4.15).
    public var priceMatch: String
    /// Binance's `selfTradePreventionMode` (§4.15).
    public var selfTradePreventionMode: String
    /// Binance's `goodTillDate` (§4.15).
    public var goodTillDate: Int64
    /// Creation time (ms); `nil` omits the key (POST and DELETE replies).
    public var time: Int64?
    /// Binance's `updateTime` (§4.15).
    public var updateTime: Int64

    /// An order with Binance's fixed values for what the venue does not model
    /// (`positionSide` BOTH, `workingType` CONTRACT_PRICE, `priceMatch` NONE,
    /// `selfTradePreventionMode` EXPIRE_MAKER, `stopPrice` "0", no close-position).
    public init(
        orderId: Int64, symbol: String, status: String, clientOrderId: String,
        price: String, avgPrice: String, origQty: String, executedQty: String, cumQuote: String,
        timeInForce: String, type: String, reduceOnly: Bool, side: String,
        time: Int64?, updateTime: Int64,
        positionSide: String = "BOTH", stopPrice: String = "0", workingType: String = "CONTRACT_PRICE",
        priceProtect: Bool = false, priceMatch: String = "NONE",
        selfTradePreventionMode: String = "EXPIRE_MAKER", goodTillDate: Int64 = 0, closePosition: Bool = false
    ) {
        self.orderId = orderId
        self.symbol = symbol
        self.status = status
        self.clientOrderId = clientOrderId
        self.price = price
        self.avgPrice = avgPrice
        self.origQty = origQty
        self.executedQty = executedQty
        self.cumQty = executedQty
        self.cumQuote = cumQuote
        self.timeInForce = timeInForce
        self.type = type
        self.reduceOnly = reduceOnly
        self.closePosition = closePosition
        self.side = side
        self.positionSide = positionSide
        self.stopPrice = stopPrice
        self.workingType = workingType
        self.priceProtect = priceProtect
        self.origType = type
        self.priceMatch = priceMatch
        self.selfTradePreventionMode = selfTradePreventionMode
        self.goodTillDate = goodTillDate
        self.time = time
        self.updateTime = updateTime
    }
}

/// One fill of the account, an item of `GET /fapi/v1/userTrades` (spec §4.20). No `m`,
/// `isBuyerMaker` or `isMaker` keys (ccxt would misread the side).
public struct BinanceUserTrade: Encodable, Sendable, Equatable {
    /// Binance's `buyer` (§4.20).
    public var buyer: Bool
    /// Binance's `commission` (§4.20).
    public var commission: String
    /// Binance's `commissionAsset` (§4.20).
    public var commissionAsset: String
    /// Binance's `id` (§4.20).
    public var id: Int64
    /// Binance's `maker` (§4.20).
    public var maker: Bool
    /// Binance's `orderId` (§4.20).
    public var orderId: Int64
    /// Binance's `price` (§4.20).
    public var price: String
    /// Binance's `qty` (§4.20).
    public var qty: String
    /// Binance's `quoteQty` (§4.20).
    public var quoteQty: String
    /// Binance's `realizedPnl` (§4.20).
    public var realizedPnl: String
    /// `BUY` or `SELL`: the account's own side.
    public var side: String
    /// Binance's `positionSide` (§4.20).
    public var positionSide: String
    /// Binance's `symbol` (§4.20).
    public var symbol: String
    /// Binance's `time` (§4.20).
    public var time: Int64
    /// Binance's `marginAsset` (§4.20).
    public var marginAsset: String

    /// A fill; `buyer` follows from `side`.
    public init(id: Int64, orderId: Int64, symbol: String, side: String, price: String, qty: String, quoteQty: String,
                commission: String, commissionAsset: String, realizedPnl: String, maker: Bool, time: Int64,
                positionSide: String = "BOTH") {
        self.buyer = side == "BUY"
        self.commission = commission
        self.commissionAsset = commissionAsset
        self.id = id
        self.maker = maker
        self.orderId = orderId
        self.price = price
        self.qty = qty
        self.quoteQty = quoteQty
        self.realizedPnl = realizedPnl
        self.side = side
        self.positionSide = positionSide
        self.symbol = symbol
        self.time = time
        self.marginAsset = commissionAsset
    }
}
