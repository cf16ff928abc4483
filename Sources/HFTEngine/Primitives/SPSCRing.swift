import Synchronization

/// A bounded single-producer single-consumer ring of fixed-size records, safe across two
/// threads: one thread calls ``push(_:)``, another calls ``pop()``.
///
/// The consumer's position (`head`) and the producer's position (`tail`) are atomics on
/// separate cache lines (padded by 128 bytes against adjacent-line prefetch), as in LMAX's
/// padded sequences. Each side also keeps a cached copy of the other side's position on
/// its own line and reads the shared atomic only when the cache says the ring looks full
/// (producer) or empty (consumer), as Agrona's one-to-one ring buffer does. Positions grow
/// without bound (`Int`, 2^63 records) and are masked into the power-of-two buffer.
///
/// Memory ordering: the producer writes the record, then stores `tail` with release; the
/// consumer loads `tail` with acquire before reading the record, and stores `head` with
/// release after it; the producer loads `head` with acquire before reusing a slot.
///
/// - Complexity: ``push(_:)`` and ``pop()`` are O(1) and wait-free.
/// - Memory: the record buffer and the cached positions are allocated in `init` and freed
///   in `deinit`; the ring owns them. A class so that both threads can hold it; its stored
///   properties are all `let`, so accesses carry no exclusivity checks.
public final class SPSCRing<Element: BitwiseCopyable>: @unchecked Sendable {
    @usableFromInline let buffer: UnsafeMutablePointer<Element>
    @usableFromInline let mask: Int
    /// Producer-private cache of `head` at offset 0, consumer-private cache of `tail` at
    /// offset 32 (Int units: 256 bytes apart, each on its own cache lines).
    @usableFromInline let privateCaches: UnsafeMutableRawPointer

    @usableFromInline let padding0: (Int, Int, Int, Int, Int, Int, Int, Int,
                                     Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    /// The next position the consumer reads.
    @usableFromInline let head = Atomic<Int>(0)
    @usableFromInline let padding1: (Int, Int, Int, Int, Int, Int, Int, Int,
                                     Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    /// The next position the producer writes.
    @usableFromInline let tail = Atomic<Int>(0)
    @usableFromInline let padding2: (Int, Int, Int, Int, Int, Int, Int, Int,
                                     Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    /// The number of records the ring holds (a power of two).
    public let capacity: Int

    /// The minimum capacities a ring accepts.
    public static var capacityRange: ClosedRange<Int> { 1 ... 1 << 40 }

    /// A ring of at least `minimumCapacity` records (rounded up to a power of two, ≥ 2).
    ///
    /// - Throws: ``ConfigurationError/outOfRange(field:value:allowed:)``
    ///   (`"minimumCapacity"`) unless it is in ``capacityRange``.
    public init(minimumCapacity: Int) throws(ConfigurationError) {
        try ConfigurationError.check("minimumCapacity", minimumCapacity, in: SPSCRing.capacityRange)
        var size = 2
        while size < minimumCapacity { size <<= 1 }
        capacity = size
        mask = size - 1
        buffer = .allocate(capacity: size)
        privateCaches = .allocate(byteCount: 512, alignment: 128)
        privateCaches.initializeMemory(as: Int.self, repeating: 0, count: 64)
    }

    deinit {
        buffer.deallocate()
        privateCaches.deallocate()
    }

    @inlinable @inline(__always)
    var producerCachedHead: UnsafeMutablePointer<Int> {
        privateCaches.assumingMemoryBound(to: Int.self)
    }

    @inlinable @inline(__always)
    var consumerCachedTail: UnsafeMutablePointer<Int> {
        privateCaches.assumingMemoryBound(to: Int.self) + 32
    }

    /// Appends a record; returns false (and drops nothing) if the ring is full.
    /// Producer thread only.
    ///
    /// Not annotated `@_noAllocation` itself: an unspecialized generic body cannot be
    /// proven. Every concrete user (``MarketDataFeed``, the benchmark) calls it from an
    /// annotated function, where the specialized, inlined body is checked.
    @inlinable @inline(__always)
    public func push(_ element: Element) -> Bool {
        let position = tail.load(ordering: .relaxed)
        if position &- producerCachedHead.pointee >= capacity {
            producerCachedHead.pointee = head.load(ordering: .acquiring)
            if position &- producerCachedHead.pointee >= capacity { return false }
        }
        (buffer + (position & mask)).initialize(to: element)
        tail.store(position &+ 1, ordering: .releasing)
        return true
    }

    /// Removes the oldest record, or returns `nil` if the ring is empty.
    /// Consumer thread only. (Checked through its annotated concrete callers, as ``push(_:)``.)
    @inlinable @inline(__always)
    public func pop() -> Element? {
        let position = head.load(ordering: .relaxed)
        if position == consumerCachedTail.pointee {
            consumerCachedTail.pointee = tail.load(ordering: .acquiring)
            if position == consumerCachedTail.pointee { return nil }
        }
        let element = buffer[position & mask]
        head.store(position &+ 1, ordering: .releasing)
        return element
    }

    /// Moves up to `destination.count` waiting records, oldest first, into
    /// `destination` and returns how many it moved. One acquire load of the producer's
    /// position and one release store of the consumer's for the whole batch, so a
    /// consumer that drains in batches pays the cross-core traffic once per batch.
    /// Consumer thread only. (Checked through its annotated concrete callers.)
    @inlinable @inline(__always)
    public func pop(into destination: UnsafeMutableBufferPointer<Element>) -> Int {
        let position = head.load(ordering: .relaxed)
        var available = consumerCachedTail.pointee &- position
        if available < destination.count {
            // The cache cannot fill the batch: look at what the producer has published.
            consumerCachedTail.pointee = tail.load(ordering: .acquiring)
            available = consumerCachedTail.pointee &- position
            if available == 0 { return 0 }
        }
        let count = min(available, destination.count)
        for i in 0..<count {
            destination[i] = buffer[(position &+ i) & mask]
        }
        head.store(position &+ count, ordering: .releasing)
        return count
    }

    /// Records waiting to be popped (a snapshot; exact only when both sides are idle).
    public var count: Int {
        tail.load(ordering: .acquiring) &- head.load(ordering: .acquiring)
    }
}
