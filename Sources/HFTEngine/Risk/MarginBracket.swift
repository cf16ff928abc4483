/// One maintenance-margin tier of a symbol: positions whose notional is in
/// `[floor, notionalCap)` need `notional × maintenanceRate − cumulativeAmount` of
/// maintenance margin and may use at most `maxLeverage`.
///
/// The cumulative amount is kept ×10^8 (`cumulativeE8`) so that it is exact for any rate
/// with 8 decimals: cum_n = floor_n × (MMR_n − MMR_{n−1}) + cum_{n−1} (REFERENCES.md,
/// "Maintenance margin with brackets"; Binance's example 250,000 × (1% − 0.5%) + 50 = 1,300).
///
/// - Complexity: O(1). Memory: 48 bytes, trivially copyable.
@frozen
public struct MarginBracket: Hashable, Sendable, BitwiseCopyable {
    /// The exclusive upper bound of the notional in this bracket, in money units.
    public var notionalCap: Money
    /// The maintenance margin rate (MMR).
    public var maintenanceRate: Rate
    /// The largest leverage allowed for a position of this notional.
    public var maxLeverage: Int64
    /// The cumulative amount × 10^8, in money units (so `cumulativeE8 / 10^8` is "cum").
    public var cumulativeE8: Int128

    @inlinable
    public init(notionalCap: Money, maintenanceRate: Rate, maxLeverage: Int64, cumulativeE8: Int128 = 0) {
        self.notionalCap = notionalCap
        self.maintenanceRate = maintenanceRate
        self.maxLeverage = maxLeverage
        self.cumulativeE8 = cumulativeE8
    }
}

/// Why a bracket list was refused.
public enum BracketError: Error, Hashable, Sendable {
    /// No brackets, or more than ``BracketTable/maxCount``.
    case badCount
    /// Caps must increase strictly and be positive.
    case capsNotIncreasing
    /// Rates must not decrease and must lie in [0, 1).
    case badRate
    /// Leverage must be ≥ 1.
    case badLeverage
}

/// A symbol's maintenance-margin brackets, in increasing order of notional cap, with the
/// cumulative amounts derived as in REFERENCES.md.
///
/// Kept inline (no heap) so that it can sit in a symbol's configuration record.
///
/// - Complexity: ``bracketIndex(for:)`` is O(brackets) ≤ O(16), a short forward scan over
///   one or two cache lines. Memory: `16 × 48 + 8` bytes inline.
@frozen
public struct BracketTable: Sendable {
    /// The most brackets a symbol may have.
    public static let maxCount = 16

    @usableFromInline var storage: InlineArray<16, MarginBracket>
    /// The number of brackets (1 ... ``maxCount``).
    public let count: Int

    /// A table from `(notionalCap, maintenanceRate, maxLeverage)` rows in increasing order of
    /// cap; the cumulative amounts are derived (given ones are ignored).
    public init(_ rows: [MarginBracket]) throws(BracketError) {
        guard !rows.isEmpty && rows.count <= BracketTable.maxCount else { throw .badCount }
        var given = InlineArray<16, MarginBracket>(repeating: MarginBracket(
            notionalCap: .zero, maintenanceRate: .zero, maxLeverage: 1))
        for (i, row) in rows.enumerated() { given[i] = row }
        try self.init(rows: given, count: rows.count)
    }

    /// A table from the first `count` of `rows` (same rules as ``init(_:)``), without
    /// allocating: the form the venue uses when a command sets a symbol's brackets.
    #if !DEBUG
    @_noAllocation
    #endif
    public init(rows: InlineArray<16, MarginBracket>, count: Int) throws(BracketError) {
        guard count >= 1 && count <= BracketTable.maxCount else { throw .badCount }
        var storage = InlineArray<16, MarginBracket>(repeating: MarginBracket(
            notionalCap: .zero, maintenanceRate: .zero, maxLeverage: 1))
        var previousCap: Int64 = 0
        var previousRate: Int64 = 0
        var cumulative: Int128 = 0
        var i = 0
        while i < count {
            let row = rows[i]
            guard row.notionalCap.units > previousCap else { throw .capsNotIncreasing }
            guard row.maintenanceRate.e8 >= previousRate && row.maintenanceRate.e8 < Rate.one
            else { throw .badRate }
            guard row.maxLeverage >= 1 && row.maxLeverage <= 10_000 else { throw .badLeverage }
            // cum_n = floor_n × (MMR_n − MMR_{n−1}) + cum_{n−1}, floor_n = cap_{n−1}.
            cumulative += Int128(previousCap) * Int128(row.maintenanceRate.e8 - previousRate)
            storage[i] = MarginBracket(notionalCap: row.notionalCap, maintenanceRate: row.maintenanceRate,
                                       maxLeverage: row.maxLeverage, cumulativeE8: cumulative)
            previousCap = row.notionalCap.units
            previousRate = row.maintenanceRate.e8
            i &+= 1
        }
        self.storage = storage
        self.count = count
    }

