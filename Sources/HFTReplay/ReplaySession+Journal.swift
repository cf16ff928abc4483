import HFTEngine

// The state hash of a session (`hft replay --hash`).

extension ReplaySession {
    /// The deterministic hash of the whole session state: the venue's
    /// (``Venue/stateHash``) plus the translator's own state (mode, money decimals, symbol
    /// names and grids).
    public var stateHash: StateHasher {
        var h = venue.stateHash
        h.combine(riskMode == .on)
        h.combine(Int64(moneyDecimals))
        h.combine(sawOrder); h.combine(sawCommand)
        h.combine(Int64(symbols.count))
        for s in symbols {
            h.combine(s.name); h.combine(Int64(s.id.index))
            h.combine(s.tick.units); h.combine(Int64(s.tick.scale)); h.combine(s.lot.units); h.combine(Int64(s.lot.scale))
        }
        return h
    }
}
