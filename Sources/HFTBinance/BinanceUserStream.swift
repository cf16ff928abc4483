/// `ORDER_TRADE_UPDATE` (spec §6): one per order state change, one per fill for maker and taker.
public struct BinanceOrderTradeUpdate: Encodable, Sendable, Equatable {
    /// `e`: the event type.
    public var eventType = "ORDER_TRADE_UPDATE"
    /// `E`.
    public var eventTime: Int64
    /// `T`.
    public var transactionTime: Int64
    /// `o`.
    public var order: Order

    /// An order update.
    public init(eventTime: Int64, transactionTime: Int64, order: Order) {
        self.eventTime = eventTime
        self.transactionTime = transactionTime
        self.order = order
    }

    enum CodingKeys: String, CodingKey {
        case eventType = "e", eventTime = "E", transactionTime = "T", order = "o"
    }

    /// The order (`o`), every key of §6's example.
    public struct Order: Encodable, Sendable, Equatable {
        /// `s`.
        public var symbol: String
        /// `c`.
        public var clientOrderId: String
        /// `S`: `BUY`/`SELL`.
        public var side: String
        /// `o`: order type.
        public var orderType: String
        /// `f`: time in force.
        public var timeInForce: String
        /// `q`.
        public var originalQuantity: String
        /// `p`.
        public var price: String
        /// `ap`.
        public var averagePrice: String
        /// `sp`.
        public var stopPrice: String
        /// `x`: `NEW`, `TRADE`, `CANCELED`, `EXPIRED`, `AMENDMENT`.
        public var executionType: String
        /// `X`: the order's status.
        public var status: String
        /// `i`.
        public var orderId: Int64
        /// `l`: last filled quantity.
        public var lastFilledQuantity: String
        /// `z`: cumulative filled quantity.
        public var filledQuantity: String
        /// `L`: last filled price.
        public var lastFilledPrice: String
        /// `N`: commission asset.
        public var commissionAsset: String
        /// `n`: commission of this fill.
        public var commission: String
        /// `T`: order trade time.
        public var tradeTime: Int64
        /// `t`: trade id (0 when not a fill).
        public var tradeId: Int64
        /// `b`: bids notional.
        public var bidsNotional: String
        /// `a`: asks notional.
        public var asksNotional: String
        /// `m`: this fill was as maker.
        public var isMaker: Bool
        /// `R`.
        public var reduceOnly: Bool
        /// `wt`.
        public var workingType = "CONTRACT_PRICE"
        /// `ot`.
        public var originalOrderType: String
        /// `ps`.
        public var positionSide = "BOTH"
        /// `cp`.
        public var closePosition = false
        /// `rp`: realized profit of this fill.
        public var realizedProfit: String
        /// `pP`.
        public var priceProtect = false
        /// `si`.
        public var ignoreSi: Int64 = 0
        /// `ss`.
        public var ignoreSs: Int64 = 0
        /// `V`.
        public var selfTradePreventionMode = "EXPIRE_MAKER"
        /// `pm`.
        public var priceMatch = "NONE"
        /// `gtd`.
        public var goodTillDate: Int64 = 0

        /// The order part of an update.
        public init(symbol: String, clientOrderId: String, side: String, orderType: String, timeInForce: String,
                    originalQuantity: String, price: String, averagePrice: String, executionType: String, status: String,
                    orderId: Int64, lastFilledQuantity: String, filledQuantity: String, lastFilledPrice: String,
                    commissionAsset: String, commission: String, tradeTime: Int64, tradeId: Int64,
                    bidsNotional: String, asksNotional: String, isMaker: Bool, reduceOnly: Bool, realizedProfit: String,
                    stopPrice: String = "0") {
            self.symbol = symbol
            self.clientOrderId = clientOrderId
            self.side = side
            self.orderType = orderType
            self.timeInForce = timeInForce
            self.originalQuantity = originalQuantity
            self.price = price
            self.averagePrice = averagePrice
            self.stopPrice = stopPrice
            self.executionType = executionType
            self.status = status
            self.orderId = orderId
            self.lastFilledQuantity = lastFilledQuantity
            self.filledQuantity = filledQuantity
            self.lastFilledPrice = lastFilledPrice
            self.commissionAsset = commissionAsset
            self.commission = commission
            self.tradeTime = tradeTime
            self.tradeId = tradeId
            self.bidsNotional = bidsNotional
            self.asksNotional = asksNotional
            self.isMaker = isMaker
            self.reduceOnly = reduceOnly
            self.originalOrderType = orderType
            self.realizedProfit = realizedProfit
        }

