/// Integer division with a stated rounding direction, fast where the operands allow.
///
/// Money, margin and prices derived from money are divided with an explicit direction
/// (floor, ceiling, toward zero) chosen by the caller so that every rounding is in a
/// documented party's favour. 64-bit operands use one hardware division (or a multiply
/// when the divisor is the constant 10^8); 128-bit operands first take a `Double` quotient
/// as a *guess* and then correct it with exact integer multiplication, so the result is
/// always the exact rounded quotient and the slow 128-bit division routine runs only when
/// the quotient is too large for the guess to be within a few units (|q| > 2^50).
///
/// These helpers are `@inline(__always)`-style building blocks; they are checked for
/// allocation through their annotated callers (release builds inline them).
///
/// - Complexity: O(1). Memory: none.
public enum ExactDivision {
    /// ⌊n / d⌋ for `d > 0`.
    @inlinable @inline(__always)
    public static func floor(_ n: Int64, _ d: Int64) -> Int64 {
        let q = n / d
        return (n % d != 0 && n < 0) ? q &- 1 : q
    }

    /// ⌈n / d⌉ for `d > 0`.
    @inlinable @inline(__always)
    public static func ceiling(_ n: Int64, _ d: Int64) -> Int64 {
        let q = n / d
        return (n % d != 0 && n > 0) ? q &+ 1 : q
    }

    /// ⌊n / 10^8⌋ (the compiler turns the constant division into a multiply).
    @inlinable @inline(__always)
    public static func floorE8(_ n: Int64) -> Int64 {
        let q = n / Rate.one
        return (n &- q &* Rate.one) < 0 ? q &- 1 : q
    }

    /// ⌈n / 10^8⌉.
    @inlinable @inline(__always)
    public static func ceilingE8(_ n: Int64) -> Int64 {
        let q = n / Rate.one
        return (n &- q &* Rate.one) > 0 ? q &+ 1 : q
    }

    /// `n` as `Int64` if it fits exactly.
    @inlinable @inline(__always)
    public static func narrow(_ n: Int128) -> Int64? {
        let low = Int64(truncatingIfNeeded: n)
        return Int128(low) == n ? low : nil
    }

    /// `n` as the nearest-ish `Double` (used only as a first guess that is then corrected).
    @inlinable @inline(__always)
    static func approximate(_ n: Int128) -> Double {
        Double(Int64(truncatingIfNeeded: n >> 64)) * 0x1p64 + Double(UInt64(truncatingIfNeeded: n))
    }

    /// ⌊n / d⌋ for `d > 0`, 128-bit.
    @inlinable
    public static func floor(_ n: Int128, _ d: Int128) -> Int128 {
        if let n64 = narrow(n), let d64 = narrow(d) {
            return Int128(floor(n64, d64))
        }
        let guess = approximate(n) / approximate(d)
        if guess.magnitude < 0x1p50 {
            var q = Int128(Int64(guess))
            var r = n &- q &* d
            while r < 0 { q &-= 1; r &+= d }
            while r >= d { q &+= 1; r &-= d }
            return q
        }
        let (q, r) = n.quotientAndRemainder(dividingBy: d)
        return r < 0 ? q - 1 : q
    }

    /// ⌈n / d⌉ for `d > 0`, 128-bit.
    @inlinable
    public static func ceiling(_ n: Int128, _ d: Int128) -> Int128 {
        0 &- floor(0 &- n, d)
    }

    /// n / d rounded toward zero, `d > 0`, 128-bit.
    @inlinable
    public static func towardZero(_ n: Int128, _ d: Int128) -> Int128 {
        n >= 0 ? floor(n, d) : ceiling(n, d)
    }

    /// n / d rounded to the nearest integer, halves away from zero, `d > 0`.
    @inlinable
    public static func nearest(_ n: Int128, _ d: Int128) -> Int128 {
        n >= 0 ? floor(n &* 2 &+ d, d &* 2) : 0 &- floor((0 &- n) &* 2 &+ d, d &* 2)
    }

    /// ⌈n / 10^8⌉ for any 128-bit `n`.
    @inlinable @inline(__always)
    public static func ceilingE8(_ n: Int128) -> Int128 {
        if let n64 = narrow(n) { return Int128(ceilingE8(n64)) }
        return ceiling(n, Int128(Rate.one))
    }

    /// ⌊n / 10^8⌋ for any 128-bit `n`.
    @inlinable @inline(__always)
    public static func floorE8(_ n: Int128) -> Int128 {
        if let n64 = narrow(n) { return Int128(floorE8(n64)) }
        return floor(n, Int128(Rate.one))
    }
}
