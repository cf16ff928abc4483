/// In-place wrapping arithmetic on one element of a struct-of-arrays column.
///
/// `column.add(x, at: i)` is `column[i] &+= x`. The stores (``AccountStore``,
/// ``PositionStore``) use these instead of the compound operator because Swift 6.3's
/// ThreadSanitizer instrumentation of `store.column[i] &+= x` inside a mutating method of a
/// non-copyable store emits invalid LLVM IR ("Invalid bitcast") and the sanitizer build
/// cannot compile. A call on the (immutable) column pointer has no `inout` access to
/// instrument. In optimised builds both forms compile to the same single add.
extension UnsafeMutablePointer where Pointee: FixedWidthInteger {
    /// `self[index] &+= amount` (wrapping: callers have bounded `amount` already).
    @inlinable @inline(__always)
    func add(_ amount: Pointee, at index: Int) {
        self[index] = self[index] &+ amount
    }

    /// `self[index] &-= amount` (wrapping: callers have bounded `amount` already).
    @inlinable @inline(__always)
    func subtract(_ amount: Pointee, at index: Int) {
        self[index] = self[index] &- amount
    }
}
