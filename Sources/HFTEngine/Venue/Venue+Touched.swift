// The end of every command: the state of each account (and each of its positions) that
// the command changed, as `position` and `account` events.

extension Venue {
    /// Notes that `account` changed, in `symbol` (−1: only its account-level state).
    #if !DEBUG
    @_noAllocation
    #endif
    @inline(__always)
    mutating func touch(_ account: Int64, symbol: Int) {
        guard configuration.riskEnabled, account >= 0, account <= Int64(Int32.max) else { return }
        touched.touch(Int(account), symbol: symbol)
    }

    /// Publishes the touched accounts: for each, a `position` event per touched symbol
    /// (size 0 when the position is gone), then its `account` event.
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func publishTouched(into events: inout VenueEventBuffer) {
        var i = 0
        while i < touched.count {
            let account = Int(touched.list[i])
            // The touched symbols in ascending order, visiting only the set bits (not every
            // symbol of the venue): the lowest set bit first; bit 63 stands for every
            // symbol from 63 on. Same events, same order as a loop over all symbols.
            var mask = touched.masks[account]
            while mask != 0 {
                let s = mask.trailingZeroBitCount
                if s == 63 {
                    var t = 63
                    while t < symbolCount { publishPosition(account: account, symbol: t, into: &events); t &+= 1 }
                    break
                }
                if s < symbolCount { publishPosition(account: account, symbol: s, into: &events) }
                mask &= mask &- 1
            }
            events.append(VenueEvent(.account, account: Int64(account), a: risk.balance(account).units,
                                     b: risk.accounts.reserved(account).units, c: risk.accounts.marginInUse(account).units,
                                     d: Int64(risk.accounts.openOrders(account))))
            i &+= 1
        }
        // A new epoch: an account changed again later in the command is listed again.
        touched.begin()
    }

    #if !DEBUG
    @_noAllocation
    #endif
    func publishPosition(account: Int, symbol: Int, into events: inout VenueEventBuffer) {
        if let slot = risk.positions.slot(account: account, symbol: symbol) {
            events.append(VenueEvent(.position, code: risk.positions.mode(slot).rawValue, symbol: Int32(symbol),
                                     account: Int64(account), a: risk.positions.size(slot), b: risk.positions.cost(slot),
                                     c: risk.positions.margin(slot), d: risk.positions.leverage(slot)))
        } else {
            events.append(VenueEvent(.position, symbol: Int32(symbol), account: Int64(account)))
        }
    }
}
