/// One resting order: a compact 56-byte record in the ``OrderPool``, linked into the FIFO
/// of its price level by `previous`/`next` slot handles (`-1` ends the list).
@frozen
public struct OrderRecord: Sendable, BitwiseCopyable {
    public var id: Int64
    public var account: Int64
    /// The limit price in ticks.
    public var price: Int64
    /// The quantity still open, in lots.
    public var remaining: Int64
    @usableFromInline var next: Int32
    @usableFromInline var previous: Int32
    /// The slot of the order's price level in the ``PriceLevelStore``.
    @usableFromInline var level: Int32
    public var symbol: SymbolID
    public var side: Side
    public var timeInForce: TimeInForce
    public var selfTradePrevention: SelfTradePrevention
    public var flags: OrderFlags

    @inlinable @_noAllocation @inline(__always)
    init(id: Int64, account: Int64, price: Int64, remaining: Int64, next: Int32, previous: Int32,
         level: Int32, symbol: SymbolID, side: Side, timeInForce: TimeInForce,
         selfTradePrevention: SelfTradePrevention, flags: OrderFlags) {
        self.id = id
        self.account = account
        self.price = price
        self.remaining = remaining
        self.next = next
        self.previous = previous
        self.level = level
        self.symbol = symbol
        self.side = side
        self.timeInForce = timeInForce
        self.selfTradePrevention = selfTradePrevention
        self.flags = flags
    }
}

/// The engine's resting orders: a fixed pool of ``OrderRecord`` slots handed out by a
/// ``SlotPool``. Records are compact structs rather than columns because the matcher and
/// cancel touch every field of one order at random positions: one record is one or two
/// cache lines, where columns would be six.
///
/// - Complexity: ``acquire()`` and ``release(_:)`` are O(1).
/// - Memory: `capacity × 61` bytes allocated in `init`, freed in `deinit`.
public struct OrderPool: ~Copyable {
    @usableFromInline var slots: SlotPool
    @usableFromInline let records: UnsafeMutablePointer<OrderRecord>

    public init(capacity: Int) {
        slots = SlotPool(capacity: capacity)
        records = .allocate(capacity: capacity)
    }

    deinit {
        records.deallocate()
    }

    /// The number of orders the pool holds at most.
    @inlinable public var capacity: Int { Int(slots.capacity) }
    /// The number of free slots.
    @inlinable public var availableCount: Int { @_noAllocation get { slots.availableCount } }
    /// The number of orders in the pool.
    @inlinable public var liveCount: Int { slots.liveCount }

    @inlinable @inline(__always) @_noAllocation
    mutating func acquire() -> Int32? {
        do { return try slots.acquire() } catch { return nil }
    }

    @inlinable @inline(__always) @_noAllocation
    mutating func release(_ slot: Int32) {
        slots.release(slot)
    }

    /// The record of a live slot.
    @inlinable @_noAllocation @inline(__always)
    func record(_ slot: Int32) -> UnsafeMutablePointer<OrderRecord> {
        records + Int(slot)
    }
}