    /// A single bracket with no notional limit that a symbol gets when none is configured:
    /// `maintenanceRate` at any notional below 2^62, at most `maxLeverage`.
    public static func single(maintenanceRate: Rate, maxLeverage: Int64) -> BracketTable {
        // The values are valid by construction.
        (try? BracketTable([MarginBracket(notionalCap: Money(units: 1 << 62), maintenanceRate: maintenanceRate,
                                          maxLeverage: max(1, maxLeverage))]))!
    }

    /// Bracket `i` (0 ..< count).
    public subscript(i: Int) -> MarginBracket {
        precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "bracket index out of range")
        return storage[i]
    }

    /// Runs `body` with a view of the rows (set-up and tests; the engine keeps its own copy
    /// of the rows and uses ``BracketView`` on the hot path).
    public func withView<R>(_ body: (BracketView) -> R) -> R {
        var copy = storage
        return withUnsafeMutablePointer(to: &copy) { p in
            p.withMemoryRebound(to: MarginBracket.self, capacity: BracketTable.maxCount) {
                body(BracketView(rows: UnsafePointer($0), count: count))
            }
        }
    }

    /// See ``BracketView/bracketIndex(for:)``.
    public func bracketIndex(for notional: Money) -> Int { withView { $0.bracketIndex(for: notional) } }
    /// See ``BracketView/maxLeverage(at:)``.
    public func maxLeverage(at notional: Money) -> Int64 { withView { $0.maxLeverage(at: notional) } }
    /// See ``BracketView/maintenanceMargin(notional:)``.
    public func maintenanceMargin(notional: Money) -> Money { withView { $0.maintenanceMargin(notional: notional) } }
}

/// A borrowed view of a symbol's bracket rows, for the hot path: a pointer and a count,
/// so that no bracket row is ever copied. The rows are owned by ``RiskCore``.
///
/// - Complexity: lookups are O(brackets) ≤ O(16) over 1–12 cache lines.
/// - Memory: 16 bytes; the rows must outlive the view.
@frozen
public struct BracketView: BitwiseCopyable {
    public let rows: UnsafePointer<MarginBracket>
    public let count: Int

    @inlinable @inline(__always)
    public init(rows: UnsafePointer<MarginBracket>, count: Int) {
        self.rows = rows
        self.count = count
    }

    /// Bracket `i` (0 ..< count).
    @inlinable @inline(__always)
    public subscript(i: Int) -> MarginBracket {
        precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "bracket index out of range")
        return rows[i]
    }

    /// The index of the bracket that a position of `notional` (≥ 0) falls in, or `count`
    /// when it is at or above the last cap (such a position may not be opened).
    ///
    /// A forward scan that stops at the first cap above `notional`: positions sit mostly in
    /// the first few brackets, so it usually reads one or two rows (measured faster than a
    /// branch-free count over all rows with Binance's ten BTCUSDT brackets).
    @inlinable @inline(__always)
    public func bracketIndex(for notional: Money) -> Int {
        var i = 0
        while i < count && notional.units >= rows[i].notionalCap.units { i &+= 1 }
        return i
    }

    /// The bracket used for margin at `notional`: its own, or the last one above all caps.
    @inlinable @inline(__always)
    public func marginBracket(for notional: Money) -> MarginBracket {
        rows[min(bracketIndex(for: notional), count &- 1)]
    }

    /// The largest leverage allowed at `notional`, or 0 when it is above every cap.
    @inlinable @inline(__always)
    public func maxLeverage(at notional: Money) -> Int64 {
        let i = bracketIndex(for: notional)
        return i < count ? rows[i].maxLeverage : 0
    }

    /// Maintenance margin of a position of absolute `notional`:
    /// ⌈(notional × MMR − cum) / 10^8⌉ (REFERENCES.md), rounded up (against the trader).
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable @inline(__always)
    public func maintenanceMargin(notional: Money) -> Money {
        let b = rows + min(bracketIndex(for: notional), count &- 1)
        let rate = b.pointee.maintenanceRate.e8
        let (p, o) = notional.units.multipliedReportingOverflow(by: rate)
        if !o, let cum = ExactDivision.narrow(b.pointee.cumulativeE8) {
            let (d, o2) = p.subtractingReportingOverflow(cum)
            if !o2 { return Money(units: ExactDivision.ceilingE8(d)) }
        }
        let wide = Int128(notional.units) * Int128(rate) - b.pointee.cumulativeE8
        return Money(units: Int64(clamping: ExactDivision.ceilingE8(wide)))
    }
}
