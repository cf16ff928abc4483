import HFTGateway
import Testing

@Suite("gateway: exact decimal text")
struct DecimalTextTests {
    @Test("parses exactly, refuses what is not exact")
    func parse() {
        #expect(DecimalText.parse("50000.1", decimals: 1) == 500_001)
        #expect(DecimalText.parse("50000", decimals: 1) == 500_000)
        #expect(DecimalText.parse("0.010", decimals: 3) == 10)
        #expect(DecimalText.parse("0.0100", decimals: 3) == 10)
        #expect(DecimalText.parse("-1.5", decimals: 2) == -150)
        #expect(DecimalText.parse(".5", decimals: 1) == 5)
        #expect(DecimalText.parse("0.0101", decimals: 3) == nil)
        #expect(DecimalText.parse("", decimals: 3) == nil)
        #expect(DecimalText.parse("1.2.3", decimals: 3) == nil)
        #expect(DecimalText.parse("1e5", decimals: 3) == nil)
        #expect(DecimalText.parse("99999999999999999999", decimals: 0) == nil)
        #expect(DecimalText.parse("9223372036854775807", decimals: 0) == Int64.max)
        #expect(DecimalText.parse("922337203685477580.8", decimals: 1) == nil)
    }

    @Test("formats with exactly the decimals, and round-trips")
    func format() {
        #expect(DecimalText.format(500_001, decimals: 1) == "50000.1")
        #expect(DecimalText.format(10, decimals: 3) == "0.010")
        #expect(DecimalText.format(-150, decimals: 2) == "-1.50")
        #expect(DecimalText.format(7, decimals: 0) == "7")
        #expect(DecimalText.format(0, decimals: 2) == "0.00")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1_000 {
            let value = Int64.random(in: -1_000_000_000_000...1_000_000_000_000, using: &generator)
            let decimals = Int.random(in: 0...8, using: &generator)
            #expect(DecimalText.parse(DecimalText.format(value, decimals: decimals), decimals: decimals) == value)
        }
    }
}
