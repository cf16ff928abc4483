/// One resting order: a compact 48-byte record in the ``OrderPool``. Its links in the FIFO
/// of its price level are kept apart, in the pool's link columns.
@frozen
public struct OrderRecord: Sendable, BitwiseCopyable {
    public var id: Int64
    public var account: Int64
    /// The limit price in ticks.
    public var price: Int64
    /// The quantity still open, in lots.
    public var remaining: Int64
    /// The slot of the order's price level in the ``PriceLevelStore``.
    @usableFromInline var level: Int32
    public var symbol: SymbolID
    public var side: Side
    public var timeInForce: TimeInForce
    public var selfTradePrevention: SelfTradePrevention
    public var flags: OrderFlags

    @inlinable @_noAllocation @inline(__always)
    init(id: Int64, account: Int64, price: Int64, remaining: Int64, level: Int32, symbol: SymbolID, side: Side, timeInForce: TimeInForce,
         selfTradePrevention: SelfTradePrevention, flags: OrderFlags) {
        self.id = id
        self.account = account
        self.price = price
        self.remaining = remaining
        self.level = level
        self.symbol = symbol
        self.side = side
        self.timeInForce = timeInForce
        self.selfTradePrevention = selfTradePrevention
        self.flags = flags
    }
}

/// The engine's resting orders: a fixed pool of ``OrderRecord`` slots handed out by a
/// ``SlotPool``, plus two link columns (`next`, `previous` slot handles, `-1` ends a list)
/// that chain each order into the FIFO of its price level.
///
/// Records are compact structs because the matcher and cancel read most fields of one
/// order at a time. The links are columns because adding an order writes the link of
/// another one (the level's tail), and cancel those of its neighbours: 4-byte entries in
/// a 4 MB column (at 1M orders) stay in cache far more often than 48-byte records in a
/// 48 MB table.
///
/// - Complexity: ``acquire()`` and ``release(_:)`` are O(1).
/// - Memory: `capacity × 61` bytes (huge-page backed when large) allocated in `init`,
///   freed in `deinit`.
public struct OrderPool: ~Copyable {
    @usableFromInline var slots: SlotPool
    @usableFromInline let records: UnsafeMutablePointer<OrderRecord>
    @usableFromInline let nextLinks: UnsafeMutablePointer<Int32>
    @usableFromInline let previousLinks: UnsafeMutablePointer<Int32>

    /// A pool for a capacity ``EngineConfiguration/validate()`` has checked.
    init(validatedCapacity capacity: Int) {
        slots = SlotPool(validatedCapacity: capacity)
        records = LargeAllocation.allocate(OrderRecord.self, capacity: capacity)
        nextLinks = LargeAllocation.allocate(Int32.self, capacity: capacity)
        nextLinks.initialize(repeating: -1, count: capacity)
        previousLinks = LargeAllocation.allocate(Int32.self, capacity: capacity)
        previousLinks.initialize(repeating: -1, count: capacity)
    }

    deinit {
        records.deallocate()
        nextLinks.deallocate()
        previousLinks.deallocate()
    }

    /// The order after `slot` in its level's FIFO, or -1.
    @inlinable @inline(__always) @_noAllocation
    func next(_ slot: Int32) -> Int32 { nextLinks[Int(slot)] }

    /// The order before `slot` in its level's FIFO, or -1.
    @inlinable @inline(__always) @_noAllocation
    func previous(_ slot: Int32) -> Int32 { previousLinks[Int(slot)] }

    @inlinable @inline(__always) @_noAllocation
    func setNext(_ slot: Int32, _ value: Int32) { nextLinks[Int(slot)] = value }

    @inlinable @inline(__always) @_noAllocation
    func setPrevious(_ slot: Int32, _ value: Int32) { previousLinks[Int(slot)] = value }

    /// The number of orders the pool holds at most.
    @inlinable public var capacity: Int { Int(slots.capacity) }
    /// The number of free slots.
    @inlinable public var availableCount: Int { @_noAllocation get { slots.availableCount } }
    /// The number of orders in the pool.
    @inlinable public var liveCount: Int { @_noAllocation get { slots.liveCount } }

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
