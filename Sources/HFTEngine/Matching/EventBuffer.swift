/// A caller-owned, preallocated buffer of ``ExecutionEvent`` records that the engine
/// appends to. The caller reads the events after each command and clears the buffer with
/// ``removeAll()`` (O(1)).
///
/// The buffer never grows. If a command produces more events than fit, the extra events
/// are counted in ``droppedCount`` (and ``overflowed`` turns true) instead of written: size
/// the buffer for the worst case of the commands you send. One command makes at most
/// `3 + 2 × (resting orders it can meet)` events, so `2 × orderCapacity + 3` never
/// overflows.
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

    /// A buffer for `capacity` events (≥ 1).
    public init(capacity: Int) {
        precondition(capacity >= 1, "EventBuffer capacity must be positive")
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

    /// True if no event is in the buffer.
    @inlinable public var isEmpty: Bool { @_noAllocation get { storedCount == 0 } }

    /// True if events were dropped since the last ``removeAll()``.
    @inlinable public var overflowed: Bool { @_noAllocation get { storedDropped > 0 } }

    /// The event at `index` (< ``count``).
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
