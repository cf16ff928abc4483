/// What a ``VenueCommand`` asks for. Raw values are part of the journal's file format
/// and of the replication stream: never reuse or renumber one.
@frozen
public enum VenueCommandKind: UInt8, Sendable, BitwiseCopyable, CaseIterable {
    /// Adds the next symbol (its index must be the venue's symbol count).
    case addSymbol = 1
    /// Replaces a symbol's maintenance-margin brackets (1 ... ``VenueCommand/maxInlineBrackets``).
    case symbolBrackets = 2
    /// Halts trading in a scope (venue, symbol or account); cancels still work.
    case halt = 3
    /// Resumes a halted scope (also after a circuit breaker or a kill switch).
    case resume = 4
    /// Cancels every order in a scope and halts it.
    case killSwitch = 5
    /// Credits an account.
    case deposit = 6
    /// Debits an account (at most its available balance).
    case withdraw = 7
    /// Sets an account's leverage on a symbol, and optionally its margin mode.
    case setLeverage = 8
    /// A new order.
    case newOrder = 9
    /// Cancels one order by id.
    case cancelOrder = 10
    /// Sets a resting order's price and remaining quantity.
    case amendOrder = 11
    /// Cancels every open order of an account, on one symbol or on all.
    case cancelAll = 12
    /// A new index price: the mark follows from the mark-price rule; triggered liquidations run.
    case indexPrice = 13
    /// Sets the mark price directly; triggered liquidations run.
    case markPrice = 14
    /// Settles one funding payment on every open position of a symbol.
    case settleFunding = 15
    /// Runs the full liquidation scan and liquidates what it finds.
    case liquidationScan = 16
    /// Moves money from an account's available balance into the insurance fund.
    case fundInsurance = 17
}

/// The scope of a halt, resume or kill switch.
@frozen
public enum VenueScope: UInt8, Sendable, BitwiseCopyable {
    case venue = 0
    case symbol = 1
    case account = 2
}

/// One state change of a venue as a fixed 128-byte record: the only input of
/// ``Venue/apply(_:into:)``, what the journal stores and what replicas receive.
///
/// The caller (the sequencer) stamps each command with a ``sequence`` number and a
/// ``timestamp`` in nanoseconds; time-driven rules (the funding schedule's P1 term, the
/// circuit breaker's window) read only these stamps, so the venue's state is a pure
/// function of its commands.
///
/// Payload words by kind (`symbol` is the header's symbol field; `b0` a header byte):
///
/// | kind | symbol | b0 | w0 | w1 | w2 | w3 | w4 ... |
/// |------|--------|----|----|----|----|----|--------|
/// | addSymbol | new index | – | money per tick·lot | max notional | band ppm (−1 none) | ladder ticks | see ``addSymbol(_:)`` |
/// | symbolBrackets | symbol | count | cap₀ | mmr₀ e8 << 16 \| maxLeverage₀ | cap₁ | ... | (6 rows at most) |
/// | halt, resume, killSwitch | symbol | ``VenueScope`` | account | | | | |
/// | deposit, withdraw | – | – | account | amount (money units) | | | |
/// | setLeverage | symbol | mode (0 keep, 1 cross, 2 isolated) | account | leverage | | | |
/// | newOrder | symbol | – | order id | account | price | quantity | w4 packed attributes |
/// | cancelOrder | – | – | order id | | | | |
/// | amendOrder | – | – | order id | | price | quantity | |
/// | cancelAll | symbol (−1 all) | – | account | | | | |
/// | indexPrice | symbol | – | index (ticks) | | | | |
/// | markPrice | symbol | – | mark (ticks) | index (ticks; 0: unchanged) | | | |
/// | fundInsurance | – | – | account | amount (money units) | | | |
/// | settleFunding | symbol | 1: rate given | rate e8 | | | | |
/// | liquidationScan | – | – | | | | | |
///
/// Packed order attributes (w4): bits 0–7 side, 8–15 order type, 16–23 time in force,
/// 24–31 self-trade prevention, 32–39 order flags.
///
/// - Memory: 128 bytes (two cache lines), trivially copyable; building, encoding and
///   decoding allocate nothing.
@frozen
public struct VenueCommand: Sendable, BitwiseCopyable, Equatable {
    /// The sequencer's number of this command.
    public var sequence: UInt64
    /// The sequencer's time of this command, nanoseconds since the Unix epoch.
    public var timestamp: Int64
    public var kind: VenueCommandKind
    public var b0: UInt8
    public var b1: UInt8
    public var b2: UInt8
    public var symbol: Int32
    public var w0: Int64
    public var w1: Int64
    public var w2: Int64
    public var w3: Int64
    public var w4: Int64
    public var w5: Int64
    public var w6: Int64
    public var w7: Int64
    public var w8: Int64
    public var w9: Int64
    public var w10: Int64
    public var w11: Int64
    public var w12: Int64

    /// The most bracket rows one ``VenueCommandKind/symbolBrackets`` command carries.
    public static let maxInlineBrackets = 6

