// Snapshot support for the state the liquidation engine carries from one command to the
// next. Its trigger index is derived from the risk stores and is rebuilt, not saved.

extension LiquidationEngine {
    /// Saves (or loads) the id its next liquidation or fund order takes, and the resting
    /// orders of every account in the order a liquidation cancels them: without them a
    /// recovered engine would print other order ids, or miss cancels, compared with an
    /// uninterrupted run. The statistics are reports, not state, and are not saved.
    public mutating func visitSnapshot(_ s: SnapshotBuffer) throws(JournalError) {
        try s.value(&nextOrderId)
        try openOrders.visitSnapshot(s)
    }
}

extension OpenOrderIndex {
    /// Saves (or loads into an empty index) every account's list of resting orders.
    ///
    /// Layout: the number of accounts with orders, then per account its number, the count of
    /// its orders and each order's id and symbol from the head of its list to the tail.
    /// ``add(orderId:account:symbol:)`` prepends, so loading adds each list tail first.
    mutating func visitSnapshot(_ s: SnapshotBuffer) throws(JournalError) {
        if s.isLoading {
            // Loading merges nothing: an index that already tracks orders is the wrong target.
            guard count == 0 else { throw .incompatibleSnapshot }
            var accounts = 0
            try s.value(&accounts)
            guard accounts >= 0 && accounts <= accountCapacity else { throw .corruptSnapshot }
            for _ in 0..<accounts {
                var account = 0, orders = 0
                try s.value(&account)
                try s.value(&orders)
                guard account >= 0 && account < accountCapacity && orders > 0 && orders <= capacity - count
                else { throw .corruptSnapshot }
                let before = heads[account]
                for _ in 0..<orders {
                    var id: Int64 = 0, symbol: Int32 = 0
                    try s.value(&id)
                    try s.value(&symbol)
                    add(orderId: id, account: account, symbol: Int(symbol))
                }
                // `add` puts each order at the head: reverse the ones just added, in place (no
                // per-account array: loading allocates nothing), so the saved order stays.
                var previousNode = before, node = heads[account]
                while node != before {
                    let following = next[Int(node)]
                    next[Int(node)] = previousNode
                    if previousNode >= 0 { previous[Int(previousNode)] = node }
                    previousNode = node
                    node = following
                }
                heads[account] = previousNode
                if previousNode >= 0 { previous[Int(previousNode)] = -1 }
            }
        } else {
            var accounts = 0
            for account in 0..<accountCapacity where heads[account] >= 0 { accounts += 1 }
            try s.value(&accounts)
            for account in 0..<accountCapacity where heads[account] >= 0 {
                var orders = 0
                var node = Int(heads[account])
                while node >= 0 { orders += 1; node = Int(next[node]) }
                var number = account
                try s.value(&number)
                try s.value(&orders)
                node = Int(heads[account])
                while node >= 0 {
                    var id = orderIds[node], symbol = symbolOf[node]
                    try s.value(&id)
                    try s.value(&symbol)
                    node = Int(next[node])
                }
            }
        }
    }
}
