/// A bounded first-in-first-out buffer: appending to a full ring drops the oldest element.
/// Elements are addressed oldest first (0 ..< count). The ledger keeps its retained
/// trades, fills, klines and funding records in these.
///
/// - Complexity: append, subscript O(1); ``partitionPoint(_:)`` O(log count).
/// - Memory: at most `capacity` elements, allocated as they arrive.
struct LedgerRing<Element> {
    private var storage: [Element] = []
    private var head = 0
    let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    var count: Int { storage.count }
    var isEmpty: Bool { storage.isEmpty }

    subscript(i: Int) -> Element {
        get { storage[physical(i)] }
        set { storage[physical(i)] = newValue }
    }

    subscript(safe i: Int) -> Element? { i >= 0 && i < count ? self[i] : nil }

    var last: Element? { storage.isEmpty ? nil : self[storage.count - 1] }

    @inline(__always)
    private func physical(_ i: Int) -> Int {
        let p = head + i
        return p >= storage.count ? p - storage.count : p
    }

    /// Appends `element`; returns the element it dropped, if the ring was full.
    @discardableResult
    mutating func append(_ element: Element) -> Element? {
        if storage.count < capacity {
            storage.append(element)
            return nil
        }
        let dropped = storage[head]
        storage[head] = element
        head += 1
        if head == storage.count { head = 0 }
        return dropped
    }

    /// The first index whose element satisfies `isAfter` (which must be false, then true,
    /// along the ring), or `count`.
    func partitionPoint(_ isAfter: (Element) -> Bool) -> Int {
        var low = 0, high = storage.count
        while low < high {
            let mid = (low + high) / 2
            if isAfter(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }

    /// Elements `range` oldest first.
    func elements(_ range: Range<Int>) -> [Element] { range.map { self[$0] } }
}