    /// A command of `kind` with every field zero (symbol −1 where no symbol applies).
    @inlinable @inline(__always)
    public init(_ kind: VenueCommandKind, sequence: UInt64 = 0, timestamp: Int64 = 0, symbol: Int32 = -1) {
        self.sequence = sequence; self.timestamp = timestamp; self.kind = kind
        b0 = 0; b1 = 0; b2 = 0; self.symbol = symbol
        w0 = 0; w1 = 0; w2 = 0; w3 = 0; w4 = 0; w5 = 0; w6 = 0; w7 = 0; w8 = 0; w9 = 0; w10 = 0; w11 = 0; w12 = 0
    }

    /// The same command stamped with `sequence` and `timestamp`.
    @inlinable @inline(__always)
    public func stamped(sequence: UInt64, timestamp: Int64) -> VenueCommand {
        var c = self
        c.sequence = sequence
        c.timestamp = timestamp
        return c
    }
}

// MARK: Building commands

extension VenueCommand {
    /// Adds symbol `spec.index` (see ``VenueSymbolSpec`` for the words).
    @inlinable
    public static func addSymbol(_ spec: VenueSymbolSpec) -> VenueCommand {
        var c = VenueCommand(.addSymbol, symbol: spec.index)
        c.w0 = spec.moneyPerTickLot
        c.w1 = spec.maxNotional
        c.w2 = spec.bandPartsPerMillion
        c.w3 = spec.ladderTicks
        c.w4 = spec.maxLeverage
        c.w5 = spec.makerRate.e8
        c.w6 = spec.takerRate.e8
        c.w7 = spec.fundingCap.e8
        c.w8 = spec.fundingIntervalSeconds
        c.w9 = spec.circuitBreakerPartsPerMillion
        c.w10 = spec.circuitBreakerWindowNanoseconds
        c.w11 = spec.impactMarginNotional
        c.w12 = spec.maxQuantityLots
        return c
    }

    /// The symbol specification of an `addSymbol` command.
    @inlinable
    public var symbolSpec: VenueSymbolSpec {
        VenueSymbolSpec(
            index: symbol, moneyPerTickLot: w0, maxNotional: w1, bandPartsPerMillion: w2, ladderTicks: w3,
            maxLeverage: w4, makerRate: Rate(e8: w5), takerRate: Rate(e8: w6), fundingCap: Rate(e8: w7),
            fundingIntervalSeconds: w8, circuitBreakerPartsPerMillion: w9, circuitBreakerWindowNanoseconds: w10,
            impactMarginNotional: w11, maxQuantityLots: w12)
    }

    /// Replaces the brackets of `symbol` with `rows` (1 ... ``maxInlineBrackets``; more
    /// rows are a `BAD_BRACKETS` reject). Each row: notional cap (money units), maintenance
    /// rate, maximum leverage (1 ... 10,000).
    public static func symbolBrackets(symbol: Int32, _ rows: [MarginBracket]) -> VenueCommand {
        var c = VenueCommand(.symbolBrackets, symbol: symbol)
        c.b0 = UInt8(clamping: rows.count)
        for (i, row) in rows.prefix(maxInlineBrackets).enumerated() {
            c.setBracketWords(i, cap: row.notionalCap.units,
                              packed: row.maintenanceRate.e8 << 16 | (row.maxLeverage & 0xFFFF))
        }
        return c
    }

    @inlinable
    mutating func setBracketWords(_ i: Int, cap: Int64, packed: Int64) {
        switch i {
        case 0: w0 = cap; w1 = packed
        case 1: w2 = cap; w3 = packed
        case 2: w4 = cap; w5 = packed
        case 3: w6 = cap; w7 = packed
        case 4: w8 = cap; w9 = packed
        default: w10 = cap; w11 = packed
        }
    }

    /// Row `i` of a `symbolBrackets` command (cap, packed mmr e8 << 16 | max leverage).
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public func bracketWords(_ i: Int) -> (cap: Int64, packed: Int64) {
        switch i {
        case 0: (w0, w1)
        case 1: (w2, w3)
        case 2: (w4, w5)
        case 3: (w6, w7)
        case 4: (w8, w9)
        default: (w10, w11)
        }
    }

    /// Halts `scope` (`symbol` for a symbol, `account` for an account).
    @inlinable
    public static func halt(_ scope: VenueScope, symbol: Int32 = -1, account: Int64 = 0) -> VenueCommand {
        scoped(.halt, scope, symbol: symbol, account: account)
    }

    /// Resumes `scope`.
    @inlinable
    public static func resume(_ scope: VenueScope, symbol: Int32 = -1, account: Int64 = 0) -> VenueCommand {
        scoped(.resume, scope, symbol: symbol, account: account)
    }

    /// Cancels every order in `scope` and halts it.
    @inlinable
    public static func killSwitch(_ scope: VenueScope, symbol: Int32 = -1, account: Int64 = 0) -> VenueCommand {
        scoped(.killSwitch, scope, symbol: symbol, account: account)
    }

    @inlinable
    static func scoped(_ kind: VenueCommandKind, _ scope: VenueScope, symbol: Int32, account: Int64) -> VenueCommand {
        var c = VenueCommand(kind, symbol: symbol)
        c.b0 = scope.rawValue
        c.w0 = account
        return c
    }