        enum CodingKeys: String, CodingKey {
            case symbol = "s", clientOrderId = "c", side = "S", orderType = "o", timeInForce = "f"
            case originalQuantity = "q", price = "p", averagePrice = "ap", stopPrice = "sp", executionType = "x"
            case status = "X", orderId = "i", lastFilledQuantity = "l", filledQuantity = "z", lastFilledPrice = "L"
            case commissionAsset = "N", commission = "n", tradeTime = "T", tradeId = "t", bidsNotional = "b"
            case asksNotional = "a", isMaker = "m", reduceOnly = "R", workingType = "wt", originalOrderType = "ot"
            case positionSide = "ps", closePosition = "cp", realizedProfit = "rp", priceProtect = "pP"
            case ignoreSi = "si", ignoreSs = "ss", selfTradePreventionMode = "V", priceMatch = "pm", goodTillDate = "gtd"
        }
    }
}

/// `ACCOUNT_UPDATE` (spec §6): the changed balances and positions after fills, funding, transfers.
public struct BinanceAccountUpdate: Encodable, Sendable, Equatable {
    /// `e`: the event type.
    public var eventType = "ACCOUNT_UPDATE"
    /// `E`.
    public var eventTime: Int64
    /// `T`.
    public var transactionTime: Int64
    /// `a`.
    public var update: Update

    /// An account update.
    public init(eventTime: Int64, transactionTime: Int64, update: Update) {
        self.eventTime = eventTime
        self.transactionTime = transactionTime
        self.update = update
    }

    enum CodingKeys: String, CodingKey {
        case eventType = "e", eventTime = "E", transactionTime = "T", update = "a"
    }

    /// The update (`a`).
    public struct Update: Encodable, Sendable, Equatable {
        /// `m`: the reason (`ORDER`, `FUNDING_FEE`, `DEPOSIT`, `WITHDRAW`, `ADJUSTMENT`, ...).
        public var reason: String
        /// `B`.
        public var balances: [Balance]
        /// `P`.
        public var positions: [Position]

        /// An update's content.
        public init(reason: String, balances: [Balance], positions: [Position]) {
            self.reason = reason
            self.balances = balances
            self.positions = positions
        }

        enum CodingKeys: String, CodingKey {
            case reason = "m", balances = "B", positions = "P"
        }
    }

    /// A balance (`B[]`).
    public struct Balance: Encodable, Sendable, Equatable {
        /// `a`.
        public var asset: String
        /// `wb`.
        public var walletBalance: String
        /// `cw`.
        public var crossWalletBalance: String
        /// `bc`: balance change except PnL and commission.
        public var balanceChange: String

        /// A balance.
        public init(asset: String, walletBalance: String, crossWalletBalance: String, balanceChange: String) {
            self.asset = asset
            self.walletBalance = walletBalance
            self.crossWalletBalance = crossWalletBalance
            self.balanceChange = balanceChange
        }

        enum CodingKeys: String, CodingKey {
            case asset = "a", walletBalance = "wb", crossWalletBalance = "cw", balanceChange = "bc"
        }
    }

