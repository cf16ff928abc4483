/// A symbol's valuation inputs frozen for one scan: valuation price, money per tick·lot
/// and its bracket rows (owned by ``RiskCore``).
///
/// - Memory: 32 bytes, trivially copyable.
@frozen @usableFromInline
struct ScanSymbol: BitwiseCopyable {
    @usableFromInline var price: Int64
    @usableFromInline var moneyPerTickLot: Int64
    @usableFromInline var rows: UnsafePointer<MarginBracket>?
    @usableFromInline var count: Int
}

/// The raw column pointers one scan reads (all owned by ``RiskCore``'s stores, which
/// must not change while a scan runs) and the per-shard outputs it writes.
///
/// Workers receive a copy through the scanner's shared job record; everything they touch
/// is either read-only during the scan or owned by exactly one shard.
///
/// - Memory: a few pointers, trivially copyable.
@frozen @usableFromInline
struct ScanInputs: BitwiseCopyable {
    @usableFromInline var balances: UnsafeMutablePointer<Int64>
    @usableFromInline var firstPosition: UnsafeMutablePointer<Int32>
    @usableFromInline var symbolOf: UnsafeMutablePointer<Int32>
    @usableFromInline var size: UnsafeMutablePointer<Int64>
    @usableFromInline var cost: UnsafeMutablePointer<Int64>
    @usableFromInline var margin: UnsafeMutablePointer<Int64>
    @usableFromInline var mode: UnsafeMutablePointer<MarginMode>
    @usableFromInline var next: UnsafeMutablePointer<Int32>
    @usableFromInline var symbols: UnsafeMutablePointer<ScanSymbol>
    @usableFromInline var thresholds: RiskTierThresholds
    @usableFromInline var accountCount: Int
}

/// What one shard of a scan produced: tier counts and candidates, in account order.
///
/// - Memory: the candidate buffer (`capacity × 8` bytes) is owned by the scanner.
@frozen @usableFromInline
struct ScanShardOutput: BitwiseCopyable {
    @usableFromInline var tiers: (Int, Int, Int, Int, Int)
    @usableFromInline var candidates: UnsafeMutablePointer<LiquidationCandidate>
    @usableFromInline var capacity: Int
    @usableFromInline var count: Int
    @usableFromInline var dropped: Int
    /// Pads the record to its own cache lines (written by one worker each).
    @usableFromInline var pad: (Int, Int, Int, Int, Int, Int)
}

extension ScanInputs {
    /// Scans accounts `lo ..< hi` into `out` (tier counts and candidates, account order).
    ///
    /// Per account: cross equity = balance − isolated margins + Σ cross uPnL, cross MM =
    /// Σ cross maintenance margins (REFERENCES.md, "Margin"); an isolated position is a
    /// candidate when isolated margin + its uPnL < its maintenance margin.
    ///
    /// - Complexity: O(accounts in range + their positions).
    #if !DEBUG
    @_noAllocation
    #endif
    @usableFromInline
    func scan(lo: Int, hi: Int, out: UnsafeMutablePointer<ScanShardOutput>) {
        var t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0
        var count = 0, dropped = 0
        let capacity = out.pointee.capacity
        let candidates = out.pointee.candidates
        var a = lo
        while a < hi {
            var slot = Int(firstPosition[a])
            if slot < 0 { t0 &+= 1; a &+= 1; continue }
            var wallet = balances[a]
            var pnlSum: Int64 = 0
            var mmSum: Int64 = 0
            while slot >= 0 {
                let lots = size[slot]
                let isolated = mode[slot] == .isolated
                if lots != 0 || cost[slot] != 0 {
                    let sym = symbols + Int(symbolOf[slot])
                    let price = sym.pointee.price
                    let k = sym.pointee.moneyPerTickLot
                    var pnl: Int64 = 0
                    var notional: Int64
                    if price > 0 {
                        let (a1, o1) = lots.multipliedReportingOverflow(by: price)
                        let (a2, o2) = a1.multipliedReportingOverflow(by: k)
                        let (a3, o3) = a2.subtractingReportingOverflow(cost[slot])
                        if o1 || o2 || o3 {
                            let wide = Int128(lots) * Int128(price) * Int128(k)
                            pnl = Int64(clamping: wide - Int128(cost[slot]))
                            notional = Int64(clamping: wide.magnitude)
                        } else {
                            pnl = a3
                            notional = a2 < 0 ? 0 &- a2 : a2
                        }
                    } else {
                        notional = Int64(clamping: Int128(cost[slot]).magnitude)
                    }
                    let mm = BracketView(rows: sym.pointee.rows!, count: sym.pointee.count)
                        .maintenanceMargin(notional: Money(units: notional)).units
                    if isolated {
                        let m = margin[slot]
                        wallet &-= m
                        if m &+ pnl < mm {
                            if count < capacity {
                                candidates[count] = LiquidationCandidate(account: Int32(truncatingIfNeeded: a),
                                                                         symbol: symbolOf[slot])
                                count &+= 1
                            } else { dropped &+= 1 }
                        }
                    } else {
                        pnlSum &+= pnl
                        mmSum &+= mm
                    }
                } else if isolated {
                    wallet &-= margin[slot]
                }
                slot = Int(next[slot])
            }
            switch thresholds.classify(maintenanceMargin: mmSum, equity: wallet &+ pnlSum) {
            case .safe: t0 &+= 1
            case .warning: t1 &+= 1
            case .danger: t2 &+= 1
            case .critical: t3 &+= 1
            case .liquidate:
                t4 &+= 1
                if count < capacity {
                    candidates[count] = LiquidationCandidate(account: Int32(truncatingIfNeeded: a), symbol: -1)
                    count &+= 1
                } else { dropped &+= 1 }
            }
            a &+= 1
        }
        out.pointee.tiers = (t0, t1, t2, t3, t4)
        out.pointee.count = count
        out.pointee.dropped = dropped
    }
}
