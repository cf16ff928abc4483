/// One outcome of a ``VenueCommand``: a fixed 88-byte record written into the caller's
/// ``VenueEventBuffer``, stamped with the command's sequence number and timestamp.
///
/// The events of a command are complete: a consumer that starts from an empty venue and
/// applies every event keeps an exact picture of every account (balance, reserved margin,
/// position margin, open-order count), every position (size, entry cost, margin, leverage,
/// mode) and every open order (price, remaining quantity), without reading the venue
/// (``VenueMirror`` is such a consumer; the tests check it after every command).
///
/// Field use by kind (`a` ... `g` are 64-bit words):
///
/// | kind | code | account | a | b | c | d | e | f | g |
/// |------|------|---------|---|---|---|---|---|---|---|
/// | accepted | – | owner | order id | limit price (0 market) | quantity | | | | |
/// | rejected | ``RejectReason`` | owner | order id | price | quantity | | | | |
/// | trade | – | taker's | taker order id | maker order id | maker's account | price | quantity | maker's remaining | |
/// | expired | ``ExpireReason`` | owner | order id | | expired quantity | | | | |
/// | canceled | – | owner | order id | | canceled quantity | | | | |
/// | amended | – | owner | order id | new price | new remaining | previous price | previous remaining | | |
/// | commandRejected | ``VenueReject`` | the command's | the command's w0 | | | | | | |
/// | balance | ``BalanceCause`` | account | change (credited > 0) | | | | | | |
/// | account | – | account | balance | reserved for orders | position margin | open orders | | | |
/// | position | ``MarginMode`` raw | account | size (lots, signed) | entry cost | margin | leverage | | | |
/// | funding | – | account | size | amount credited | rate e8 | mark | | | |
/// | liquidation | ``LiquidationEvent/Step`` raw | account | counter account | quantity | filled | price | amount | mark | fund after |
/// | symbolState | ``SymbolState`` | – | mark, or the bracket count | reference price of the breaker; kill switch: 1 if orders are left | | | | | |
/// | prices | – | – | index | mark | premium sample e8 (0: none) | last funding rate e8 | | | |
/// | accountState | 1 halted, 0 active | account | | | | | | | |
///
/// `symbol` is the symbol index (−1 where none applies); `side` is the order's side (the
/// taker's for a trade, the closing order's for a liquidation step); `flags` holds the
/// order's ``OrderFlags`` raw value, and for a liquidation step bit 0 = isolated,
/// bit 1 = partial.
///
/// - Memory: 88 bytes, trivially copyable.
@frozen
public struct VenueEvent: Sendable, BitwiseCopyable, Equatable {
    /// What happened.
    @frozen
    public enum Kind: UInt8, Sendable, BitwiseCopyable {
        case accepted = 1, rejected, trade, expired, canceled, amended
        case commandRejected = 16
        case balance, account, position, funding, liquidation, symbolState, prices, accountState
    }

    /// Why a balance changed.
    @frozen
    public enum BalanceCause: UInt8, Sendable, BitwiseCopyable {
        case deposit = 1, withdrawal, fee, realizedPnL, funding, liquidationFee, insurance
    }

    /// A symbol's trading state after a ``Kind/symbolState`` event.
    @frozen
    public enum SymbolState: UInt8, Sendable, BitwiseCopyable {
        /// Added and trading.
        case added = 1
        /// Halted by a command.
        case halted
        /// Trading again.
        case resumed
        /// Halted by its circuit breaker: the mark moved more than the configured fraction
        /// within the window (`a` the new mark, `b` the price it moved from).
        case circuitBreaker
        /// Halted by a kill switch (its orders were canceled first).
        case killed
        /// New maintenance-margin brackets (`a` the number of rows; the rows are the
        /// `symbolBrackets` command's).
        case brackets
    }

    public var sequence: UInt64
    public var timestamp: Int64
    public var kind: Kind
    public var code: UInt8
    public var side: Side
    public var flags: UInt8
    public var symbol: Int32
    public var account: Int64
    public var a: Int64
    public var b: Int64
    public var c: Int64
    public var d: Int64
    public var e: Int64
    public var f: Int64
    public var g: Int64

    @inlinable @inline(__always)
    public init(_ kind: Kind, code: UInt8 = 0, side: Side = .buy, flags: UInt8 = 0, symbol: Int32 = -1,
                account: Int64 = 0, a: Int64 = 0, b: Int64 = 0, c: Int64 = 0, d: Int64 = 0, e: Int64 = 0,
                f: Int64 = 0, g: Int64 = 0) {
        sequence = 0; timestamp = 0
        self.kind = kind; self.code = code; self.side = side; self.flags = flags; self.symbol = symbol
        self.account = account
        self.a = a; self.b = b; self.c = c; self.d = d; self.e = e; self.f = f; self.g = g
    }

    /// The order event of the matching engine as a venue event.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public init(_ event: ExecutionEvent) {
        switch event.kind {
        case .accepted:
            self.init(.accepted, side: event.side, flags: event.flags.rawValue, symbol: event.symbol.index,
                      account: event.account, a: event.orderId, b: event.price.ticks, c: event.quantity.lots)
        case .rejected:
            self.init(.rejected, code: event.code, side: event.side, flags: event.flags.rawValue,
                      symbol: event.symbol.index, account: event.account, a: event.orderId, b: event.price.ticks,
                      c: event.quantity.lots)
        case .trade:
            self.init(.trade, side: event.side, flags: event.flags.rawValue, symbol: event.symbol.index,
                      account: event.account, a: event.orderId, b: event.counterOrderId, c: event.counterAccount,
                      d: event.price.ticks, e: event.quantity.lots, f: event.leaves.lots)
        case .expired:
            self.init(.expired, code: event.code, side: event.side, flags: event.flags.rawValue,
                      symbol: event.symbol.index, account: event.account, a: event.orderId, c: event.quantity.lots)
        case .canceled:
            self.init(.canceled, side: event.side, flags: event.flags.rawValue, symbol: event.symbol.index,
                      account: event.account, a: event.orderId, c: event.quantity.lots)
        case .amended:
            self.init(.amended, side: event.side, flags: event.flags.rawValue, symbol: event.symbol.index,
                      account: event.account, a: event.orderId, b: event.price.ticks, c: event.quantity.lots,
                      d: event.previousPrice.ticks, e: event.previousQuantity.lots)
        }
    }

    /// A liquidation step as a venue event.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public init(_ step: LiquidationEvent) {
        self.init(.liquidation, code: step.step.rawValue, side: step.side,
                  flags: (step.isolated ? 1 : 0) | (step.partial ? 2 : 0), symbol: step.symbol, account: step.account,
                  a: step.counterAccount, b: step.quantity, c: step.step == .deficit ? step.uncovered : step.filled,
                  d: step.price, e: step.amount, f: step.mark, g: step.fundBalance)
    }

    /// The reject reason of a `rejected` event.
    @inlinable public var rejectReason: RejectReason? { kind == .rejected ? RejectReason(rawValue: code) : nil }
    /// The reject of a `commandRejected` event.
    @inlinable public var commandReject: VenueReject? { kind == .commandRejected ? VenueReject(rawValue: code) : nil }
}
