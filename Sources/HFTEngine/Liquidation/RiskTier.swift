/// The risk tier of an account (or of an isolated position), by its margin ratio
/// MR = maintenance margin / equity (REFERENCES.md, "Liquidation and deleveraging").
///
/// Tiers are for monitoring and for ordering work; liquidation itself is decided exactly
/// in integers (equity < maintenance margin), so ``liquidate`` is assigned by the exact
/// test, never by the `Double` ratio.
///
/// - Memory: one byte.
@frozen
public enum RiskTier: UInt8, Sendable, BitwiseCopyable, CaseIterable {
    /// MR below the warning threshold (default < 50%), or no maintenance margin at all.
    case safe = 0
    /// Warning ≤ MR < danger (default 50–70%).
    case warning
    /// Danger ≤ MR < critical (default 70–85%).
    case danger
    /// Critical ≤ MR and equity ≥ maintenance margin (default 85–100%).
    case critical
    /// Equity below maintenance margin (MR > 100%), or equity ≤ 0 with margin needed.
    case liquidate

    /// The number of tiers.
    public static let count = 5

    /// The tier's name as printed by the tools (`SAFE`, `WARNING`, ...).
    public var name: String {
        switch self {
        case .safe: "SAFE"
        case .warning: "WARNING"
        case .danger: "DANGER"
        case .critical: "CRITICAL"
        case .liquidate: "LIQUIDATE"
        }
    }
}

/// The margin-ratio thresholds that separate the ``RiskTier``s.
///
/// `warning ≤ danger ≤ critical ≤ 1`; the liquidate threshold is fixed at 100% and decided
/// exactly (equity < maintenance margin). Ratios are `Double`: classification only.
///
/// - Complexity: ``classify(maintenanceMargin:equity:)`` is O(1), branch-light.
/// - Memory: 24 bytes, trivially copyable.
@frozen
public struct RiskTierThresholds: Sendable, BitwiseCopyable, Hashable {
    public var warning: Double
    public var danger: Double
    public var critical: Double

    /// Thresholds as fractions (default 0.50, 0.70, 0.85). Invalid orders are clamped into
    /// `0 ≤ warning ≤ danger ≤ critical ≤ 1`.
    @inlinable
    public init(warning: Double = 0.50, danger: Double = 0.70, critical: Double = 0.85) {
        let w = min(max(warning.isNaN ? 0.5 : warning, 0), 1)
        let d = min(max(danger.isNaN ? 0.7 : danger, w), 1)
        let c = min(max(critical.isNaN ? 0.85 : critical, d), 1)
        self.warning = w
        self.danger = d
        self.critical = c
    }

    /// The tier of an account with `maintenanceMargin` and `equity` (money units).
    ///
    /// No maintenance margin: safe. Equity < maintenance margin (exact): liquidate.
    /// Otherwise MR = mm / equity compared with the thresholds as `mm ≥ t × equity`.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable @inline(__always)
    public func classify(maintenanceMargin mm: Int64, equity: Int64) -> RiskTier {
        switch tierIndex(maintenanceMargin: mm, equity: equity) {
        case 0: .safe
        case 1: .warning
        case 2: .danger
        case 3: .critical
        default: .liquidate
        }
    }

    /// ``classify(maintenanceMargin:equity:)`` as the tier's raw value 0 ... 4, computed
    /// without branches on the thresholds (the scan's inner loop).
    @inlinable @inline(__always)
    public func tierIndex(maintenanceMargin mm: Int64, equity: Int64) -> Int {
        if mm <= 0 { return 0 }
        if equity < mm { return 4 }
        let m = Double(mm), e = Double(equity)
        return (m >= warning * e ? 1 : 0) &+ (m >= danger * e ? 1 : 0) &+ (m >= critical * e ? 1 : 0)
    }
}
