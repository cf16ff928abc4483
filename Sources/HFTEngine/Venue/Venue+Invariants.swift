extension Venue {
    /// The venue-wide invariants that do not hold, as sentences (empty: all hold), for
    /// tests, fuzzing and tools: the books' structure (``MatchingEngine/checkInvariants()``,
    /// which traps on a broken book), money conservation, each symbol's positions netting to
    /// zero, one reservation per resting order, the trigger index's heaps, and no dropped
    /// liquidation event.
    ///
    /// - Complexity: O(orders + levels + accounts + positions). Allocates (not the hot path).
    public func invariantProblems() -> [String] {
        matching.checkInvariants()
        guard configuration.riskEnabled else { return [] }
        var problems: [String] = []
        let discrepancy = risk.conservationDiscrepancy()
        if discrepancy != 0 { problems.append("money not conserved: discrepancy \(discrepancy)") }
        for s in 0..<symbolCount {
            let net = risk.netPositionSize(symbol: s)
            if net != 0 { problems.append("positions of symbol \(s) net to \(net), not 0") }
        }
        if risk.liveOrderCount != matching.restingOrderCount {
            problems.append("\(risk.liveOrderCount) reservations for \(matching.restingOrderCount) resting orders")
        }
        if configuration.liquidationEnabled {
            if !liquidation.triggers.checkInvariants() { problems.append("trigger index inconsistent") }
            if liquidation.statistics.droppedEvents != 0 {
                problems.append("\(liquidation.statistics.droppedEvents) liquidation events dropped")
            }
        }
        if touched.dropped != 0 { problems.append("\(touched.dropped) changed accounts not published") }
        return problems
    }
}
