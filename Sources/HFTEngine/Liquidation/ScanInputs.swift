/// A symbol's valuation inputs frozen for one scan: valuation price, money per tick·lot
/// and its bracket rows (owned by ``RiskCore``), with the constants of the fast path:
/// `priceK = price × k`, the largest |size| whose notional fits 64 bits, and the first
/// bracket's rate and the notional below which `notional × MMR` fits 64 bits.
///
/// - Memory: 64 bytes, trivially copyable.
@frozen @usableFromInline
struct ScanSymbol: BitwiseCopyable {
    @usableFromInline var price: Int64
    @usableFromInline var moneyPerTickLot: Int64
    @usableFromInline var rows: UnsafePointer<MarginBracket>?
    @usableFromInline var count: Int
    @usableFromInline var priceK: Int64 = 0
    @usableFromInline var fastLots: Int64 = -1
    @usableFromInline var fastCap: Int64 = 0
    @usableFromInline var fastRate: Int64 = 0

    @usableFromInline
    init(price: Int64, moneyPerTickLot: Int64, rows: UnsafePointer<MarginBracket>?, count: Int) {
        self.price = price
        self.moneyPerTickLot = moneyPerTickLot
        self.rows = rows
        self.count = count
        let (pk, overflow) = price.multipliedReportingOverflow(by: moneyPerTickLot)
        if price > 0 && !overflow, let rows, count > 0, rows[0].cumulativeE8 == 0 {
            priceK = pk
            fastLots = (Int64.max / 2) / pk
            fastRate = rows[0].maintenanceRate.e8
            fastCap = fastRate > 0 ? min(rows[0].notionalCap.units, Int64.max / fastRate) : rows[0].notionalCap.units
        }
    }
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
    /// 0: one account-major pass; 1: position-major accumulation; 2: account classification.
    @usableFromInline var phase: Int = 0
    /// Position-major passes: the owner column, each symbol's slot count, segment size.
    @usableFromInline var accountOf: UnsafeMutablePointer<Int32>? = nil
    @usableFromInline var counts: UnsafeMutablePointer<Int>? = nil
    @usableFromInline var perSymbol: Int = 0
    @usableFromInline var symbolCount: Int = 0
    /// Accumulator sets (one per phase-1 unit), each `accountStride` entries long.
    /// Per set: Σ (cross uPnL − isolated margin) and Σ cross maintenance margin per account.
    @usableFromInline var accEquity: UnsafeMutablePointer<Int64>? = nil
    @usableFromInline var accMM: UnsafeMutablePointer<Int64>? = nil
    /// Per set: the isolated candidates phase 1 found (``isolatedOutputs`` + set).
    @usableFromInline var isolatedOutputs: UnsafeMutablePointer<ScanShardOutput>? = nil
    @usableFromInline var sets: Int = 0
    @usableFromInline var accountStride: Int = 0
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
    /// ⌈n / 10^8⌉ for 0 ≤ n < 2^63, in unsigned arithmetic (one multiply-high and a shift;
    /// the signed form needs a sign fix-up on the scan's critical path).
    @inlinable @inline(__always)
    static func ceilingE8(_ n: Int64) -> Int64 {
        Int64(bitPattern: (UInt64(bitPattern: n) &+ 99_999_999) / 100_000_000)
    }

    /// Maintenance margin of `notional` in its bracket, ⌈(notional × MMR − cum) / 10^8⌉
    /// (REFERENCES.md), the same value as ``BracketView/maintenanceMargin(notional:)``,
    /// written out here so that it inlines into the scan loop.
    @inlinable @inline(__always)
    static func bracketMaintenance(_ notional: Int64, _ rows: UnsafePointer<MarginBracket>, _ count: Int) -> Int64 {
        var i = 0
        while i < count &- 1 && notional >= rows[i].notionalCap.units { i &+= 1 }
        let rate = rows[i].maintenanceRate.e8
        let cum = rows[i].cumulativeE8
        let (p, o) = notional.multipliedReportingOverflow(by: rate)
        let cumLow = Int64(truncatingIfNeeded: cum)
        if !o && Int128(cumLow) == cum {
            let (d, o2) = p.subtractingReportingOverflow(cumLow)
            if !o2 { return d >= 0 ? ceilingE8(d) : ExactDivision.ceilingE8(d) }
        }
        return Int64(clamping: ExactDivision.ceilingE8(Int128(notional) * Int128(rate) - cum))
    }

