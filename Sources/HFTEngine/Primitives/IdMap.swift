/// A fixed-capacity open-addressing hash map from `Int64` keys (order ids, account ids) to
/// `Int32` values (slot handles, ≥ 0).
///
/// Linear probing over one array of 16-byte entries (key and value side by side, so a
/// probe touches one cache line). The home slot is found by block-preserving Fibonacci
/// hashing (see ``home(_:)``) followed by a multiply-high range reduction, so the table
/// need not be a power of two and the load
/// factor is exactly what the configuration asks for. Deletion shifts later entries of the
/// probe run back (no tombstones), so lookups do not degrade however many inserts and
/// removals the map has seen. The hash is a fixed function of the key and the seed: the
/// map's layout is deterministic.
///
/// - Complexity: ``find(_:)``, ``insert(_:_:)`` and ``remove(_:)`` are O(1) expected at a
///   load factor below 1 (about 1.5 probes for a hit at 50% load, 5.5 at 90%).
/// - Memory: one allocation of `16 × tableSize` bytes (huge-page backed when large, see
///   ``LargeAllocation``) made in `init` and freed in `deinit`, owned by the map; nothing
///   is allocated afterwards.
public struct IdMap: ~Copyable {
    /// One table entry; `value < 0` marks an empty entry. `home` caches the key's home
    /// slot in what would otherwise be padding, so that deletion's backward shift compares
    /// integers instead of rehashing every entry of the run.
    @usableFromInline
    struct Entry {
        @usableFromInline var key: Int64
        @usableFromInline var value: Int32
        @usableFromInline var home: Int32

        @inlinable @inline(__always)
        init(key: Int64, value: Int32, home: Int32 = 0) {
            self.key = key
            self.value = value
            self.home = home
        }
    }

    /// Why an insert failed.
    public enum InsertError: Error, Hashable, Sendable {
        /// The map holds `capacity` entries already.
        case capacityExhausted
        /// The key is in the map already (its value is unchanged).
        case duplicateKey
        /// The value is negative (negative values mark empty entries).
        case negativeValue
    }

    @usableFromInline let entries: UnsafeMutablePointer<Entry>
    @usableFromInline let tableSize: Int
    @usableFromInline let seed: UInt64
    /// The number of keys in the map.
    public var count: Int { storedCount }
    @usableFromInline var storedCount: Int
    /// An upper bound of every entry's distance from its home slot (the largest distance
    /// any insert has placed an entry at since the last ``removeAll()``). Deletion's
    /// backward shift stops after this many entries: no entry further on can have its home
    /// at or before the hole.
    @usableFromInline var maxDisplacement: Int
    /// The largest number of keys the map accepts.
    public let capacity: Int

    /// A map for up to `capacity` keys whose table is `capacity / maxLoadFactor` entries.
    ///
    /// - Parameters:
    ///   - capacity: the largest number of keys (≥ 1).
    ///   - maxLoadFactor: the load at full capacity, in (0, 0.95]; 0.5 keeps probes short.
    ///   - seed: mixed into the hash, so that keys chosen to collide under one seed do not
    ///     collide under another. Any fixed value keeps the map deterministic.
    ///
    /// - Throws: ``ConfigurationError`` (`"maxLoadFactor"`) unless the load factor is in
    ///   ``loadFactorRange``; (`"capacity"`) unless `capacity` is ≥ 1 and its table
    ///   (`capacity / maxLoadFactor` entries) has at most `Int32.max` entries.
    public init(capacity: Int, maxLoadFactor: Double = 0.5, seed: UInt64 = 0) throws(ConfigurationError) {
        try IdMap.validate(capacity: capacity, maxLoadFactor: maxLoadFactor)
        self.init(validatedCapacity: capacity, maxLoadFactor: maxLoadFactor, seed: seed)
    }

    /// The load factors a map accepts: below 0.05 the table would waste 20× the memory,
    /// above 0.95 probe runs grow without bound.
    public static let loadFactorRange = 0.05 ... 0.95

    /// The largest capacity a map with `maxLoadFactor` accepts (its table must be
    /// addressable by `Int32`).
    public static func maxCapacity(maxLoadFactor: Double) -> Int {
        Int((Double(Int32.max) * min(max(maxLoadFactor, loadFactorRange.lowerBound), loadFactorRange.upperBound))
            .rounded(.down)) - 1
    }

