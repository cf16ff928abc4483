/// A caller-owned, preallocated buffer of ``ExecutionEvent`` records that the engine
/// appends to. The caller reads the events after each command and clears the buffer with
/// ``removeAll()`` (O(1)).
///
/// The buffer never grows. The ``MatchingEngine`` runs a command only if all the events it
/// can cause fit in the room left (``remainingCapacity``); otherwise it rejects the command
/// with `CAPACITY` and changes nothing, so a small buffer never loses a trade. Only when
/// the buffer is completely full can even that reject not be written: it is counted in
/// ``droppedCount`` (and ``overflowed`` turns true), and again nothing else happened.
/// ``append(_:)`` itself (for other writers) drops and counts what does not fit.
///
/// One command makes at most `2 + (resting orders it meets)` events, so a buffer of
/// `maxOrders + 2` entries, cleared after every command, never refuses one; smaller
/// buffers refuse only the commands that would meet more makers than they can report.
///
/// - Complexity: ``append(_:)`` is O(1).
/// - Memory: one allocation of `64 × capacity` bytes made in `init`, freed in `deinit`.
public struct EventBuffer: ~Copyable {
    @usableFromInline let storage: UnsafeMutablePointer<ExecutionEvent>
    /// The largest number of events the buffer holds.
    public let capacity: Int
    /// The number of events written since the last ``removeAll()``.
    @inlinable
    public var count: Int { @_noAllocation get { storedCount } }
    @usableFromInline var storedCount: Int
    /// Events that did not fit since the last ``removeAll()``.
    @inlinable
    public var droppedCount: Int { @_noAllocation get { storedDropped } }
    @usableFromInline var storedDropped: Int

    /// Allowed capacities (the upper bound is 256 GiB of events).
    public static let capacityRange = 1 ... 1 << 32

    /// A buffer for `capacity` events.
    ///
    /// - Throws: ``ConfigurationError/outOfRange(field:value:allowed:)`` (`"capacity"`)
    ///   unless `capacity` is in ``capacityRange``.
    public init(capacity: Int) throws(ConfigurationError) {
        try ConfigurationError.check("capacity", capacity, in: EventBuffer.capacityRange)
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
        storedCount = 0
        storedDropped = 0
    }

    deinit {
        storage.deallocate()
    }

    /// Appends an event, or counts it as dropped when the buffer is full.
    @inlinable @inline(__always) @_noAllocation
    public mutating func append(_ event: ExecutionEvent) {
        if storedCount < capacity {
            (storage + storedCount).initialize(to: event)
            storedCount &+= 1
        } else {
            storedDropped &+= 1
        }
    }

    /// Forgets every event. O(1).
    @inlinable @inline(__always) @_noAllocation
    public mutating func removeAll() {
        storedCount = 0
        storedDropped = 0
    }

    /// The number of events that still fit before the next ``removeAll()``.
    @inlinable public var remainingCapacity: Int { @_noAllocation get { capacity &- storedCount } }

    /// True if no event is in the buffer.
    @inlinable public var isEmpty: Bool { @_noAllocation get { storedCount == 0 } }

    /// True if events were dropped since the last ``removeAll()``.
    @inlinable public var overflowed: Bool { @_noAllocation get { storedDropped > 0 } }

    /// The event at `index` (< ``count``).
    ///
    /// - Precondition: `0 <= index < count` (an index, like `Array`'s subscript).
    @inlinable
    public subscript(index: Int) -> ExecutionEvent {
        precondition(UInt(bitPattern: index) < UInt(bitPattern: storedCount), "EventBuffer index out of range")
        return storage[index]
    }

    /// The events as a read-only buffer that must not outlive this buffer's next mutation.
    @inlinable
    public var events: UnsafeBufferPointer<ExecutionEvent> {
        UnsafeBufferPointer(start: storage, count: storedCount)
    }
}
