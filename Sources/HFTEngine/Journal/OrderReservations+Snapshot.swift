// Snapshot of the order reservations (see ``SnapshotBuffer``): the live ones only; the
// slot pool and the id map are rebuilt on load.

extension OrderReservations {
    /// Saves or loads the live reservations. Layout: capacity (checked), count, then per
    /// reservation (all `Int64`): order id, account, symbol, remaining lots, reserved money.
    /// Accounts and symbols are checked against the core by ``RiskCore/visitSnapshot(_:)``.
    ///
    /// - Complexity: saving walks the id map's table (O(table), no copying) and writes
    ///   O(live); loading clears the pool and map if they are not empty, then O(live).
    mutating func visitSnapshot(_ s: SnapshotBuffer) throws(JournalError) {
        try s.check(Int(pool.capacity))
        if !s.isLoading {
            s.append(Int64(ids.count))
            ids.forEach { id, slot in
                let i = Int(slot)
                s.append(id); s.append(Int64(accountColumn[i])); s.append(Int64(symbolColumn[i]))
                s.append(remainingColumn[i]); s.append(reservedColumn[i])
            }
            return
        }
        if ids.count > 0 { ids.removeAll() }
        if pool.liveCount > 0 { pool.releaseAll() }
        let n = try s.readCount(atMost: Int(pool.capacity))
        for _ in 0..<n {
            let id = try s.read(Int64.self), account = try s.read(Int64.self), symbol = try s.read(Int64.self)
            let lots = try s.read(Int64.self), reserved = try s.read(Int64.self)
            guard account >= 0 && account <= Int64(Int32.max), symbol >= 0 && symbol <= Int64(Int32.max)
            else { throw .corruptSnapshot }
            do throws(RiskReject) {
                try insert(orderId: id, account: Int(account), symbol: Int(symbol), lots: lots, reserved: reserved)
            } catch {
                throw .corruptSnapshot
            }
        }
    }

    /// Calls `body` with the account and symbol of every live reservation (snapshot checks).
    func forEachOwner(_ body: (Int, Int) throws(JournalError) -> Void) throws(JournalError) {
        var failure: JournalError?
        ids.forEach { _, slot in
            guard failure == nil else { return }
            do throws(JournalError) { try body(Int(accountColumn[Int(slot)]), Int(symbolColumn[Int(slot)])) } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }
}
