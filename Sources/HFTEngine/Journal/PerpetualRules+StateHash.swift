extension MarkPriceRule {
    /// Feeds the rule's whole state (basis window, position in it, last funding rate) to
    /// `h` for the engine state hash. O(window).
    public func stateHash(into h: inout StateHasher) {
        h.combine(Int64(sampleCount)); h.combine(Int64(next)); h.combine(basisSum)
        h.combine(lastFundingRate.e8); h.combine(fundingIntervalSeconds)
        for i in 0..<MarkPriceRule.window { h.combine(samples[i]) }
    }
}

extension FundingRateRule {
    /// Feeds the rule's parameters and premium-sample accumulators to `h`. O(1).
    public func stateHash(into h: inout StateHasher) {
        h.combine(interest.e8); h.combine(clampBound.e8); h.combine(cap.e8); h.combine(intervalHours)
        h.combine(sampleCount); h.combine(weightedSum)
    }
}