    /// Throws what ``init(capacity:maxLoadFactor:seed:)`` would throw for these numbers.
    public static func validate(capacity: Int, maxLoadFactor: Double,
                                capacityField: String = "capacity",
                                loadFactorField: String = "maxLoadFactor") throws(ConfigurationError) {
        try ConfigurationError.check(loadFactorField, maxLoadFactor, in: loadFactorRange)
        try ConfigurationError.check(capacityField, capacity, in: 1 ... maxCapacity(maxLoadFactor: maxLoadFactor))
    }

    /// A map for numbers the caller has already checked with ``validate(capacity:maxLoadFactor:capacityField:loadFactorField:)``;
    /// anything else is a broken invariant of that caller and traps.
    @usableFromInline
    init(validatedCapacity capacity: Int, maxLoadFactor: Double, seed: UInt64) {
        precondition(capacity >= 1 && IdMap.loadFactorRange.contains(maxLoadFactor), "IdMap configuration not validated")
        self.capacity = capacity
        self.tableSize = max(capacity + 1, Int((Double(capacity) / maxLoadFactor).rounded(.up)))
        precondition(tableSize < Int(Int32.max), "IdMap configuration not validated")
        self.seed = seed
        self.storedCount = 0
        self.maxDisplacement = 0
        // One extra entry: an always-empty sentinel that `find` may read past the end.
        entries = LargeAllocation.allocate(Entry.self, capacity: tableSize + 1)
        entries.initialize(repeating: Entry(key: 0, value: -1), count: tableSize + 1)
    }

    deinit {
        entries.deallocate()
    }

    /// The home slot of `key`: block-preserving Fibonacci hashing.
    ///
    /// The key's high bits (its block of 16 consecutive values) are hashed to a base slot;
    /// the low 4 bits are added to it. Senders number their orders consecutively, so the
    /// 16 ids of a block live in 16 consecutive entries (four cache lines that the hardware
    /// prefetches together): a stream of new ids costs one cache miss per 16 orders instead
    /// of one per order, which is most of the cost of the engine's duplicate-id check in a
    /// large table. Random keys are spread exactly as uniformly as before (both parts are
    /// random), and blocks are scattered by the seeded hash as single keys were.
    @inlinable @inline(__always)
    func home(_ key: Int64) -> Int {
        let k = UInt64(bitPattern: key) ^ seed
        // Blocks of 16 keys (4 low bits): 16 entries are 256 bytes, four cache lines.
        let mixed = (k &>> 4) &* 0x9E37_79B9_7F4A_7C15
        let base = Int(truncatingIfNeeded: mixed.multipliedFullWidth(by: UInt64(tableSize)).high)
        let slot = base &+ Int(truncatingIfNeeded: k & 15)
        // Wraps past the end (rare: only within 15 entries of it, or in tables smaller
        // than a block).
        return slot < tableSize ? slot : slot % tableSize
    }

    @inlinable @inline(__always)
    func nextSlot(_ slot: Int) -> Int {
        let next = slot &+ 1
        return next == tableSize ? 0 : next
    }

    /// Starts loading the entries where `key` would be found, for a lookup soon after (a
    /// hint: it reads and changes nothing). See ``MatchingEngine/prefetchIndexEntry(of:)``.
    @inlinable @inline(__always) @_noAllocation
    public func prefetch(_ key: Int64) {
        prefetchForWrite(entries + home(key))
    }

    /// The value stored for `key`, or `nil`.
    ///
    /// The home slot and the one after it (usually the same cache line) are compared
    /// without branches first: at 50% load about 90% of hits end there, so the one branch
    /// taken is well predicted and independent lookups keep several cache misses in flight.
    /// Longer probe runs fall back to the loop. (`entries` has one empty sentinel after
    /// the table, so reading `home + 1` is always in bounds.)
    @inlinable @_noAllocation
    public func find(_ key: Int64) -> Int32? {
        let slot = home(key)
        let first = entries[slot]
        let second = entries[slot &+ 1]
        let inFirst = first.key == key && first.value >= 0
        let inSecond = second.key == key && second.value >= 0
        if inFirst || inSecond { return inFirst ? first.value : second.value }
        if first.value < 0 { return nil }
        return probe(key, from: nextSlot(slot))
    }

    /// The probe loop from `slot` on: the slow path of ``find(_:)``.
    @inlinable @_noAllocation
    func probe(_ key: Int64, from start: Int) -> Int32? {
        var slot = start
        while true {
            let entry = entries[slot]
            if entry.value < 0 { return nil }
            if entry.key == key { return entry.value }
            slot = nextSlot(slot)
        }
    }