    /// uPnL and maintenance margin with 128-bit products (large positions, no price).
    #if !DEBUG
    @_noAllocation
    #endif
    @usableFromInline @inline(never)
    static func slowValuation(lots: Int64, cost: Int64, symbol sym: UnsafeMutablePointer<ScanSymbol>) -> (Int64, Int64) {
        let price = sym.pointee.price
        var pnl: Int64 = 0
        var notional: Int64
        if price > 0 {
            // Saturating classification values; 128-bit overflow only with three factors near 2^63.
            if let wide = RiskCore.wideProduct(lots, price, sym.pointee.moneyPerTickLot) {
                pnl = Int64(clamping: wide - Int128(cost))
                notional = Int64(clamping: wide.magnitude)
            } else {
                pnl = lots > 0 ? Int64.max : Int64.min
                notional = Int64.max
            }
        } else {
            notional = Int64(clamping: Int128(cost).magnitude)
        }
        let mm = BracketView(rows: sym.pointee.rows!, count: sym.pointee.count)
            .maintenanceMargin(notional: Money(units: notional)).units
        return (pnl, mm)
    }

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
                    var pnl: Int64
                    var mm: Int64
                    let magnitude = lots < 0 ? 0 &- lots : lots
                    if magnitude <= sym.pointee.fastLots {
                        // Fast path: notional fits 64 bits and lies in the first bracket
                        // (cum 0): MM = ⌈notional × MMR₀ / 10^8⌉ (REFERENCES.md).
                        let value = lots &* sym.pointee.priceK
                        pnl = value &- cost[slot]
                        let notional = value < 0 ? 0 &- value : value
                        if notional < sym.pointee.fastCap {
                            mm = Self.ceilingE8(notional &* sym.pointee.fastRate)
                        } else {
                            mm = Self.bracketMaintenance(notional, sym.pointee.rows!, sym.pointee.count)
                        }
                    } else {
                        (pnl, mm) = Self.slowValuation(lots: lots, cost: cost[slot], symbol: sym)
                    }
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
            let tier = thresholds.tierIndex(maintenanceMargin: mmSum, equity: wallet &+ pnlSum)
            t0 &+= tier == 0 ? 1 : 0
            t1 &+= tier == 1 ? 1 : 0
            t2 &+= tier == 2 ? 1 : 0
            t3 &+= tier == 3 ? 1 : 0
            if tier == 4 {
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

extension ScanInputs {
    /// Phase 1 of the position-major scan, unit `u` of ``sets``: for each symbol, the
    /// `u`-th part of its segment — contiguous position columns, read in order — adds each
    /// user position's uPnL and maintenance margin to its account in accumulator set `u`
    /// (cross), or subtracts its isolated margin, listing an isolated position below
    /// maintenance margin as a candidate of set `u`. Each set is written by one unit only.
    ///
    /// - Complexity: O(positions / sets).
    #if !DEBUG
    @_noAllocation
    #endif
    @usableFromInline
    func accumulate(unit u: Int) {
        let equityAcc = accEquity! + u &* accountStride
        let mmAcc = accMM! + u &* accountStride
        let owners = accountOf!
        let isolatedOut = isolatedOutputs! + u
        let capacity = isolatedOut.pointee.capacity
        let found = isolatedOut.pointee.candidates
        var count = 0, dropped = 0
        var s = 0
        while s < symbolCount {
            let sym = symbols + s
            if sym.pointee.rows == nil { s &+= 1; continue }
            let n = counts![s]
            let start = s &* perSymbol
            var slot = start &+ n &* u / sets
            let end = start &+ n &* (u &+ 1) / sets
            while slot < end {
                let a = Int(owners[slot])
                if a < accountCount {
                    let lots = size[slot]
                    let isolated = mode[slot] == .isolated
                    if lots != 0 || cost[slot] != 0 {
                        var pnl: Int64
                        var mm: Int64
                        let magnitude = lots < 0 ? 0 &- lots : lots
                        if magnitude <= sym.pointee.fastLots {
                            let value = lots &* sym.pointee.priceK
                            pnl = value &- cost[slot]
                            let notional = value < 0 ? 0 &- value : value
                            mm = notional < sym.pointee.fastCap
                                ? Self.ceilingE8(notional &* sym.pointee.fastRate)
                                : Self.bracketMaintenance(notional, sym.pointee.rows!, sym.pointee.count)
                        } else {
                            (pnl, mm) = Self.slowValuation(lots: lots, cost: cost[slot], symbol: sym)
                        }
                        if isolated {
                            let m = margin[slot]
                            equityAcc[a] &-= m
                            if m &+ pnl < mm {
                                if count < capacity {
                                    found[count] = LiquidationCandidate(account: Int32(truncatingIfNeeded: a),
                                                                        symbol: Int32(truncatingIfNeeded: s))
                                    count &+= 1
                                } else { dropped &+= 1 }
                            }
                        } else {
                            equityAcc[a] &+= pnl
                            mmAcc[a] &+= mm
                        }
                    } else if isolated {
                        equityAcc[a] &-= margin[slot]
                    }
                }
                slot &+= 1
            }
            s &+= 1
        }
        isolatedOut.pointee.count = count
        isolatedOut.pointee.dropped = dropped
    }

    /// Phase 2 of the position-major scan: accounts `lo ..< hi` sum their accumulators over
    /// the sets (clearing what is not already 0), are classified, and list their cross
    /// candidates in account order (isolated candidates come from phase 1 and are merged
    /// in account order by the scanner).
    ///
    /// - Complexity: O((hi − lo) × sets).
    #if !DEBUG
    @_noAllocation
    #endif
    @usableFromInline
    func classify(lo: Int, hi: Int, out: UnsafeMutablePointer<ScanShardOutput>) {
        var t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0
        var count = 0, dropped = 0
        let capacity = out.pointee.capacity
        let candidates = out.pointee.candidates
        let equityAcc = accEquity!, mmAcc = accMM!
        var a = lo
        if sets == 1 {
            while a < hi {
                let delta = equityAcc[a], mm = mmAcc[a]
                if delta != 0 { equityAcc[a] = 0 }
                if mm != 0 { mmAcc[a] = 0 }
                let tier = thresholds.tierIndex(maintenanceMargin: mm, equity: balances[a] &+ delta)
                t0 &+= tier == 0 ? 1 : 0
                t1 &+= tier == 1 ? 1 : 0
                t2 &+= tier == 2 ? 1 : 0
                t3 &+= tier == 3 ? 1 : 0
                if tier == 4 {
                    t4 &+= 1
                    if count < capacity {
                        candidates[count] = LiquidationCandidate(account: Int32(truncatingIfNeeded: a), symbol: -1)
                        count &+= 1
                    } else { dropped &+= 1 }
                }
                a &+= 1
            }
        } else {
            while a < hi {
                var delta: Int64 = 0, mm: Int64 = 0
                var u = 0
                var i = a
                while u < sets {
                    let d = equityAcc[i], m = mmAcc[i]
                    delta &+= d; mm &+= m
                    if d != 0 { equityAcc[i] = 0 }
                    if m != 0 { mmAcc[i] = 0 }
                    u &+= 1
                    i &+= accountStride
                }
                let tier = thresholds.tierIndex(maintenanceMargin: mm, equity: balances[a] &+ delta)
                t0 &+= tier == 0 ? 1 : 0
                t1 &+= tier == 1 ? 1 : 0
                t2 &+= tier == 2 ? 1 : 0
                t3 &+= tier == 3 ? 1 : 0
                if tier == 4 {
                    t4 &+= 1
                    if count < capacity {
                        candidates[count] = LiquidationCandidate(account: Int32(truncatingIfNeeded: a), symbol: -1)
                        count &+= 1
                    } else { dropped &+= 1 }
                }
                a &+= 1
            }
        }
        out.pointee.tiers = (t0, t1, t2, t3, t4)
        out.pointee.count = count
        out.pointee.dropped = dropped
    }
}
