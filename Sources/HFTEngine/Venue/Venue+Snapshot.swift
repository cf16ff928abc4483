// The venue's snapshot (save and load through ``SnapshotBuffer``) and its state hash.

extension Venue {
    /// The snapshot section's version (bump when the walk below changes).
    static let snapshotVersion = 1

    /// Saves the whole venue into `s`, or loads it from `s` into this venue, which must be
    /// new (no command applied) and built with the same configuration. The symbols are
    /// re-added from their saved specifications before the stores are loaded.
    ///
    /// - Throws: ``JournalError/corruptSnapshot`` for a payload that does not fit this
    ///   configuration or is damaged (the venue must then be discarded).
    /// - Memory: loading allocates an event buffer for re-adding the symbols; use
    ///   ``visitSnapshot(_:scratch:)`` to pass one.
    public mutating func visitSnapshot(_ s: SnapshotBuffer) throws(JournalError) {
        // The budget was validated; saving writes no event.
        var scratch = try! VenueEventBuffer(capacity: s.isLoading ? configuration.eventBudget : 1)
        try visitSnapshot(s, scratch: &scratch)
    }

    /// ``visitSnapshot(_:)`` with a caller-owned event buffer that receives (and drops) the
    /// events of re-adding the symbols on load (room for ``VenueConfiguration/eventBudget``
    /// events; unused when saving). With a `SnapshotBuffer` that already has room for the
    /// payload, saving and loading allocate nothing.
    public mutating func visitSnapshot(_ s: SnapshotBuffer, scratch: inout VenueEventBuffer) throws(JournalError) {
        try s.check(Venue.snapshotVersion)
        try s.check(configuration.maxOrders); try s.check(configuration.maxSymbols)
        try s.check(configuration.riskEnabled ? 1 : 0); try s.check(configuration.liquidationEnabled ? 1 : 0)
        try s.check(configuration.userAccounts); try s.check(configuration.positionsPerSymbol)
        var count = symbolCount
        try s.value(&count)
        if s.isLoading {
            guard symbolCount == 0, count >= 0, count <= configuration.maxSymbols else { throw .corruptSnapshot }
            scratch.removeAll()
            for i in 0..<count {
                var spec = VenueSymbolSpec(index: Int32(i), moneyPerTickLot: 1)
                try s.value(&spec)
                apply(.addSymbol(spec), into: &scratch)
                guard symbolCount == i + 1 else { throw .corruptSnapshot }
                scratch.removeAll()
            }
        } else {
            for i in 0..<count {
                var spec = symbols[i].spec
                try s.value(&spec)
            }
        }
        // Through a local copy, not `&symbols[i].field`: Swift 6.3's ThreadSanitizer build
        // emits invalid IR for an inout access to a field through a pointer subscript here.
        for i in 0..<count {
            var symbol = symbols[i]
            try s.value(&symbol.markRule)
            try s.value(&symbol.fundingRule)
            try s.value(&symbol.breaker)
            try s.value(&symbol.lastPremium)
            symbols[i] = symbol
        }
        try s.value(&lastSequence); try s.value(&lastTimestamp); try s.value(&commandCount)
        try matching.visitSnapshot(s)
        if configuration.riskEnabled {
            try risk.visitSnapshot(s)
            try liquidation.visitSnapshot(s)
            var halted = 0
            if !s.isLoading { for a in 0..<configuration.userAccounts where accountHalted[a] { halted += 1 } }
            try s.value(&halted)
            guard halted >= 0 && halted <= configuration.userAccounts else { throw .corruptSnapshot }
            if s.isLoading {
                for _ in 0..<halted {
                    var a = 0
                    try s.value(&a)
                    guard a >= 0 && a < configuration.userAccounts else { throw .corruptSnapshot }
                    accountHalted[a] = true
                }
            } else {
                for a in 0..<configuration.userAccounts where accountHalted[a] {
                    var index = a
                    try s.value(&index)
                }
            }
        }
        if s.isLoading {
            guard s.isAtEnd else { throw .corruptSnapshot }
            // The trigger index is derived from the risk stores, not saved.
            if configuration.riskEnabled && configuration.liquidationEnabled { liquidation.rebuildTriggers(risk: risk) }
        }
    }

    /// A snapshot of the venue as bytes (tools and recovery; allocates).
    public mutating func snapshotBytes() throws(JournalError) -> [UInt8] {
        let buffer = SnapshotBuffer()
        try visitSnapshot(buffer)
        return Array(buffer.bytes)
    }

    /// A venue of `configuration` loaded from snapshot `bytes`.
    public static func restore(configuration: VenueConfiguration, from bytes: [UInt8]) throws(JournalError) -> Venue {
        var venue: Venue
        do { venue = try Venue(configuration: configuration) } catch { throw .corruptSnapshot }
        let buffer = bytes.withUnsafeBytes { SnapshotBuffer(loading: $0) }
        try venue.visitSnapshot(buffer)
        return venue
    }

    /// The deterministic hash of the whole venue: books, orders, accounts, positions,
    /// reservations, marks, halts (``EngineStateHash``), then each symbol's specification,
    /// perpetual rules and breaker, the halted accounts and the last sequence number.
    ///
    /// - Complexity: O(symbols + accounts + positions + resting orders). Allocates (tools,
    ///   replicas' checkpoints and tests; not the hot path).
    public var stateHash: StateHasher {
        var h = configuration.riskEnabled ? EngineStateHash.hash(matching: matching, risk: risk)
            : EngineStateHash.hash(matching: matching)
        h.combine(Int64(symbolCount))
        for i in 0..<symbolCount {
            let symbol = symbols[i]
            let c = VenueCommand.addSymbol(symbol.spec)
            for word in [Int64(c.symbol), c.w0, c.w1, c.w2, c.w3, c.w4, c.w5, c.w6, c.w7, c.w8, c.w9, c.w10, c.w11, c.w12] {
                h.combine(word)
            }
            symbol.markRule.stateHash(into: &h)
            symbol.fundingRule.stateHash(into: &h)
            h.combine(Int64(symbol.breaker.count)); h.combine(Int64(symbol.breaker.next))
            for j in 0..<symbol.breaker.count {
                h.combine(symbol.breaker.times[j]); h.combine(symbol.breaker.marks[j])
            }
            h.combine(symbol.lastPremium)
        }
        if configuration.riskEnabled {
            for a in 0..<configuration.userAccounts where accountHalted[a] { h.combine(Int64(a)) }
        }
        h.combine(Int64(bitPattern: lastSequence))
        return h
    }
}