    /// True if `key` is in the map.
    @inlinable @_noAllocation
    public func contains(_ key: Int64) -> Bool { find(key) != nil }

    /// Adds `key → value` (`value` ≥ 0).
    ///
    /// - Throws: ``InsertError/negativeValue`` for `value` < 0,
    ///   ``InsertError/duplicateKey`` if the key is present,
    ///   ``InsertError/capacityExhausted`` if the map is full; the map is unchanged then.
    @inlinable @_noAllocation
    public mutating func insert(_ key: Int64, _ value: Int32) throws(InsertError) {
        guard value >= 0 else { throw .negativeValue }
        var slot = home(key)
        while true {
            let entry = entries[slot]
            if entry.value < 0 { break }
            if entry.key == key { throw .duplicateKey }
            slot = nextSlot(slot)
        }
        guard storedCount < capacity else { throw .capacityExhausted }
        let homeSlot = home(key)
        entries[slot] = Entry(key: key, value: value, home: Int32(truncatingIfNeeded: homeSlot))
        storedCount &+= 1
        let displacement = slot >= homeSlot ? slot &- homeSlot : slot &+ tableSize &- homeSlot
        if displacement > maxDisplacement { maxDisplacement = displacement }
    }

    /// Replaces the value of a key that is present; returns false (and changes nothing) if
    /// it is absent or `value` is negative.
    @inlinable @_noAllocation
    public mutating func update(_ key: Int64, _ value: Int32) -> Bool {
        guard value >= 0 else { return false }
        var slot = home(key)
        while true {
            let entry = entries[slot]
            if entry.value < 0 { return false }
            if entry.key == key {
                entries[slot].value = value
                return true
            }
            slot = nextSlot(slot)
        }
    }

    /// Removes `key` and returns its value, or `nil` if it was absent.
    ///
    /// Later entries of the same probe run are shifted back into the hole (backward-shift
    /// deletion), so no tombstone is left behind.
    ///
    /// Always inlined: the matcher retires every filled maker through it, and inlined into
    /// that loop the table's base, size and seed stay in registers (measured under
    /// callgrind in `matching.sweep`: about 23 fewer of the 42 instructions per removal).
    @inlinable @inline(__always) @_noAllocation
    @discardableResult
    public mutating func remove(_ key: Int64) -> Int32? {
        var hole = home(key)
        while true {
            let entry = entries[hole]
            if entry.value < 0 { return nil }
            if entry.key == key { break }
            hole = nextSlot(hole)
        }
        let removed = entries[hole].value
        var slot = nextSlot(hole)
        var distance = 1  // from the hole to `slot`
        while distance <= maxDisplacement {
            let entry = entries[slot]
            if entry.value < 0 { break }
            // The entry at `slot` may move into the hole only if its home is not in the
            // cyclic range (hole, slot]: then the hole lies on its probe path.
            let entryHome = Int(entry.home)
            let homeAfterHole = hole <= slot
                ? (entryHome > hole && entryHome <= slot)
                : (entryHome > hole || entryHome <= slot)
            if !homeAfterHole {
                entries[hole] = entry
                hole = slot
                distance = 0
            }
            slot = nextSlot(slot)
            distance &+= 1
        }
        entries[hole] = Entry(key: 0, value: -1)
        storedCount &-= 1
        return removed
    }

    /// Removes every key.
    public mutating func removeAll() {
        entries.update(repeating: Entry(key: 0, value: -1), count: tableSize)
        storedCount = 0
        maxDisplacement = 0
    }

    /// Calls `body` with every key and value, in table order (deterministic for a given
    /// history of operations). For snapshots and checks, not for the hot path.
    public func forEach(_ body: (Int64, Int32) throws -> Void) rethrows {
        for slot in 0..<tableSize where entries[slot].value >= 0 {
            try body(entries[slot].key, entries[slot].value)
        }
    }

    /// Checks the map's internal invariants (every key reachable from its home slot, the
    /// count right); traps if one is broken. For tests.
    public func checkInvariants() {
        var seen = 0
        for slot in 0..<tableSize where entries[slot].value >= 0 {
            seen += 1
            var probe = home(entries[slot].key)
            while probe != slot {
                precondition(entries[probe].value >= 0, "IdMap: hole on a probe path")
                probe = nextSlot(probe)
            }
        }
        precondition(seen == count, "IdMap: count does not match the table")
    }
}