    /// A position (`P[]`).
    public struct Position: Encodable, Sendable, Equatable {
        /// `s`.
        public var symbol: String
        /// `pa`.
        public var positionAmount: String
        /// `ep`.
        public var entryPrice: String
        /// `bep`.
        public var breakEvenPrice: String
        /// `cr`: accumulated realized.
        public var accumulatedRealized: String
        /// `up`.
        public var unrealizedProfit: String
        /// `mt`: `cross` or `isolated`.
        public var marginType: String
        /// `iw`.
        public var isolatedWallet: String
        /// `ps`.
        public var positionSide = "BOTH"

        /// A position.
        public init(symbol: String, positionAmount: String, entryPrice: String, breakEvenPrice: String,
                    accumulatedRealized: String, unrealizedProfit: String, marginType: String, isolatedWallet: String) {
            self.symbol = symbol
            self.positionAmount = positionAmount
            self.entryPrice = entryPrice
            self.breakEvenPrice = breakEvenPrice
            self.accumulatedRealized = accumulatedRealized
            self.unrealizedProfit = unrealizedProfit
            self.marginType = marginType
            self.isolatedWallet = isolatedWallet
        }

        enum CodingKeys: String, CodingKey {
            case symbol = "s", positionAmount = "pa", entryPrice = "ep", breakEvenPrice = "bep"
            case accumulatedRealized = "cr", unrealizedProfit = "up", marginType = "mt", isolatedWallet = "iw"
            case positionSide = "ps"
        }
    }
}

/// `MARGIN_CALL`: positions whose margin ratio is high.
public struct BinanceMarginCall: Encodable, Sendable, Equatable {
    /// `e`: the event type.
    public var eventType = "MARGIN_CALL"
    /// `E`.
    public var eventTime: Int64
    /// `cw`: cross wallet balance (only for cross positions).
    public var crossWalletBalance: String
    /// `p`.
    public var positions: [Position]

    /// A margin call.
    public init(eventTime: Int64, crossWalletBalance: String, positions: [Position]) {
        self.eventTime = eventTime
        self.crossWalletBalance = crossWalletBalance
        self.positions = positions
    }

    enum CodingKeys: String, CodingKey {
        case eventType = "e", eventTime = "E", crossWalletBalance = "cw", positions = "p"
    }

    /// A position in danger (`p[]`).
    public struct Position: Encodable, Sendable, Equatable {
        /// `s`.
        public var symbol: String
        /// `ps`.
        public var positionSide = "BOTH"
        /// `pa`.
        public var positionAmount: String
        /// `mt`.
        public var marginType: String
        /// `iw`.
        public var isolatedWallet: String
        /// `mp`.
        public var markPrice: String
        /// `up`.
        public var unrealizedProfit: String
        /// `mm`.
        public var maintenanceMargin: String

        /// A position in danger.
        public init(symbol: String, positionAmount: String, marginType: String, isolatedWallet: String,
                    markPrice: String, unrealizedProfit: String, maintenanceMargin: String) {
            self.symbol = symbol
            self.positionAmount = positionAmount
            self.marginType = marginType
            self.isolatedWallet = isolatedWallet
            self.markPrice = markPrice
            self.unrealizedProfit = unrealizedProfit
            self.maintenanceMargin = maintenanceMargin
        }

        enum CodingKeys: String, CodingKey {
            case symbol = "s", positionSide = "ps", positionAmount = "pa", marginType = "mt", isolatedWallet = "iw"
            case markPrice = "mp", unrealizedProfit = "up", maintenanceMargin = "mm"
        }
    }
}

/// `listenKeyExpired` (spec §6); the server closes the socket after sending it.
public struct BinanceListenKeyExpired: Encodable, Sendable, Equatable {
    /// `e`: the event type.
    public var eventType = "listenKeyExpired"
    /// `E`.
    public var eventTime: Int64
    /// The expired key.
    public var listenKey: String

    /// An expiry notice.
    public init(eventTime: Int64, listenKey: String) {
        self.eventTime = eventTime
        self.listenKey = listenKey
    }

    enum CodingKeys: String, CodingKey {
        case eventType = "e", eventTime = "E", listenKey
    }
}
