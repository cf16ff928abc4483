/// The deterministic state hash of a matching engine and its risk core together (what
/// `hft replay --hash` and `hft recover` print as `HASH <hex>`).
///
/// Walk: ``MatchingEngine/stateHash(into:)``; then the risk core's symbols (rules, prices,
/// halts, default leverage, brackets), every account's columns in account order (users,
/// fee account, insurance fund), the global halt and net deposits; then positions and
/// order reservations as order-independent sums of per-entry hashes (so neither the slot
/// a position or reservation happens to occupy nor the hash-table layout matters).
///
/// - Complexity: O(symbols + accounts + positions + resting orders).
/// - Memory: allocates temporary arrays (tools and recovery checks, not the hot path).
public enum EngineStateHash {
    /// The hash of `matching` alone (risk=off engines).
    public static func hash(matching: borrowing MatchingEngine) -> StateHasher {
        var h = StateHasher()
        matching.stateHash(into: &h)
        return h
    }

    /// The hash of `matching` and `risk`.
    public static func hash(matching: borrowing MatchingEngine, risk: borrowing RiskCore) -> StateHasher {
        var h = StateHasher()
        matching.stateHash(into: &h)
        risk.stateHash(into: &h)
        // Reservations, keyed by the resting orders' ids.
        var sum: UInt64 = 0
        var found: Int64 = 0
        for s in 0..<matching.symbolCount {
            for side in [Side.buy, Side.sell] {
                for o in matching.restingOrders(SymbolID(Int32(s)), side: side) {
                    guard let r = risk.reservations.record(o.id) else { continue }
                    var e = StateHasher()
                    e.combine(o.id); e.combine(Int64(r.account)); e.combine(Int64(r.symbol))
                    e.combine(r.remainingLots); e.combine(r.reserved.units)
                    sum &+= e.value
                    found += 1
                }
            }
        }
        h.combine(Int64(risk.reservations.count))
        h.combine(found)
        h.combine(Int64(bitPattern: sum))
        return h
    }
}

extension RiskCore {
    /// Feeds the risk state (see ``EngineStateHash``) except the order reservations.
    public func stateHash(into h: inout StateHasher) {
        h.combine(Int64(symbolCapacity))
        h.combine(Int64(maxOpenOrdersPerAccount))
        h.combine(globalHalt)
        h.combine(netDeposits)
        h.combine(settlements)
        for s in 0..<symbolCapacity {
            h.combine(configured[s])
            guard configured[s] else { continue }
            let r = symbolTable[s]
            h.combine(r.scale.moneyPerTickLot)
            h.combine(r.makerRate.e8); h.combine(r.takerRate.e8); h.combine(r.band.e8)
            h.combine(r.minLots); h.combine(r.maxLots); h.combine(r.halted)
            h.combine(r.mark); h.combine(r.index); h.combine(r.lastTrade)
            h.combine(positions.defaultLeverage(s))
            h.combine(Int64(bracketCounts[s]))
            for b in 0..<bracketCounts[s] {
                let row = bracketRows[s * BracketTable.maxCount + b]
                h.combine(row.notionalCap.units); h.combine(row.maintenanceRate.e8)
                h.combine(row.maxLeverage); h.combine(row.cumulativeE8)
            }
        }
        h.combine(Int64(accounts.capacity))
        for a in 0..<accounts.capacity {
            h.combine(accounts.balances[a]); h.combine(accounts.reservedColumn[a])
            h.combine(accounts.marginColumn[a]); h.combine(Int64(accounts.openOrderColumn[a]))
            h.combine(accounts.foldedEpochColumn[a])
        }
        var sum: UInt64 = 0
        var live: Int64 = 0
        for s in 0..<symbolCapacity {
            let start = positions.segmentStart(s)
            for slot in start ..< start + positions.count(s) {
                var e = StateHasher()
                e.combine(Int64(positions.account(slot))); e.combine(Int64(positions.symbol(slot)))
                e.combine(positions.size(slot)); e.combine(positions.cost(slot)); e.combine(positions.margin(slot))
                e.combine(positions.fundingColumn[slot])
                e.combine(positions.leverage(slot)); e.combine(Int64(positions.mode(slot) == .isolated ? 1 : 0))
                e.combine(Int64(positions.orders(slot)))
                sum &+= e.value
                live += 1
            }
        }
        h.combine(live)
        h.combine(Int64(bitPattern: sum))
    }
}
