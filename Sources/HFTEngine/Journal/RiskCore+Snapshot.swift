// Snapshot of the risk core (see ``SnapshotBuffer``): its stores' live entries, the symbol
// tables, halts and totals, and a consistency check of what was loaded.

extension RiskCore {
    /// Saves or loads accounts (non-fresh ones), positions (live slots), reservations (live
    /// ones), the configured symbols' rules, prices and brackets (``visitSymbols(_:)``),
    /// halts, net deposits and the funding epoch.
    ///
    /// After loading, every index is checked: positions' and reservations' accounts and
    /// symbols are in range, and each account's position list (its first slot, the slots'
    /// next/previous links) is a well-formed list of exactly that account's live slots.
    ///
    /// - Complexity: see the stores' walks; saving copies O(live entries) plus the symbol
    ///   tables, after one scan of the account columns.
    /// - Throws: ``JournalError/incompatibleSnapshot`` for other capacities;
    ///   ``JournalError/corruptSnapshot`` for any count, index or value the core could not
    ///   hold. After a failed load the core's state is unspecified: discard it.
    public mutating func visitSnapshot(_ s: SnapshotBuffer) throws(JournalError) {
        try s.check(symbolCapacity); try s.check(maxOpenOrdersPerAccount)
        try accounts.visitSnapshot(s)
        try positions.visitSnapshot(s)
        try reservations.visitSnapshot(s)
        try visitSymbols(s)
        try s.value(&globalHalt)
        try s.value(&netDeposits)
        try s.value(&settlements)
        if s.isLoading { try checkLoadedIndices() }
    }

    /// Saves or loads the configured symbols only: their count, then per symbol (ascending)
    /// its index (`Int64`), its ``SymbolRisk`` row (raw), its bracket count (`Int64`) and
    /// that many ``MarginBracket`` rows (raw). Loading unconfigures every other symbol.
    func visitSymbols(_ s: SnapshotBuffer) throws(JournalError) {
        if !s.isLoading {
            var n: Int64 = 0
            for i in 0..<symbolCapacity where configured[i] { n += 1 }
            s.append(n)
            for i in 0..<symbolCapacity where configured[i] {
                s.append(Int64(i))
                s.append(symbolTable[i])
                s.append(Int64(bracketCounts[i]))
                for b in 0..<bracketCounts[i] { s.append(bracketRows[i * BracketTable.maxCount + b]) }
            }
            return
        }
        for i in 0..<symbolCapacity where configured[i] {
            (symbolTable + i).deinitialize(count: 1)
            configured[i] = false
            bracketCounts[i] = 0
        }
        let n = try s.readCount(atMost: symbolCapacity)
        var previous = -1
        for _ in 0..<n {
            let index = try s.read(Int64.self)
            guard index > Int64(previous) && index < Int64(symbolCapacity) else { throw .corruptSnapshot }
            let i = Int(index)
            var row = SymbolRisk(scale: try! NotionalScale(moneyPerTickLot: 1))
            try s.value(&row)
            let count = try s.read(Int64.self)
            guard count >= 1 && count <= Int64(BracketTable.maxCount) else { throw .corruptSnapshot }
            for b in 0..<Int(count) {
                var bracket = MarginBracket(notionalCap: .zero, maintenanceRate: .zero, maxLeverage: 1)
                try s.value(&bracket)
                bracketRows[i * BracketTable.maxCount + b] = bracket
            }
            (symbolTable + i).initialize(to: row)
            configured[i] = true
            bracketCounts[i] = Int(count)
            previous = i
        }
    }

    /// Checks what a snapshot load wrote against the core's ranges (see ``visitSnapshot(_:)``).
    /// O(accounts + live positions + live reservations).
    func checkLoadedIndices() throws(JournalError) {
        let symbols = symbolCapacity, accountCount = accounts.capacity
        try reservations.forEachOwner { (account, symbol) throws(JournalError) in
            guard account < accountCount && symbol < symbols else { throw .corruptSnapshot }
        }
        var live = 0
        for symbol in 0..<symbolCapacity {
            let start = positions.segmentStart(symbol)
            for slot in start ..< start + positions.count(symbol) where positions.account(slot) >= accountCount {
                throw .corruptSnapshot
            }
            live += positions.count(symbol)
        }
        var listed = 0
        for account in 0..<accountCount {
            var slot = Int(accounts.firstPositionColumn[account])
            var previous = -1
            while slot >= 0 {
                guard positions.isLiveSlot(slot), positions.account(slot) == account,
                      Int(positions.previousOfAccount[slot]) == previous, listed < live else { throw .corruptSnapshot }
                listed += 1
                previous = slot
                slot = Int(positions.nextOfAccount[slot])
            }
        }
        guard listed == live else { throw .corruptSnapshot }
    }
}
