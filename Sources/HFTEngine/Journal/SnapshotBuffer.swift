/// The byte stream of a snapshot. Each store's `visitSnapshot(_:)` saves or loads itself:
/// fixed parts are walked the same way in both directions with ``value(_:)`` and
/// ``check(_:)`` (so save and load cannot disagree on them); live entries (orders, levels,
/// accounts, positions, reservations) are written as counted lists with ``append(_:)``
/// and read back with ``read(_:)``, and the loading store rebuilds its pools, free lists
/// and indexes from them, validating every count and index (``JournalError/corruptSnapshot``).
///
/// What is saved is the live state, not the capacity: the size of a snapshot grows with
/// the resting orders, live levels, non-default accounts, positions and reservations.
/// Capacities are ``check(_:)``ed, so a snapshot only loads into an engine built with the
/// same configuration (``JournalError/incompatibleSnapshot``). Layout: `Docs/journal.md`.
///
/// - Complexity: O(bytes).
/// - Memory: when saving, a growing buffer owned by this object (a class: set-up and
///   snapshot code, never the per-command path); when loading, the bytes of the file.
public final class SnapshotBuffer {
    public private(set) var isLoading: Bool
    var storage: UnsafeMutableRawPointer
    var capacity: Int
    /// Bytes written (saving) or the end of the readable bytes (loading).
    public private(set) var count: Int
    /// The read position when loading.
    public private(set) var position = 0

    /// An empty buffer to save into.
    public init() {
        isLoading = false
        capacity = 1 << 20
        storage = .allocate(byteCount: capacity, alignment: 64)
        count = 0
    }

    /// A buffer that loads from a copy of `bytes`.
    public init(loading bytes: UnsafeRawBufferPointer) {
        isLoading = true
        capacity = max(bytes.count, 1)
        storage = .allocate(byteCount: capacity, alignment: 64)
        if let base = bytes.baseAddress { storage.copyMemory(from: base, byteCount: bytes.count) }
        count = bytes.count
    }

    deinit { storage.deallocate() }

    /// Empties the buffer for saving again (its memory is kept: a second snapshot of the
    /// same engine allocates nothing).
    public func startSaving() {
        isLoading = false
        count = 0
        position = 0
    }

    /// Turns a saved buffer into one that loads its own bytes from the start.
    public func startLoading() {
        isLoading = true
        position = 0
    }

    /// The saved bytes.
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage, count: count) }

    /// True when everything was read back.
    public var isAtEnd: Bool { position == count }

    func grow(to needed: Int) {
        var size = capacity
        while size < needed { size *= 2 }
        let bigger = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        bigger.copyMemory(from: storage, byteCount: count)
        storage.deallocate()
        storage = bigger
        capacity = size
    }

    /// Saves or loads `byteCount` raw bytes at `p`.
    public func raw(_ p: UnsafeMutableRawPointer, byteCount: Int) throws(JournalError) {
        guard byteCount >= 0 else { throw .corruptSnapshot }
        if isLoading {
            guard byteCount <= count - position else { throw .corruptSnapshot }
            p.copyMemory(from: storage + position, byteCount: byteCount)
            position += byteCount
        } else {
            if count + byteCount > capacity { grow(to: count + byteCount) }
            (storage + count).copyMemory(from: p, byteCount: byteCount)
            count += byteCount
        }
    }

    /// Saves or loads a column of `count` elements of a trivial type.
    public func column<T>(_ p: UnsafeMutablePointer<T>, count: Int) throws(JournalError) {
        precondition(_isPOD(T.self), "snapshot columns hold trivial values only")
        try raw(UnsafeMutableRawPointer(p), byteCount: count * MemoryLayout<T>.stride)
    }

    /// Saves or loads one trivial value.
    public func value<T>(_ v: inout T) throws(JournalError) {
        precondition(_isPOD(T.self), "snapshot values are trivial")
        let size = MemoryLayout<T>.size
        if isLoading {
            guard size <= count - position else { throw .corruptSnapshot }
            withUnsafeMutableBytes(of: &v) { $0.baseAddress!.copyMemory(from: storage + position, byteCount: size) }
            position += size
        } else {
            if count + size > capacity { grow(to: count + size) }
            withUnsafeBytes(of: &v) { (storage + count).copyMemory(from: $0.baseAddress!, byteCount: size) }
            count += size
        }
    }

    /// Appends one trivial value (saving only).
    public func append<T: BitwiseCopyable>(_ v: T) {
        precondition(!isLoading, "append while loading")
        var copy = v
        try! value(&copy)
    }

    /// Appends a placeholder `Int64` (saving only) and returns where it is, for
    /// ``patch(_:at:)`` once a count is known.
    public func appendPlaceholder() -> Int {
        let at = count
        append(Int64(0))
        return at
    }

    /// Overwrites the `Int64` written at `offset` by ``appendPlaceholder()``.
    public func patch(_ v: Int64, at offset: Int) {
        precondition(!isLoading && offset >= 0 && offset + 8 <= count, "patch outside the saved bytes")
        (storage + offset).storeBytes(of: v, as: Int64.self)
    }

    /// Reads one trivial value (loading only); ``JournalError/corruptSnapshot`` past the end.
    public func read<T: BitwiseCopyable>(_ type: T.Type) throws(JournalError) -> T {
        precondition(isLoading, "read while saving")
        let size = MemoryLayout<T>.size
        guard size <= count - position else { throw .corruptSnapshot }
        let v = (storage + position).loadUnaligned(as: T.self)
        position += size
        return v
    }

    /// Reads a count written with ``append(_:)`` as `Int64` and checks it is in `0 ... limit`.
    public func readCount(atMost limit: Int) throws(JournalError) -> Int {
        let n = try read(Int64.self)
        guard n >= 0 && n <= Int64(limit) else { throw .corruptSnapshot }
        return Int(n)
    }

    /// Saves a capacity or count that the loading engine must have too; when loading,
    /// throws ``JournalError/incompatibleSnapshot`` if it differs.
    public func check(_ expected: Int) throws(JournalError) {
        var v = Int64(expected)
        try value(&v)
        if isLoading && v != Int64(expected) { throw .incompatibleSnapshot }
    }

    /// Saves or loads a list of strings (each as ``string(_:)``).
    public func strings(_ list: inout [String]) throws(JournalError) {
        var n = Int64(list.count)
        try value(&n)
        guard n >= 0, n < 1 << 24 else { throw .corruptSnapshot }
        if isLoading { list = [] }
        for i in 0..<Int(n) {
            var text = isLoading ? "" : list[i]
            try string(&text)
            if isLoading { list.append(text) }
        }
    }

    /// Saves or loads one string (length-prefixed UTF-8; a length beyond the bytes left is
    /// ``JournalError/corruptSnapshot``).
    public func string(_ text: inout String) throws(JournalError) {
        var bytes = isLoading ? [] : Array(text.utf8)
        var length = Int64(bytes.count)
        try value(&length)
        guard length >= 0, !isLoading || length <= Int64(count - position) else { throw .corruptSnapshot }
        if isLoading { bytes = [UInt8](repeating: 0, count: Int(length)) }
        let failure: JournalError? = bytes.withUnsafeMutableBytes { p in
            guard let base = p.baseAddress else { return nil }
            do throws(JournalError) { try raw(base, byteCount: p.count) } catch { return error }
            return nil
        }
        if let failure { throw failure }
        if isLoading { text = String(decoding: bytes, as: UTF8.self) }
    }
}
