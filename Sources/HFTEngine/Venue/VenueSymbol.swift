/// The venue's own state of one symbol beyond the book and the risk core: its
/// specification, the perpetual rules (mark price, premium index and funding) and the
/// circuit breaker's recent marks.
///
/// - Memory: a fixed-size value (about 1 KiB) in the venue's symbol table.
@usableFromInline
struct VenueSymbol: Sendable {
    @usableFromInline var spec: VenueSymbolSpec
    @usableFromInline var markRule: MarkPriceRule
    @usableFromInline var fundingRule: FundingRateRule
    @usableFromInline var breaker: CircuitBreaker
    /// The last premium-index sample (e8; 0 when none was taken).
    @usableFromInline var lastPremium: Int64

    init(spec: VenueSymbolSpec, markRule: MarkPriceRule, fundingRule: FundingRateRule) {
        self.spec = spec
        self.markRule = markRule
        self.fundingRule = fundingRule
        breaker = CircuitBreaker()
        lastPremium = 0
    }
}

/// A symbol's circuit breaker: the marks of the last window of command time, and a trip
/// when a new mark is more than the configured fraction away from any of them.
///
/// Exact while the window holds at most ``capacity`` marks (older ones beyond that are
/// forgotten first, so a breaker with more marks per window compares with the newest 32).
///
/// - Complexity: O(``capacity``) per mark. Memory: 520 bytes, inline.
@usableFromInline
struct CircuitBreaker: Sendable {
    static let capacity = 32
    @usableFromInline var times: InlineArray<32, Int64>
    @usableFromInline var marks: InlineArray<32, Int64>
    @usableFromInline var count: Int
    @usableFromInline var next: Int

    init() {
        times = InlineArray(repeating: 0)
        marks = InlineArray(repeating: 0)
        count = 0
        next = 0
    }

    /// Records `mark` at `time` and returns the mark within `window` ns before it that is
    /// more than `ppm` parts per million away from `mark`, if any (the trip's reference).
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func record(mark: Int64, time: Int64, ppm: Int64, window: Int64) -> Int64? {
        var tripped: Int64?
        var i = 0
        while i < count {
            let slot = (next &- 1 &- i &+ CircuitBreaker.capacity &* 2) % CircuitBreaker.capacity
            let (age, overflow) = time.subtractingReportingOverflow(times[slot])
            if overflow || age > window || age < 0 { break }
            let reference = marks[slot]
            let distance = Int128(mark) - Int128(reference)
            let magnitude = distance < 0 ? -distance : distance
            if reference > 0 && magnitude * 1_000_000 > Int128(reference) * Int128(ppm) {
                tripped = reference
                break
            }
            i &+= 1
        }
        times[next] = time
        marks[next] = mark
        next = next == CircuitBreaker.capacity &- 1 ? 0 : next &+ 1
        if count < CircuitBreaker.capacity { count &+= 1 }
        return tripped
    }
}
