/// One outcome of a command: a fixed-size 64-byte record (one cache line) that the engine
/// writes into the caller's ``EventBuffer``, in exactly the order the command-file spec
/// prescribes.
///
/// Field use by kind:
///
/// | kind       | orderId | account | counterOrderId | counterAccount | price | quantity | leaves |
/// |------------|---------|---------|----------------|----------------|-------|----------|--------|
/// | `accepted` | order   | owner   | –              | –              | limit (0 for market) | order qty | order qty |
/// | `rejected` | order   | owner   | –              | –              | –     | –        | – |
/// | `trade`    | taker   | taker's | maker          | maker's        | maker's price | traded | maker's remaining |
/// | `expired`  | order   | owner   | –              | –              | limit | expired qty | 0 |
/// | `canceled` | order   | owner   | –              | –              | limit | canceled qty | 0 |
/// | `amended`  | order   | owner   | –              | –              | new price | new remaining | new remaining |
///
/// `side` is the order's side (the taker's for a trade); `code` holds the ``RejectReason``
/// or ``ExpireReason``. An `amended` event also carries the order's previous price and
/// remaining quantity (``previousPrice``, ``previousQuantity``), so that a risk layer can
/// release what it reserved.
///
/// - Memory: 64 bytes, trivially copyable.
@frozen
public struct ExecutionEvent: Sendable, BitwiseCopyable {
    /// What happened.
    @frozen
    public enum Kind: UInt8, Sendable, BitwiseCopyable {
        case accepted = 1
        case rejected
        case trade
        case expired
        case canceled
        case amended
    }

    public var kind: Kind
    /// The raw ``RejectReason`` (rejected) or ``ExpireReason`` (expired); 0 otherwise.
    public var code: UInt8
    public var side: Side
    public var flags: OrderFlags
    /// The symbol (`-1` on a reject of an unknown order or symbol).
    public var symbol: SymbolID
    public var orderId: Int64
    public var account: Int64
    public var counterOrderId: Int64
    public var counterAccount: Int64
    public var price: Price
    public var quantity: Quantity
    public var leaves: Quantity

    @inlinable @_noAllocation @inline(__always)
    public init(
        kind: Kind, code: UInt8 = 0, side: Side, flags: OrderFlags = OrderFlags(), symbol: SymbolID,
        orderId: Int64, account: Int64, counterOrderId: Int64 = 0, counterAccount: Int64 = 0,
        price: Price, quantity: Quantity, leaves: Quantity = Quantity(lots: 0)
    ) {
        self.kind = kind
        self.code = code
        self.side = side
        self.flags = flags
        self.symbol = symbol
        self.orderId = orderId
        self.account = account
        self.counterOrderId = counterOrderId
        self.counterAccount = counterAccount
        self.price = price
        self.quantity = quantity
        self.leaves = leaves
    }

    /// The reason of a `rejected` event.
    @inlinable
    public var rejectReason: RejectReason? { kind == .rejected ? RejectReason(rawValue: code) : nil }

    /// The reason of an `expired` event.
    @inlinable
    public var expireReason: ExpireReason? { kind == .expired ? ExpireReason(rawValue: code) : nil }

    /// A trade's maker order id.
    @inlinable public var makerOrderId: Int64 { counterOrderId }
    /// A trade's taker order id.
    @inlinable public var takerOrderId: Int64 { orderId }
    /// A trade's maker account.
    @inlinable public var makerAccount: Int64 { counterAccount }
    /// A trade's taker account.
    @inlinable public var takerAccount: Int64 { account }

    /// An `amended` event's price before the amend.
    @inlinable public var previousPrice: Price { Price(ticks: counterOrderId) }
    /// An `amended` event's remaining quantity before the amend.
    @inlinable public var previousQuantity: Quantity { Quantity(lots: counterAccount) }
}
