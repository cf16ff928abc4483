/// The margin picture of one account at the symbols' valuation prices (mark, else last
/// trade), as computed by ``RiskCore/accountMargin(_:)``. Money in units.
///
/// - Memory: 72 bytes, trivially copyable.
@frozen
public struct AccountMargin: Hashable, Sendable, BitwiseCopyable {
    /// Wallet balance (includes isolated margins, which are earmarks of it).
    public var balance: Int64
    /// Σ isolated margins of the account's isolated positions.
    public var isolatedMargin: Int64
    /// Σ unrealized PnL of all positions.
    public var unrealizedPnL: Int64
    /// Σ unrealized PnL of the cross positions.
    public var crossUnrealizedPnL: Int64
    /// Σ maintenance margin of all positions.
    public var maintenanceMargin: Int64
    /// Σ maintenance margin of the cross positions.
    public var crossMaintenanceMargin: Int64
    /// Initial margin in use: positions' margin plus money reserved for orders.
    public var initialMargin: Int64
    /// balance − reserved − positions' margin.
    public var available: Int64

    /// Wallet balance available to cross positions: balance − isolated margins.
    @inlinable public var crossWalletBalance: Int64 { balance &- isolatedMargin }
    /// balance + Σ unrealized PnL.
    @inlinable public var equity: Int64 { balance &+ unrealizedPnL }
    /// Equity of the cross part: cross wallet balance + cross unrealized PnL.
    @inlinable public var crossEquity: Int64 { crossWalletBalance &+ crossUnrealizedPnL }

    /// Cross maintenance margin / cross equity (0 without cross maintenance margin,
    /// +∞ when cross equity ≤ 0 and margin is needed). A classification ratio only:
    /// liquidation is decided by ``isLiquidatable``, exactly.
    @inlinable public var marginRatio: Double {
        if crossMaintenanceMargin == 0 { return 0 }
        if crossEquity <= 0 { return .infinity }
        return Double(crossMaintenanceMargin) / Double(crossEquity)
    }

    /// Cross equity below cross maintenance margin (REFERENCES.md, "Trigger"), exact.
    @inlinable public var isLiquidatable: Bool {
        crossMaintenanceMargin > 0 && crossEquity < crossMaintenanceMargin
    }

    @inlinable
    public init() {
        balance = 0; isolatedMargin = 0; unrealizedPnL = 0; crossUnrealizedPnL = 0
        maintenanceMargin = 0; crossMaintenanceMargin = 0; initialMargin = 0; available = 0
    }
}
