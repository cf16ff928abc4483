import HFTEngine

// Walking the read model's values through the core's ``SnapshotBuffer`` in both
// directions: each helper saves its argument when the buffer saves and replaces it when the
// buffer loads, so that one `visit` function per type serves both and the two cannot
// disagree. Loading validates what it reads (enum raw values, flags, counts) and throws
// ``JournalError/corruptSnapshot``; nothing here traps on bad bytes.
//
// Containers are written in a deterministic order (dictionaries and sets by ascending key),
// so two ledgers with the same contents save the same bytes: the tests compare ledgers
// that way.
//
// - Complexity: O(bytes); O(n log n) for sorting the keys of a container when saving.
// - Memory: allocations are the buffer's growth and the loaded containers (snapshot code,
//   off the engine thread).

extension SnapshotBuffer {
    /// An `Int64` field.
    func int64(_ v: inout Int64) throws(JournalError) { try value(&v) }

    /// An `Int32` field.
    func int32(_ v: inout Int32) throws(JournalError) { try value(&v) }

    /// A `UInt64` field.
    func uint64(_ v: inout UInt64) throws(JournalError) { try value(&v) }

    /// An `Int` field, stored as `Int64`.
    func int(_ v: inout Int) throws(JournalError) {
        var wide = Int64(v)
        try value(&wide)
        v = Int(wide)
    }

    /// A `Bool` field, one byte 0 or 1.
    func flag(_ v: inout Bool) throws(JournalError) {
        var byte: UInt8 = v ? 1 : 0
        try value(&byte)
        guard byte <= 1 else { throw .corruptSnapshot }
        v = byte == 1
    }

    /// An enum with `UInt8` raw values; an unknown raw value is corrupt.
    func code<E: RawRepresentable>(_ v: inout E) throws(JournalError) where E.RawValue == UInt8 {
        var raw = v.rawValue
        try value(&raw)
        guard let decoded = E(rawValue: raw) else { throw .corruptSnapshot }
        v = decoded
    }

    /// An optional enum with `UInt8` raw values (a leading presence flag).
    func optionalCode<E: RawRepresentable>(_ v: inout E?, blank: E) throws(JournalError) where E.RawValue == UInt8 {
        var present = v != nil
        try flag(&present)
        var inner = v ?? blank
        if present { try code(&inner) }
        v = present ? inner : nil
    }

    /// A count: saves `count` and returns it, or loads one (at most `limit`).
    func listCount(_ count: Int, atMost limit: Int = 1 << 31) throws(JournalError) -> Int {
        if isLoading { return try readCount(atMost: limit) }
        append(Int64(count))
        return count
    }

    /// An array; `blank` is the starting value of each loaded element.
    func array<E>(_ list: inout [E], blank: E, _ visit: (inout E) throws(JournalError) -> Void) throws(JournalError) {
        let n = try listCount(list.count)
        if isLoading {
            var loaded: [E] = []
            loaded.reserveCapacity(min(n, 1 << 16))
            for _ in 0..<n {
                var e = blank
                try visit(&e)
                loaded.append(e)
            }
            list = loaded
        } else {
            for i in 0..<n { try visit(&list[i]) }
        }
    }

    /// A dictionary, saved by ascending key; a repeated key when loading is corrupt.
    func map<K: Hashable & Comparable, V>(_ d: inout [K: V], blankKey: K, blankValue: V,
                                          _ visit: (inout K, inout V) throws(JournalError) -> Void) throws(JournalError) {
        let n = try listCount(d.count)
        if isLoading {
            var loaded: [K: V] = [:]
            loaded.reserveCapacity(min(n, 1 << 16))
            for _ in 0..<n {
                var k = blankKey, v = blankValue
                try visit(&k, &v)
                guard loaded.updateValue(v, forKey: k) == nil else { throw .corruptSnapshot }
            }
            d = loaded
        } else {
            for key in d.keys.sorted() {
                var k = key, v = d[key]!
                try visit(&k, &v)
            }
        }
    }

    /// A set, saved in ascending order.
    func set<E: Hashable & Comparable>(_ s: inout Set<E>, blank: E, _ visit: (inout E) throws(JournalError) -> Void)
        throws(JournalError) {
        var list = isLoading ? [] : s.sorted()
        try array(&list, blank: blank, visit)
        if isLoading {
            s = Set(list)
            guard s.count == list.count else { throw .corruptSnapshot }
        }
    }

    /// A bounded ring, oldest first. Loading appends into `ring` (a new, empty ring of the
    /// current retention): a smaller retention keeps the newest elements.
    func ring<E>(_ ring: inout LedgerRing<E>, blank: E, _ visit: (inout E) throws(JournalError) -> Void) throws(JournalError) {
        var list = isLoading ? [] : ring.elements(0..<ring.count)
        try array(&list, blank: blank, visit)
        if isLoading { for e in list { ring.append(e) } }
    }
}
