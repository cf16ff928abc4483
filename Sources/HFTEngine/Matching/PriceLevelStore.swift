/// One non-empty price level: the head and tail of its FIFO of orders, the number of
/// orders and their total open quantity.
@frozen
public struct PriceLevel: Sendable, BitwiseCopyable {
    public var price: Int64
    public var totalQuantity: Int64
    @usableFromInline var head: Int32
    @usableFromInline var tail: Int32
    public var orderCount: Int32
    public var side: Side

    @inlinable @_noAllocation @inline(__always)
    init(price: Int64, totalQuantity: Int64, head: Int32, tail: Int32, orderCount: Int32, side: Side) {
        self.price = price
        self.totalQuantity = totalQuantity
        self.head = head
        self.tail = tail
        self.orderCount = orderCount
        self.side = side
    }
}

/// The engine's price levels over all symbols: fixed slots of ``PriceLevel`` handed out by
/// a ``SlotPool``. A level exists exactly while it holds at least one order.
///
/// - Complexity: O(1) per operation.
/// - Memory: `capacity × 37` bytes allocated in `init`, freed in `deinit`.
public struct PriceLevelStore: ~Copyable {
    @usableFromInline var slots: SlotPool
    @usableFromInline let records: UnsafeMutablePointer<PriceLevel>

    /// A store for a capacity ``EngineConfiguration/validate()`` has checked.
    init(validatedCapacity capacity: Int) {
        slots = SlotPool(validatedCapacity: capacity)
        records = .allocate(capacity: capacity)
    }

    deinit {
        records.deallocate()
    }

    @inlinable public var capacity: Int { Int(slots.capacity) }
    @inlinable public var availableCount: Int { @_noAllocation get { slots.availableCount } }
    @inlinable public var liveCount: Int { slots.liveCount }

    @inlinable @inline(__always) @_noAllocation
    mutating func acquire() -> Int32? {
        do { return try slots.acquire() } catch { return nil }
    }

    @inlinable @inline(__always) @_noAllocation
    mutating func release(_ slot: Int32) {
        slots.release(slot)
    }

    @inlinable @_noAllocation @inline(__always)
    func record(_ slot: Int32) -> UnsafeMutablePointer<PriceLevel> {
        records + Int(slot)
    }
}
