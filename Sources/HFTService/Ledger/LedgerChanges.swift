import HFTEngine

/// An account's state from its last `account` event (money units).
public struct LedgerAccount: Sendable, Equatable {
    public var account: Int64
    /// Wallet balance.
    public var balance: Int64
    /// Reserved for open orders.
    public var reserved: Int64
    /// Initial margin of the positions.
    public var positionMargin: Int64
    public var openOrders: Int64
    /// Time of the last change (ns; Binance `updateTime` / 10^6).
    public var updateTime: Int64
}

/// A position from its last `position` event.
public struct LedgerPosition: Sendable, Equatable {
    public var account: Int64
    public var symbol: Int32
    /// Signed lots (short < 0).
    public var size: Int64
    /// Entry cost, money units (signed like size; entry price = |cost| / |size| / money per tick·lot).
    public var cost: Int64
    /// Initial margin (cross) or isolated margin, money units.
    public var margin: Int64
    public var leverage: Int64
    public var mode: MarginMode
    public var updateTime: Int64
}

/// Why balances changed in a command: ACCOUNT_UPDATE's event reason `m`.
public enum AccountUpdateReason: UInt8, Sendable, Equatable {
    case deposit, withdraw, order, fundingFee, marginTypeChange, insuranceClear, adjustment

    public var wireName: String {
        switch self {
        case .deposit: "DEPOSIT"
        case .withdraw: "WITHDRAW"
        case .order: "ORDER"
        case .fundingFee: "FUNDING_FEE"
        case .marginTypeChange: "MARGIN_TYPE_CHANGE"
        case .insuranceClear: "INSURANCE_CLEAR"
        case .adjustment: "ADJUSTMENT"
        }
    }
}

/// An account's balance after a command, with the causes of the `balance` events it had.
public struct BalanceChange: Sendable, Equatable {
    public var account: Int64
    /// The account after the command.
    public var state: LedgerAccount
    /// Σ of its `balance` events in this command by cause (only causes that occurred),
    /// in order of first occurrence; funding payments appear as `.funding`.
    public var causes: [(cause: VenueEvent.BalanceCause, amount: Int64)]

    public static func == (a: BalanceChange, b: BalanceChange) -> Bool {
        a.account == b.account && a.state == b.state && a.causes.elementsEqual(b.causes, by: { $0 == $1 })
    }
}

/// One change of one order in a command, with everything ORDER_TRADE_UPDATE needs.
public struct OrderUpdate: Sendable, Equatable {
    public var executionType: LedgerExecutionType
    /// The order after this change (status, executed quantity, average, ...).
    public var order: LedgerOrder
    /// The fill of a `TRADE` update (nil otherwise): last filled quantity and price, trade
    /// id, commission, maker flag, realized profit.
    public var fill: LedgerFill?
}

/// Everything the last applied command changed: what the user-data and market stream
/// writers send, without re-deriving anything. Valid until the next ``VenueLedger/apply(_:events:)``.
public struct LedgerChanges: Sendable {
    public var sequence: UInt64 = 0
    public var time: Int64 = 0
    public var kind: VenueCommandKind = .liquidationScan
    /// The reason an ACCOUNT_UPDATE of this command carries.
    public var reason: AccountUpdateReason = .order
    /// Order changes in event order (each user fill gives one `TRADE` update per side).
    public var orders: [OrderUpdate] = []
    /// Accounts whose state changed, in order of first change, each with its final state.
    public var balances: [BalanceChange] = []
    /// Positions whose state changed, final state each (size 0: closed).
    public var positions: [LedgerPosition] = []
    /// Every fill of the command, taker then maker of each trade (also fills of orders the
    /// ledger does not know, such as the insurance fund's).
    public var fills: [LedgerFill] = []
    /// Public trades of the command, in order.
    public var trades: [LedgerTrade] = []
    /// Aggregate trades completed by the command.
    public var aggTrades: [LedgerAggTrade] = []
    /// Symbols whose best bid or ask changed (bookTicker).
    public var bookTickerSymbols: [Int32] = []
    /// Symbols with a `prices` event (markPrice stream).
    public var priceSymbols: [Int32] = []
    /// Funding settled by the command.
    public var funding: [FundingRateRecord] = []
    /// The venue's refusal of the whole command, if any.
    public var commandReject: VenueReject?
    /// The reject reason of the command's order (newOrder / amend / cancel), if rejected.
    public var orderReject: RejectReason?

    mutating func reset(_ command: VenueCommand) {
        sequence = command.sequence; time = command.timestamp; kind = command.kind
        reason = .order
        orders.removeAll(keepingCapacity: true)
        balances.removeAll(keepingCapacity: true)
        positions.removeAll(keepingCapacity: true)
        fills.removeAll(keepingCapacity: true)
        trades.removeAll(keepingCapacity: true)
        aggTrades.removeAll(keepingCapacity: true)
        bookTickerSymbols.removeAll(keepingCapacity: true)
        priceSymbols.removeAll(keepingCapacity: true)
        funding.removeAll(keepingCapacity: true)
        commandReject = nil
        orderReject = nil
    }
}
