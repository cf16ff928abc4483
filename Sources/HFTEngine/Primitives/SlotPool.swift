/// A fixed-capacity allocator of slot handles: `Int32` indices into columns that the
/// owner keeps (an order pool's price, quantity and link columns, for example).
///
/// Free slots are kept on a stack, so acquire and release are a load and a store each,
/// and the most recently released slot (still warm in cache) is reused first. Slots are
/// handed out in the order 0, 1, 2, ... on a fresh pool, so the pool is deterministic.
///
/// - Complexity: ``acquire()`` and ``release(_:)`` are O(1).
/// - Memory: one allocation of `capacity × 5` bytes made in `init` and freed in `deinit`;
///   the pool owns it. Nothing is allocated afterwards.
public struct SlotPool: ~Copyable {
    @usableFromInline let freeSlots: UnsafeMutablePointer<Int32>
    @usableFromInline let liveFlags: UnsafeMutablePointer<Bool>
    @usableFromInline var freeCount: Int32
    /// The number of slots; handles are in `0 ..< capacity`.
    public let capacity: Int32

    /// The capacities a pool accepts: handles are `Int32`.
    public static let capacityRange = 1 ... Int(Int32.max)

    /// A pool of `capacity` slots.
    ///
    /// - Throws: ``ConfigurationError/outOfRange(field:value:allowed:)`` (`"capacity"`)
    ///   unless `capacity` is in ``capacityRange``.
    public init(capacity: Int) throws(ConfigurationError) {
        try ConfigurationError.check("capacity", capacity, in: SlotPool.capacityRange)
        self.init(validatedCapacity: capacity)
    }

    /// A pool for a capacity the caller has already checked against ``capacityRange``
    /// (an engine validates its whole configuration first); out of range is a broken
    /// invariant of that caller and traps.
    @usableFromInline
    init(validatedCapacity capacity: Int) {
        precondition(SlotPool.capacityRange.contains(capacity), "slot pool capacity not validated")
        self.capacity = Int32(capacity)
        freeSlots = LargeAllocation.allocate(Int32.self, capacity: capacity)
        liveFlags = LargeAllocation.allocate(Bool.self, capacity: capacity)
        liveFlags.initialize(repeating: false, count: capacity)
        for i in 0..<capacity {
            freeSlots[i] = Int32(capacity - 1 - i)
        }
        freeCount = Int32(capacity)
    }

    deinit {
        freeSlots.deallocate()
        liveFlags.deallocate()
    }

    /// Takes a free slot.
    ///
    /// - Throws: ``CapacityError/capacityExhausted`` when every slot is in use.
    @inlinable @inline(__always) @_noAllocation
    public mutating func acquire() throws(CapacityError) -> Int32 {
        guard freeCount > 0 else { throw .capacityExhausted }
        freeCount &-= 1
        let slot = freeSlots[Int(freeCount)]
        liveFlags[Int(slot)] = true
        return slot
    }

    /// Gives a slot back. Releasing a slot that is not in use is a broken invariant of the
    /// owner and traps.
    @inlinable @inline(__always) @_noAllocation
    public mutating func release(_ slot: Int32) {
        precondition(UInt32(bitPattern: slot) < UInt32(bitPattern: capacity) && liveFlags[Int(slot)],
                     "SlotPool: release of a slot that is not in use")
        liveFlags[Int(slot)] = false
        freeSlots[Int(freeCount)] = slot
        freeCount &+= 1
    }

    /// Frees every slot at once and restores the fresh hand-out order 0, 1, 2, ... (a reset
    /// for owners that drop all their entries; the memory is reused, not reallocated).
    ///
    /// - Complexity: O(capacity).
    public mutating func releaseAll() {
        let n = Int(capacity)
        liveFlags.update(repeating: false, count: n)
        for i in 0..<n {
            freeSlots[i] = Int32(n - 1 - i)
        }
        freeCount = capacity
    }

    /// True if `slot` is a handle of this pool that is currently in use.
    @inlinable
    public func isLive(_ slot: Int32) -> Bool {
        UInt32(bitPattern: slot) < UInt32(bitPattern: capacity) && liveFlags[Int(slot)]
    }

    /// The number of slots in use.
    @inlinable
    public var liveCount: Int { @_noAllocation get { Int(capacity &- freeCount) } }

    /// The number of free slots.
    @inlinable
    public var availableCount: Int { @_noAllocation get { Int(freeCount) } }
}
