/// The branch-free pass of a funding settlement over one symbol's dense segment of the
/// position columns: the fast path of ``RiskCore/settleFunding(symbol:rate:mark:)``, taken
/// when the symbol's bounds prove that no product, sum or parked-funding update leaves
/// 64 bits.
///
/// For each slot, due = ⌈lots × perLot / 10^8⌉ (REFERENCES.md: payment = size × mark × F;
/// rounding up, as ``RiskCore/fundingDue(lots:perLotE8:perLotE8Wide:)``), and the slot's
/// parked funding decreases by the due. The pass returns Σ max(due, 0), Σ due and the
/// number of non-zero sizes.
///
/// **Division.** ⌈x / 10^8⌉ is ⌊n / 10^8⌋ − B / 10^8 with n = x + B + 10^8 − 1, where B
/// (``RiskCore/fundingBias``) is a multiple of 10^8 larger than every |x| of the pass, so
/// n lies in [0, 2^63). The scalar loop divides n by the constant 10^8 (a 64 × 64 → 128-bit
/// multiply by the reciprocal and a shift). x86-64 has no 64-bit high multiply in vector
/// registers, so the vector loop estimates the quotient in double precision instead and
/// corrects it exactly: with |lots| < 2^51 (exact as a double) and |lots × perLot| < 2^62,
/// the estimate n / 10^8 − 1/2 is within 10^-4 of its true value, so rounding it to the
/// nearest integer gives ⌊n / 10^8⌋ or one of its neighbours, and the exact remainder
/// n − q × 10^8 (in (−10^8, 2 × 10^8)) says which. Every lane therefore equals the scalar
/// formula bit for bit (checked by `FundingPassTests` on bounds and random values).
///
/// - Complexity: O(slots), eight slots per step of the vector loop; one read of the size
///   column and one read-modify-write of the parked-funding column, both sequential.
/// - Memory: none; the columns belong to the ``PositionStore``.
@frozen
@usableFromInline
struct FundingPass {
    /// Σ max(due, 0): what payers paid.
    @usableFromInline var paid: Int64 = 0
    /// Σ due: paid − received.
    @usableFromInline var net: Int64 = 0
    /// Slots with a non-zero size.
    @usableFromInline var open: Int = 0

    @inlinable
    init() {}

    /// The largest |lots| for which the vector loop's double-precision estimate is exact
    /// enough (and a size converts to a double exactly): 2^51.
    @inlinable
    static var vectorSizeLimit: Int64 { 1 << 51 }

    /// Runs the pass over `slots` of `sizes` and `parked` at `perLot` (mark × k × F).
    ///
    /// - Precondition (checked by the caller from the symbol's bounds): every
    ///   |lots × perLot| < ``RiskCore/fundingBias``, Σ |due| < ``RiskCore/fundingBias``,
    ///   and every parked value stays inside 64 bits; `largestSize` bounds every |lots|.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    static func run(sizes: UnsafeMutablePointer<Int64>, parked: UnsafeMutablePointer<Int64>,
                    slots: Range<Int>, perLot: Int64, largestSize: Int64) -> FundingPass {
        var pass = FundingPass()
        var slot = slots.lowerBound
        if largestSize < vectorSizeLimit {
            slot = pass.vectorHead(sizes: sizes, parked: parked, slots: slots, perLot: perLot)
        }
        pass.scalar(sizes: sizes, parked: parked, slots: slot ..< slots.upperBound, perLot: perLot)
        return pass
    }

    /// The dividend's shift: B + 10^8 − 1.
    @inlinable
    static var offset: Int64 { RiskCore.fundingBias &+ (Rate.one &- 1) }

    /// One slot at a time (the tail of the vector loop, and sizes of 2^51 lots or more).
    @inlinable @inline(__always)
    mutating func scalar(sizes: UnsafeMutablePointer<Int64>, parked: UnsafeMutablePointer<Int64>,
                         slots: Range<Int>, perLot: Int64) {
        var paid = self.paid, net = self.net, open = self.open
        var slot = slots.lowerBound
        while slot < slots.upperBound {
            let lots = sizes[slot]
            let shifted = UInt64(bitPattern: lots &* perLot &+ FundingPass.offset)
            let due = Int64(bitPattern: shifted / UInt64(Rate.one)) &- RiskCore.fundingBias / Rate.one
            parked[slot] = parked[slot] &- due
            paid &+= max(due, 0)
            net &+= due
            open &+= lots != 0 ? 1 : 0
            slot &+= 1
        }
        self.paid = paid
        self.net = net
        self.open = open
    }

    /// Eight slots at a time over the whole vectors of `slots`; returns the first slot
    /// left for ``scalar(sizes:parked:slots:perLot:)``.
    @inlinable @inline(__always)
    mutating func vectorHead(sizes: UnsafeMutablePointer<Int64>, parked: UnsafeMutablePointer<Int64>,
                             slots: Range<Int>, perLot: Int64) -> Int {
        typealias Lanes = SIMD8<Int64>
        let roundingShift = OptionMath.roundingShift           // 1.5 × 2^52
        let roundingBits = Int64(bitPattern: roundingShift.bitPattern)
        let perLotLow = SIMD8<UInt32>(repeating: UInt32(truncatingIfNeeded: perLot))
        let offsetLow = SIMD8<UInt32>(repeating: UInt32(truncatingIfNeeded: FundingPass.offset))
        let perLotD = SIMD8<Double>(repeating: Double(perLot))
        let offsetD = SIMD8<Double>(repeating: Double(FundingPass.offset))
        let divisor = Lanes(repeating: Rate.one)
        let biasQuotient = Lanes(repeating: RiskCore.fundingBias / Rate.one)
        let zero = Lanes(), one = Lanes(repeating: 1)
        var paid = Lanes(), net = Lanes(), open = Lanes()
        var slot = slots.lowerBound
        while slot &+ 8 <= slots.upperBound {
            let lots = UnsafeRawPointer(sizes + slot).loadUnaligned(as: Lanes.self)
            // |lots| < 2^51: adding 1.5 × 2^52's bits and subtracting it as a double is exact.
            let lotsD = unsafeBitCast(lots &+ roundingBits, to: SIMD8<Double>.self) - roundingShift
            let estimate = (lotsD * perLotD + offsetD) * 1e-8 - 0.5
            let q0 = unsafeBitCast(estimate + roundingShift, to: Lanes.self) &- roundingBits
            // n − q0 × 10^8 lies in [−10^8, 2 × 10^8): its low 32 bits, from the operands'
            // low 32 bits, are all of it (no 64-bit multiply in vector registers needed).
            let low = SIMD8<UInt32>(truncatingIfNeeded: lots) &* perLotLow &+ offsetLow
                &- SIMD8<UInt32>(truncatingIfNeeded: q0) &* UInt32(Rate.one)
            let remainder = Lanes(truncatingIfNeeded: SIMD8<Int32>(truncatingIfNeeded: low))
            var q = q0
            q.replace(with: q0 &- 1, where: remainder .< zero)
            q.replace(with: q0 &+ 1, where: remainder .>= divisor)
            let due = q &- biasQuotient
            let target = UnsafeMutableRawPointer(parked + slot)
            target.storeBytes(of: target.loadUnaligned(as: Lanes.self) &- due, as: Lanes.self)
            paid &+= due.replacing(with: zero, where: due .< zero)
            net &+= due
            open &+= zero.replacing(with: one, where: lots .!= zero)
            slot &+= 8
        }
        self.paid &+= paid.wrappedSum()
        self.net &+= net.wrappedSum()
        self.open &+= Int(open.wrappedSum())
        return slot
    }
}
