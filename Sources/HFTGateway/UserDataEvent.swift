import Foundation

/// A message of the user-data stream (Binance USDⓈ-M "User Data Streams"), or a change of
/// the stream's connection that the order manager must react to.
public enum UserDataEvent: Sendable, Equatable {
    /// The stream is (again) connected. Anything may have been missed before it: the
    /// order manager reconciles after every `connected`.
    case connected(listenKey: String)
    /// The connection dropped; the stream reconnects by itself.
    case disconnected(reason: String)
    /// `ORDER_TRADE_UPDATE`.
    case orderUpdate(OrderUpdateEvent)
    /// `ACCOUNT_UPDATE`: balances and positions after a change.
    case accountUpdate(AccountUpdateEvent)
    /// `MARGIN_CALL`.
    case marginCall(eventTime: Int64)
    /// `listenKeyExpired`: the stream creates a new key and reconnects.
    case listenKeyExpired(eventTime: Int64)
}

/// `ORDER_TRADE_UPDATE` (Binance "Event: Order Update"): one order's state after an event.
public struct OrderUpdateEvent: Decodable, Sendable, Equatable {
    /// `E`: event time (ms).
    public var eventTime: Int64
    /// `T`: transaction time (ms).
    public var transactionTime: Int64
    /// `o`: the order.
    public var order: Order

    enum CodingKeys: String, CodingKey {
        case eventTime = "E", transactionTime = "T", order = "o"
    }

    /// The `o` object.
    public struct Order: Decodable, Sendable, Equatable {
        public var symbol: String
        public var clientOrderId: String
        public var side: String
        public var orderType: String
        public var timeInForce: String
        public var originalQuantity: String
        public var price: String
        public var averagePrice: String
        /// `x`: `NEW`, `TRADE`, `CANCELED`, `EXPIRED`, `AMENDMENT`, `CALCULATED`.
        public var executionType: String
        /// `X`: the order's status after the event.
        public var status: String
        public var orderId: Int64
        /// `l`, `z`, `L`: last fill quantity, cumulative filled quantity, last fill price.
        public var lastFilledQuantity: String
        public var filledQuantity: String
        public var lastFilledPrice: String
        /// `n`: commission of this fill, in `N`.
        public var commission: String?
        public var commissionAsset: String?
        /// `T`: trade time; `t`: trade id (0 when the event is not a fill).
        public var tradeTime: Int64
        public var tradeId: Int64
        public var isMaker: Bool
        public var reduceOnly: Bool
        public var realizedProfit: String?

        enum CodingKeys: String, CodingKey {
            case symbol = "s", clientOrderId = "c", side = "S", orderType = "o", timeInForce = "f"
            case originalQuantity = "q", price = "p", averagePrice = "ap", executionType = "x", status = "X"
            case orderId = "i", lastFilledQuantity = "l", filledQuantity = "z", lastFilledPrice = "L"
            case commission = "n", commissionAsset = "N", tradeTime = "T", tradeId = "t", isMaker = "m"
            case reduceOnly = "R", realizedProfit = "rp"
        }
    }
}

/// `ACCOUNT_UPDATE` (Binance "Event: Balance and Position Update").
public struct AccountUpdateEvent: Decodable, Sendable, Equatable {
    public var eventTime: Int64
    public var transactionTime: Int64
    public var update: Update

    enum CodingKeys: String, CodingKey {
        case eventTime = "E", transactionTime = "T", update = "a"
    }

    public struct Update: Decodable, Sendable, Equatable {
        /// `m`: why (`ORDER`, `FUNDING_FEE`, `DEPOSIT`, ...).
        public var reason: String
        public var balances: [Balance]
        public var positions: [Position]
        enum CodingKeys: String, CodingKey { case reason = "m", balances = "B", positions = "P" }
    }

    public struct Balance: Decodable, Sendable, Equatable {
        public var asset: String
        public var walletBalance: String
        enum CodingKeys: String, CodingKey { case asset = "a", walletBalance = "wb" }
    }

    public struct Position: Decodable, Sendable, Equatable {
        public var symbol: String
        public var positionAmount: String
        public var entryPrice: String
        enum CodingKeys: String, CodingKey { case symbol = "s", positionAmount = "pa", entryPrice = "ep" }
    }
}

/// Reads a user-data stream message by its `e` field.
enum UserDataMessage {
    struct Kind: Decodable {
        var e: String
        var E: Int64?
    }

    /// The event in `text`, or `nil` for a message the order manager does not use.
    static func decode(_ text: String) throws -> UserDataEvent? {
        let data = Data(text.utf8)
        let decoder = JSONDecoder()
        let kind = try decoder.decode(Kind.self, from: data)
        switch kind.e {
        case "ORDER_TRADE_UPDATE": return .orderUpdate(try decoder.decode(OrderUpdateEvent.self, from: data))
        case "ACCOUNT_UPDATE": return .accountUpdate(try decoder.decode(AccountUpdateEvent.self, from: data))
        case "MARGIN_CALL": return .marginCall(eventTime: kind.E ?? 0)
        case "listenKeyExpired": return .listenKeyExpired(eventTime: kind.E ?? 0)
        default: return nil
        }
    }
}