    /// The scope of a halt, resume or kill switch, or `nil` if the byte is not one.
    @inlinable
    public var scope: VenueScope? { VenueScope(rawValue: b0) }

    /// Credits `amount` to `account`.
    @inlinable
    public static func deposit(account: Int64, amount: Money) -> VenueCommand {
        var c = VenueCommand(.deposit)
        c.w0 = account; c.w1 = amount.units
        return c
    }

    /// Debits `amount` from `account`.
    @inlinable
    public static func withdraw(account: Int64, amount: Money) -> VenueCommand {
        var c = VenueCommand(.withdraw)
        c.w0 = account; c.w1 = amount.units
        return c
    }

    /// Sets the leverage of `account` on `symbol`; `mode` changes the margin mode too.
    @inlinable
    public static func setLeverage(account: Int64, symbol: Int32, leverage: Int64, mode: MarginMode? = nil) -> VenueCommand {
        var c = VenueCommand(.setLeverage, symbol: symbol)
        c.w0 = account; c.w1 = leverage
        c.b0 = mode == nil ? 0 : mode == .cross ? 1 : 2
        return c
    }

    /// A new order.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public static func newOrder(_ r: OrderRequest) -> VenueCommand {
        var c = VenueCommand(.newOrder, symbol: r.symbol.index)
        c.w0 = r.id; c.w1 = r.account; c.w2 = r.price.ticks; c.w3 = r.quantity.lots
        c.w4 = Int64(r.side.rawValue) | Int64(r.type.rawValue) << 8 | Int64(r.timeInForce.rawValue) << 16
            | Int64(r.selfTradePrevention.rawValue) << 24 | Int64(r.flags.rawValue) << 32
        return c
    }

    /// The order request of a `newOrder` command, or `nil` if its packed attributes are not
    /// valid values (a damaged command never traps).
    @inlinable
    public var orderRequest: OrderRequest? {
        let packed = UInt64(bitPattern: w4)
        guard packed >> 40 == 0,
              let side = Side(rawValue: UInt8(truncatingIfNeeded: packed)),
              let type = OrderType(rawValue: UInt8(truncatingIfNeeded: packed >> 8)),
              let tif = TimeInForce(rawValue: UInt8(truncatingIfNeeded: packed >> 16)),
              let stp = SelfTradePrevention(rawValue: UInt8(truncatingIfNeeded: packed >> 24))
        else { return nil }
        return OrderRequest(id: w0, account: w1, symbol: SymbolID(symbol), side: side, type: type,
                            price: Price(ticks: w2), quantity: Quantity(lots: w3), timeInForce: tif,
                            selfTradePrevention: stp, flags: OrderFlags(rawValue: UInt8(truncatingIfNeeded: packed >> 32)))
    }

    /// Cancels order `orderId`.
    @inlinable
    public static func cancelOrder(_ orderId: Int64) -> VenueCommand {
        var c = VenueCommand(.cancelOrder)
        c.w0 = orderId
        return c
    }

    /// Sets order `orderId`'s price and remaining quantity.
    @inlinable
    public static func amendOrder(_ orderId: Int64, price: Price, quantity: Quantity) -> VenueCommand {
        var c = VenueCommand(.amendOrder)
        c.w0 = orderId; c.w2 = price.ticks; c.w3 = quantity.lots
        return c
    }

    /// Cancels every open order of `account` on `symbol` (−1: on every symbol).
    @inlinable
    public static func cancelAll(account: Int64, symbol: Int32 = -1) -> VenueCommand {
        var c = VenueCommand(.cancelAll, symbol: symbol)
        c.w0 = account
        return c
    }

    /// A new index price of `symbol`.
    @inlinable
    public static func indexPrice(symbol: Int32, _ price: Price) -> VenueCommand {
        var c = VenueCommand(.indexPrice, symbol: symbol)
        c.w0 = price.ticks
        return c
    }

    /// Sets the mark price of `symbol` (and its index, when `index` is given: a host that
    /// computes marks itself).
    @inlinable
    public static func markPrice(symbol: Int32, _ price: Price, index: Price? = nil) -> VenueCommand {
        var c = VenueCommand(.markPrice, symbol: symbol)
        c.w0 = price.ticks
        c.w1 = index?.ticks ?? 0
        return c
    }

    /// Moves `amount` from `account` into the insurance fund.
    @inlinable
    public static func fundInsurance(account: Int64, amount: Money) -> VenueCommand {
        var c = VenueCommand(.fundInsurance)
        c.w0 = account; c.w1 = amount.units
        return c
    }

    /// Settles funding on `symbol` at `rate`, or at the rate computed from the premium
    /// samples of the interval when `rate` is `nil`.
    @inlinable
    public static func settleFunding(symbol: Int32, rate: Rate? = nil) -> VenueCommand {
        var c = VenueCommand(.settleFunding, symbol: symbol)
        if let rate { c.b0 = 1; c.w0 = rate.e8 }
        return c
    }

    /// Runs the full liquidation scan.
    @inlinable
    public static var liquidationScan: VenueCommand { VenueCommand(.liquidationScan) }
}
