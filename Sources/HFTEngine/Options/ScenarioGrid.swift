/// Why a scenario grid could not be evaluated.
public enum ScenarioGridError: Error, Sendable, Equatable {
    /// The PnL matrix has fewer than `spotShocks × volatilityShocks` cells.
    case matrixTooSmall
    /// A shock is not finite, or a spot shock is at or below −100 %.
    case invalidShock
}

/// A grid of market scenarios — relative spot shocks × absolute volatility shocks — and
/// the revaluation of an ``OptionPortfolio`` on it.
///
/// Scenario (i, j) moves every position's spot to S·(1 + spotShocks[i]) and every option's
/// volatility to max(σ + volatilityShocks[j], 1e-4), everything else fixed, and the cell
/// holds the portfolio's PnL: Σ quantity·(V' − V) over options plus Σ quantity·(S' − S)
/// over linear positions. Cells are stored row-major: `pnl[i * volatilityShocks.count + j]`.
///
/// - Complexity: O(cells × options / 8) vector evaluations (a 21 × 11 grid of 100 options
///   is 231 × 13 batched kernels).
/// - Memory: the grid owns its two shock columns (allocated in `init`, freed in `deinit`);
///   ``evaluate(_:into:)`` writes into the caller's matrix and allocates nothing.
public struct ScenarioGrid: ~Copyable {
    @usableFromInline let shocks: UnsafeMutablePointer<Double>
    /// The number of spot shocks (rows).
    public let spotCount: Int
    /// The number of volatility shocks (columns).
    public let volatilityCount: Int

    /// A grid of the given shocks (copied).
    public init(spotShocks: [Double], volatilityShocks: [Double]) {
        spotCount = spotShocks.count
        volatilityCount = volatilityShocks.count
        shocks = .allocate(capacity: max(1, spotCount + volatilityCount))
        for (i, v) in spotShocks.enumerated() { shocks[i] = v }
        for (j, v) in volatilityShocks.enumerated() { shocks[spotCount + j] = v }
    }

    /// The customary 21 × 11 grid: spot −20 % … +20 % in steps of 2 %, volatility
    /// −0.10 … +0.10 in steps of 0.02.
    public static func standard() -> ScenarioGrid {
        ScenarioGrid(spotShocks: (0...20).map { Double($0 - 10) * 0.02 },
                     volatilityShocks: (0...10).map { Double($0 - 5) * 0.02 })
    }

    deinit { shocks.deallocate() }

    @inlinable @inline(__always) @_noAllocation
    static func load(_ row: UnsafeMutablePointer<Double>, _ column: Int, _ stride: Int) -> SIMD8<Double> {
        UnsafeRawPointer(row + column * stride).loadUnaligned(as: SIMD8<Double>.self)
    }

    /// Cells in the grid.
    public var cellCount: Int { spotCount * volatilityCount }

    /// Writes the PnL of `portfolio` in every scenario into `pnl` (row-major, spot shocks
    /// by rows).
    ///
    /// - Throws: ``ScenarioGridError/matrixTooSmall``, ``ScenarioGridError/invalidShock``.
    @_noAllocation
    public func evaluate(_ portfolio: borrowing OptionPortfolio,
                         into pnl: UnsafeMutableBufferPointer<Double>) throws(ScenarioGridError) {
        let rows = spotCount
        let columns = volatilityCount
        guard pnl.count >= rows * columns else { throw .matrixTooSmall }
        for k in 0..<(rows + columns) {
            guard shocks[k].isFinite && (k >= rows || shocks[k] > -1) else { throw .invalidShock }
        }
        let optionCount = portfolio.optionCount
        let linearCount = portfolio.linearCount
        let stride = portfolio.stride
        let base = portfolio.storage
        let linearQuantity = base + 9 * stride
        let linearSpot = linearQuantity + max(1, portfolio.linearCapacity)
        for i in 0..<rows {
            let spotFactor = 1 + shocks[i]
            var linear = 0.0
            for k in 0..<linearCount {
                linear += linearQuantity[k] * linearSpot[k] * shocks[i]
            }
            for j in 0..<columns {
                let volShift = SIMD8<Double>(repeating: shocks[rows + j])
                var total = SIMD8<Double>()
                var p = 0
                while p < optionCount {
                    let row = base + p
                    let shifted = Self.load(row, 6, stride) + volShift
                    let vol = shifted.replacing(with: 1e-4, where: .!(shifted .> 1e-4))
                    let g = BlackScholes.lanes(
                        sign: Self.load(row, 0, stride), spot: Self.load(row, 1, stride) * spotFactor,
                        strike: Self.load(row, 2, stride), expiry: Self.load(row, 3, stride),
                        rate: Self.load(row, 4, stride), dividendYield: Self.load(row, 5, stride), volatility: vol)
                    total = total.addingProduct(Self.load(row, 7, stride), g.price - Self.load(row, 8, stride))
                    p += 8
                }
                pnl[i * columns + j] = total.sum() + linear
            }
        }
    }
}
