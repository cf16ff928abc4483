/// One step of a liquidation, as a fixed 72-byte record written into a caller-owned
/// ``LiquidationEventBuffer`` (printed by `hft replay` as `LIQUIDATION`, `INSURANCE` and
/// `ADL` lines; fields documented in `Docs/liquidation.md`).
///
/// | kind | step | account | counterAccount | quantity | filled | price | amount |
/// |------|------|---------|----------------|----------|--------|-------|--------|
/// | `liquidation` | `cancel` | liquidated | – | canceled lots | – | – | canceled order id |
/// | `liquidation` | `order` | liquidated | – | lots sent to the book | lots filled there | bankruptcy price (IOC limit) | the IOC order's id |
/// | `liquidation` | `fill` | taker (liquidated or fund) | maker | lots | taker order id | trade price | maker order id |
/// | `insurance` | `fee` | liquidated | fund | lots liquidated | – | – | fee paid to the fund |
/// | `insurance` | `takeover` | liquidated | fund | lots taken over | – | bankruptcy price | fund's loss at mark (> 0) or gain (< 0) |
/// | `insurance` | `deficit` | bankrupt account | fund | – | – | – | money the fund paid (or could not pay: `uncovered`) |
/// | `insurance` | `unwind` | fund | – | lots sent | lots filled | limit | fund's realized PnL |
/// | `adl` | `adl` | deleveraged counterparty | liquidated | lots closed | – | bankruptcy price | rank (1 = first) |
///
/// Every event also carries the insurance fund's balance after the step (`fundBalance`).
///
/// - Memory: 80 bytes, trivially copyable.
@frozen
public struct LiquidationEvent: Sendable, BitwiseCopyable {
    @frozen
    public enum Kind: UInt8, Sendable, BitwiseCopyable { case liquidation = 1, insurance, adl }
    @frozen
    public enum Step: UInt8, Sendable, BitwiseCopyable { case order = 1, fee, takeover, deficit, unwind, adl, fill, cancel }

    public var kind: Kind
    public var step: Step
    /// The side of the closing order (a long is closed by a sell).
    public var side: Side
    public var isolated: Bool
    /// True when the liquidation stopped at a bracket step (the position was not closed).
    public var partial: Bool
    public var symbol: Int32
    public var account: Int64
    public var counterAccount: Int64
    public var quantity: Int64
    public var filled: Int64
    public var price: Int64
    public var mark: Int64
    public var amount: Int64
    /// Money the fund could not pay (deficit step), else 0.
    public var uncovered: Int64
    /// The insurance fund's balance after the step.
    public var fundBalance: Int64 = 0

    @inlinable
    public init(kind: Kind, step: Step, side: Side, symbol: Int32, account: Int64, counterAccount: Int64 = -1,
                quantity: Int64 = 0, filled: Int64 = 0, price: Int64 = 0, mark: Int64 = 0, amount: Int64 = 0,
                isolated: Bool = false, partial: Bool = false, uncovered: Int64 = 0) {
        self.kind = kind; self.step = step; self.side = side; self.isolated = isolated; self.partial = partial
        self.symbol = symbol; self.account = account; self.counterAccount = counterAccount
        self.quantity = quantity; self.filled = filled; self.price = price; self.mark = mark
        self.amount = amount; self.uncovered = uncovered
    }
}

/// A preallocated buffer of ``LiquidationEvent``s that the liquidation engine appends to
/// and the caller drains (``removeAll()``, O(1)). Never grows: extra events are counted in
/// ``droppedCount``.
///
/// - Memory: `capacity × 72` bytes allocated in `init`, freed in `deinit`.
public struct LiquidationEventBuffer: ~Copyable {
    @usableFromInline let storage: UnsafeMutablePointer<LiquidationEvent>
    public let capacity: Int
    public var count: Int { stored }
    public var droppedCount: Int { dropped }
    @usableFromInline var stored: Int = 0
    @usableFromInline var dropped: Int = 0

    /// A buffer for `capacity` events.
    ///
    /// - Throws: ``LiquidationConfigurationError/eventCapacity`` unless `capacity` is 1 ...
    ///   ``RiskConfiguration/maxSlots``.
    public init(capacity: Int) throws(LiquidationConfigurationError) {
        guard capacity >= 1 && capacity <= RiskConfiguration.maxSlots else { throw .eventCapacity }
        self.init(validatedCapacity: capacity)
    }

    @usableFromInline
    init(validatedCapacity capacity: Int) {
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
    }

    deinit { storage.deallocate() }

    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable @inline(__always)
    public mutating func append(_ event: LiquidationEvent) {
        if stored < capacity { (storage + stored).initialize(to: event); stored &+= 1 } else { dropped &+= 1 }
    }

    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable @inline(__always)
    public mutating func removeAll() { stored = 0; dropped = 0 }

    public subscript(index: Int) -> LiquidationEvent {
        get {
            precondition(UInt(bitPattern: index) < UInt(bitPattern: count), "index out of range")
            return storage[index]
        }
        set {
            precondition(UInt(bitPattern: index) < UInt(bitPattern: count), "index out of range")
            storage[index] = newValue
        }
    }
}
