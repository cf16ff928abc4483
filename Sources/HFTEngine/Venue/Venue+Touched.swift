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
            let mask = touched.masks[account]
            if mask != 0 {
                var s = 0
                while s < symbolCount {
                    if mask & (1 &<< UInt64(min(s, 63))) != 0 { publishPosition(account: account, symbol: s, into: &events) }
                    s &+= 1
                }
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
