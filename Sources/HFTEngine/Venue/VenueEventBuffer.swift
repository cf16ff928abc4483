/// A caller-owned, preallocated buffer of ``VenueEvent`` records that ``Venue/apply(_:into:)``
/// appends to. The caller reads the events (and publishes them) and clears the buffer with
/// ``removeAll()`` (O(1)); it never grows.
///
/// A venue runs a command only if the buffer has at least the venue's per-command budget
/// of room left (``VenueConfiguration/eventBudget``); otherwise the command is refused with
/// one `commandRejected CAPACITY` event (or, in a completely full buffer, counted in
/// ``droppedCount``) and changes nothing. Make buffers with ``Venue/makeEventBuffer(commands:)``.
///
/// - Complexity: ``append(_:)`` is O(1).
/// - Memory: one allocation of `88 × capacity` bytes made in `init`, freed in `deinit`.
public struct VenueEventBuffer: ~Copyable {
    @usableFromInline let storage: UnsafeMutablePointer<VenueEvent>
    /// The largest number of events the buffer holds.
    public let capacity: Int
    @usableFromInline var storedCount: Int
    @usableFromInline var storedDropped: Int

    /// A buffer for `capacity` events.
    ///
    /// - Throws: ``ConfigurationError/outOfRange(field:value:allowed:)`` (`"capacity"`)
    ///   unless `capacity` is in ``EventBuffer/capacityRange``.
    public init(capacity: Int) throws(ConfigurationError) {
        try ConfigurationError.check("capacity", capacity, in: EventBuffer.capacityRange)
        self.capacity = capacity
        storage = .allocate(capacity: capacity)
        storedCount = 0
        storedDropped = 0
    }

    deinit { storage.deallocate() }

    /// The number of events written since the last ``removeAll()``.
    @inlinable public var count: Int { @_noAllocation get { storedCount } }
    /// Events that did not fit since the last ``removeAll()``.
    @inlinable public var droppedCount: Int { @_noAllocation get { storedDropped } }
    /// The number of events that still fit.
    @inlinable public var remainingCapacity: Int { @_noAllocation get { capacity &- storedCount } }

    /// Appends an event, or counts it as dropped when the buffer is full.
    @inlinable @inline(__always) @_noAllocation
    public mutating func append(_ event: VenueEvent) {
        if storedCount < capacity {
            (storage + storedCount).initialize(to: event)
            storedCount &+= 1
        } else {
            storedDropped &+= 1
        }
    }

    /// Stamps the events `start ..< count` with a command's sequence number and time.
    @inlinable @_noAllocation
    mutating func stamp(from start: Int, sequence: UInt64, timestamp: Int64) {
        var i = start
        while i < storedCount {
            storage[i].sequence = sequence
            storage[i].timestamp = timestamp
            i &+= 1
        }
    }

    /// Forgets every event. O(1).
    @inlinable @inline(__always) @_noAllocation
    public mutating func removeAll() {
        storedCount = 0
        storedDropped = 0
    }

    /// The event at `index` (< ``count``).
    @inlinable
    public subscript(index: Int) -> VenueEvent {
        precondition(UInt(bitPattern: index) < UInt(bitPattern: storedCount), "VenueEventBuffer index out of range")
        return storage[index]
    }

    /// The events as a read-only buffer that must not outlive this buffer's next mutation.
    @inlinable
    public var events: UnsafeBufferPointer<VenueEvent> { UnsafeBufferPointer(start: storage, count: storedCount) }
}
