import HFTEngine
import Testing

@Suite struct ExactDecimalTests {
    @Test(arguments: [
        ("0", "0"), ("100", "100"), ("100.50", "100.5"), ("0.001", "0.001"), ("-2.25", "-2.25"),
        ("007", "7"), ("-0", "0"), ("-0.000", "0"), ("12.000", "12"), ("0.10", "0.1"),
        ("123456789012345678901234567890", "123456789012345678901234567890"),
    ])
    func parsesAndFormatsCanonically(_ input: String, _ canonical: String) throws {
        #expect(try ExactDecimal(parsing: input).description == canonical)
    }

    @Test(arguments: ["", "-", ".", "1.", ".5", "+1", "1e5", "1.2.3", " 1", "1 ", "--1", "1-", "0x10", "١"])
    func rejectsMalformedText(_ input: String) {
        #expect(throws: DecimalError.malformed) { try ExactDecimal(parsing: input) }
    }

    @Test func rejectsValuesTooLargeOrTooFine() {
        let fortyDigits = String(repeating: "9", count: 40)
        #expect(throws: DecimalError.outOfRange) { try ExactDecimal(parsing: fortyDigits) }
        #expect(throws: DecimalError.outOfRange) { try ExactDecimal(parsing: "0." + String(repeating: "1", count: 31)) }
    }

    @Test func randomValuesRoundTrip() throws {
        var rng = SplitMix64(seed: 1)
        for _ in 0..<20_000 {
            let significand = Int128(Int64(bitPattern: rng.next()))
            let value = try ExactDecimal(significand: significand, scale: Int(rng.next() % 19))
            let reparsed = try ExactDecimal(parsing: value.description)
            #expect(reparsed.normalized == value.normalized)
            #expect(!value.description.hasSuffix("."))
        }
    }
}

@Suite struct StepSizeTests {
    @Test func convertsOnGridValuesExactly() throws {
        let tick = try StepSize(parsing: "0.01")
        #expect(try tick.steps(parsing: "100.25") == 10025)
        #expect(try tick.steps(parsing: "100.2500000") == 10025)
        #expect(try tick.steps(parsing: "-3") == -300)
        #expect(tick.format(steps: 10025) == "100.25")
        #expect(tick.format(steps: 10000) == "100")
        let half = try StepSize(parsing: "0.5")
        #expect(try half.steps(parsing: "2.5") == 5)
        #expect(half.format(steps: 5) == "2.5")
        let coarse = try StepSize(parsing: "25")
        #expect(try coarse.steps(parsing: "100") == 4)
        #expect(coarse.format(steps: 3) == "75")
    }

    @Test func rejectsOffGridValuesInsteadOfRounding() throws {
        let tick = try StepSize(parsing: "0.01")
        #expect(throws: DecimalError.offGrid) { try tick.steps(parsing: "100.255") }
        let half = try StepSize(parsing: "0.5")
        #expect(throws: DecimalError.offGrid) { try half.steps(parsing: "2.25") }
        let coarse = try StepSize(parsing: "25")
        #expect(throws: DecimalError.offGrid) { try coarse.steps(parsing: "110") }
    }

    @Test func rejectsCountsBeyondInt64AndBadSteps() throws {
        let lot = try StepSize(parsing: "0.001")
        #expect(throws: DecimalError.outOfRange) { try lot.steps(parsing: "9223372036854775808") }
        #expect(try lot.steps(parsing: "9223372036854775.807") == Int64.max)
        #expect(throws: DecimalError.nonPositiveStep) { try StepSize(parsing: "0") }
        #expect(throws: DecimalError.nonPositiveStep) { try StepSize(parsing: "-0.5") }
    }

    @Test func randomStepCountsRoundTrip() throws {
        var rng = SplitMix64(seed: 2)
        for _ in 0..<10_000 {
            let step = try StepSize(units: Int64(rng.next() % 1000) + 1, scale: Int(rng.next() % 9))
            let count = Int64(bitPattern: rng.next()) >> 24
            #expect(try step.steps(parsing: step.format(steps: count)) == count)
        }
    }
}

@Suite struct NotionalScaleTests {
    @Test func derivesMoneyPerTickLotFromTheGrids() throws {
        let money = try StepSize.smallestUnit(decimals: 8)
        let scale = try NotionalScale(tick: StepSize(parsing: "0.01"), lot: StepSize(parsing: "0.001"), money: money)
        #expect(scale.moneyPerTickLot == 1000)  // 0.01 × 0.001 = 0.00001 = 1,000 × 10^-8
        // 50,000.00 × 0.020 = 1,000 units of the asset.
        let notional = scale.notional(Price(ticks: 5_000_000), Quantity(lots: 20))
        #expect(notional == Money(units: 1_000 * 100_000_000))
    }

    @Test func rejectsGridsThatCannotSettleExactly() throws {
        let money = try StepSize.smallestUnit(decimals: 2)
        #expect(throws: DecimalError.offGrid) {
            try NotionalScale(tick: StepSize(parsing: "0.01"), lot: StepSize(parsing: "0.001"), money: money)
        }
    }

    @Test func overflowIsSeenNotWrapped() throws {
        let scale = try NotionalScale(moneyPerTickLot: 1000)
        #expect(scale.notional(Price(ticks: Int64.max), Quantity(lots: Int64.max)) == nil)
        #expect(scale.notional(Price(ticks: 1 << 40), Quantity(lots: 1 << 20)) == nil)
        #expect(scale.notional(Price(ticks: 1 << 30), Quantity(lots: 1 << 20)) == Money(units: (1 << 50) * 1000))
        #expect(scale.notional(Price(ticks: -5), Quantity(lots: 3)) == Money(units: -15_000))
    }

    @Test func moneyArithmeticReportsOverflow() throws {
        #expect(Money(units: .max).adding(Money(units: 1)) == nil)
        #expect(Money(units: .min).subtracting(Money(units: 1)) == nil)
        #expect(Money(units: 5).adding(Money(units: -7)) == Money(units: -2))
        #expect(try Money(units: 123_456).formatted(decimals: 4) == "12.3456")
        #expect(try Money(units: -100).formatted(decimals: 2) == "-1")
    }

    @Test(allocationCounting) func notionalAllocatesNothing() throws {
        let scale = try NotionalScale(moneyPerTickLot: 7)
        var sum: Int64 = 0
        expectNoAllocations("notional") {
            for i in 0..<10_000 { sum &+= scale.notional(Price(ticks: Int64(i)), Quantity(lots: 3))?.units ?? 0 }
        }
        #expect(sum != 0)
    }
}
