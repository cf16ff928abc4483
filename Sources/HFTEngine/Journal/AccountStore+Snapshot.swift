// Snapshot of the account columns (see ``SnapshotBuffer``): only accounts that differ from
// a fresh store's (zero money, no orders, no positions, funding epoch 0).

extension AccountStore {
    /// True if every column of `account` holds its fresh value.
    @inline(__always)
    func isFresh(_ account: Int) -> Bool {
        balances[account] == 0 && reservedColumn[account] == 0 && marginColumn[account] == 0
            && openOrderColumn[account] == 0 && firstPositionColumn[account] == -1 && foldedEpochColumn[account] == 0
    }

    /// Saves or loads the non-fresh accounts. Layout: capacity (checked), count, then per
    /// account in ascending index (all `Int64`): index, balance, reserved, margin in use,
    /// open orders, first position slot (−1 or a slot, checked against the positions by
    /// ``RiskCore/visitSnapshot(_:)``), folded funding epoch.
    ///
    /// - Complexity: saving is one sequential scan of the columns plus O(saved accounts);
    ///   loading resets every column (O(capacity)) then O(saved accounts).
    mutating func visitSnapshot(_ s: SnapshotBuffer) throws(JournalError) {
        try s.check(capacity)
        if !s.isLoading {
            let countAt = s.appendPlaceholder()
            var saved: Int64 = 0
            for a in 0..<capacity where !isFresh(a) {
                s.append(Int64(a)); s.append(balances[a]); s.append(reservedColumn[a]); s.append(marginColumn[a])
                s.append(Int64(openOrderColumn[a])); s.append(Int64(firstPositionColumn[a])); s.append(foldedEpochColumn[a])
                saved += 1
            }
            s.patch(saved, at: countAt)
            return
        }
        balances.update(repeating: 0, count: capacity)
        reservedColumn.update(repeating: 0, count: capacity)
        marginColumn.update(repeating: 0, count: capacity)
        openOrderColumn.update(repeating: 0, count: capacity)
        firstPositionColumn.update(repeating: -1, count: capacity)
        foldedEpochColumn.update(repeating: 0, count: capacity)
        let n = try s.readCount(atMost: capacity)
        var previous = -1
        for _ in 0..<n {
            let a = try s.read(Int64.self)
            guard a > Int64(previous) && a < Int64(capacity) else { throw .corruptSnapshot }
            let account = Int(a)
            balances[account] = try s.read(Int64.self)
            reservedColumn[account] = try s.read(Int64.self)
            marginColumn[account] = try s.read(Int64.self)
            let open = try s.read(Int64.self), first = try s.read(Int64.self)
            guard open >= 0 && open <= Int64(Int32.max), first >= -1 && first <= Int64(Int32.max) else { throw .corruptSnapshot }
            openOrderColumn[account] = Int32(open)
            firstPositionColumn[account] = Int32(first)
            foldedEpochColumn[account] = try s.read(Int64.self)
            previous = account
        }
    }
}
