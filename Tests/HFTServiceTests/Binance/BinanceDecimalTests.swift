import HFTBinance
import HFTEngine
import Testing

/// `BinanceDecimal`: Binance's decimal strings to and from whole numbers of steps.
@Suite("Binance decimal strings")
struct BinanceDecimalTests {
    static let tick = try! StepSize(units: 10, scale: 2)  // 0.10
    static let lot = try! StepSize(units: 1, scale: 3)  // 0.001
    static let whole = try! StepSize(units: 1, scale: 0)  // 1

    @Test("format: the step's digits, zero as 0, negatives")
    func format() throws {
        #expect(BinanceDecimal.format(495_001, step: Self.tick) == "49500.10")
        #expect(BinanceDecimal.format(6, step: Self.lot) == "0.006")
        #expect(BinanceDecimal.format(-6, step: Self.lot) == "-0.006")
        #expect(BinanceDecimal.format(0, step: Self.tick) == "0")
        #expect(BinanceDecimal.format(49500, step: Self.whole) == "49500")
        #expect(BinanceDecimal.format(49500, step: Self.whole, decimals: 2) == "49500.00")
        #expect(BinanceDecimal.format(3, step: try StepSize(units: 5, scale: 1), decimals: 3) == "1.500")
        #expect(BinanceDecimal.format(Int64.min, step: Self.lot) == "-9223372036854775.808")
        #expect(BinanceDecimal.format(Int64.max, step: Self.tick) == "922337203685477580.70")
        #expect(BinanceDecimal.format(money: 0, decimals: 8) == "0.00000000")
        #expect(BinanceDecimal.format(money: 12_345, decimals: 2) == "123.45")
        #expect(BinanceDecimal.format(money: -5, decimals: 4) == "-0.0005")
        #expect(BinanceDecimal.format(money: 7, decimals: 0) == "7")
        #expect(BinanceDecimal.format(money: Int64.min, decimals: 8) == "-92233720368.54775808")
    }

    @Test("parse: accepted forms")
    func parseAccepted() throws {
        #expect(try BinanceDecimal.parse("49500", step: Self.tick, field: .price) == 495_000)
        #expect(try BinanceDecimal.parse("49500.0", step: Self.tick, field: .price) == 495_000)
        #expect(try BinanceDecimal.parse("49500.10", step: Self.tick, field: .price) == 495_001)
        #expect(try BinanceDecimal.parse("49500.100", step: Self.tick, field: .price) == 495_001)
        #expect(try BinanceDecimal.parse("0.006", step: Self.lot, field: .quantity) == 6)
        #expect(try BinanceDecimal.parse("49500.0", step: Self.whole, field: .price) == 49500)
        #expect(try BinanceDecimal.parse("007", step: Self.whole, field: .quantity) == 7)
        #expect(try BinanceDecimal.parse("-1.5", step: try StepSize(units: 1, scale: 1), field: .other) == -15)
        #expect(try BinanceDecimal.parse("0", step: Self.lot, field: .other) == 0)
    }

    @Test("parse: every error")
    func parseErrors() {
        let cases: [(String, StepSize, BinanceDecimal.Field, BinanceError)] = [
            ("", Self.tick, .price, .invalidParameter("price")),
            ("1e3", Self.tick, .price, .invalidParameter("price")),
            ("+1", Self.tick, .price, .invalidParameter("price")),
            ("-1", Self.tick, .price, .invalidParameter("price")),
            ("-1", Self.lot, .quantity, .invalidParameter("quantity")),
            (" 1", Self.lot, .quantity, .invalidParameter("quantity")),
            ("1.", Self.lot, .quantity, .invalidParameter("quantity")),
            (".5", Self.lot, .quantity, .invalidParameter("quantity")),
            ("1.2.3", Self.lot, .quantity, .invalidParameter("quantity")),
            ("NaN", Self.lot, .other, .invalidParameter("value")),
            ("-", Self.lot, .other, .invalidParameter("value")),
            ("1,5", Self.lot, .quantity, .invalidParameter("quantity")),
            ("0x10", Self.whole, .quantity, .invalidParameter("quantity")),
            (String(repeating: "9", count: 41), Self.whole, .quantity, .invalidParameter("quantity")),
            (String(repeating: "9", count: 40), Self.whole, .quantity, .invalidParameter("quantity")),
            ("9223372036854775808", Self.whole, .quantity, .invalidParameter("quantity")),
            ("99999999999999999999999999999999.999", Self.lot, .quantity, .invalidParameter("quantity")),
            ("49500.15", Self.tick, .price, .priceOffTick),
            ("49500.123", Self.tick, .price, .precisionOverMaximum),
            ("0.0005", Self.lot, .quantity, .precisionOverMaximum),
            ("0.5", Self.whole, .quantity, .precisionOverMaximum),
            ("0.005", try! StepSize(units: 2, scale: 3), .quantity, .quantityOffStep),
            ("0.005", try! StepSize(units: 2, scale: 3), .other, .invalidParameter("value")),
            ("0", Self.tick, .price, .priceBelowMin),
            ("0.00", Self.tick, .price, .priceBelowMin),
            ("0", Self.lot, .quantity, .quantityNotPositive),
            ("0.000", Self.lot, .quantity, .quantityNotPositive),
        ]
        for (text, step, field, error) in cases {
            #expect(throws: error, "\(text)") { try BinanceDecimal.parse(text, step: step, field: field) }
        }
        #expect(throws: BinanceError.invalidParameter("stopPrice")) {
            try BinanceDecimal.parse("x", step: Self.tick, field: .price, name: "stopPrice")
        }
    }

    @Test("format then parse is the identity on random values and steps")
    func roundTrip() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0 ..< 5000 {
            let step = try StepSize(units: Int64.random(in: 1 ... 1000, using: &generator), scale: Int.random(in: 0 ... 10, using: &generator))
            let limit = Int64.max / step.units
            let steps = Int64.random(in: 1 ... min(limit, 1 << Int.random(in: 1 ... 62, using: &generator)), using: &generator)
            for field in [BinanceDecimal.Field.price, .quantity, .other] {
                let text = BinanceDecimal.format(steps, step: step)
                #expect(try BinanceDecimal.parse(text, step: step, field: field) == steps, "\(text) \(step)")
            }
            let negative = BinanceDecimal.format(-steps, step: step, decimals: step.scale + 2)
            #expect(try BinanceDecimal.parse(negative, step: step, field: .other) == -steps, "\(negative)")
            // Agrees with the engine's own exact conversion.
            #expect(try step.steps(parsing: BinanceDecimal.format(steps, step: step)) == steps)
        }
    }

    @Test("random text never traps")
    func randomText() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789.-+eE x")
        for _ in 0 ..< 20000 {
            let text = String((0 ..< Int.random(in: 0 ... 45, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            for field in [BinanceDecimal.Field.price, .quantity, .other] {
                _ = try? BinanceDecimal.parse(text, step: Self.lot, field: field)
            }
        }
    }
}
