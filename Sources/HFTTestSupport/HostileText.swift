import HFTEngine
import HFTReplay

/// The raw material of hostile command lines: numbers at and beyond every limit, random
/// tokens drawn from the command vocabulary, and random bytes (not UTF-8, NUL, control
/// characters, very long lines). Used by ``HostileCommandGenerator``.
///
/// - Complexity: O(length of what is produced).
enum HostileText {
    /// Numbers a parser must survive: zero, negatives, 40 digits, the 64-bit limits and
    /// one past them, tiny and over-precise fractions, exponents, signs and junk.
    static let numbers: [String] = [
        "0", "-0", "-1", "1", "0.0", "-0.5", "00000000000000000000000000000000000001",
        "1234567890123456789012345678901234567890", "-1234567890123456789012345678901234567890",
        "0.1234567890123456789012345678901234567890", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616",
        "170141183460469231731687303715884105727", "170141183460469231731687303715884105728",
        "4611686018427387904", "3037000500", "92233720368547758.07", "922337203685477580.8",
        "0.000000000000000001", "0.00000001", "1e3", "+5", "1.", ".5", "1..2", "--1", "0x10", "NaN", "inf",
        "1,5", "5_000", "١٢٣", "½", "",
    ]

    /// The keywords, sides, options and symbols of the format (and near misses).
    static let vocabulary: [String] = [
        "NEW", "CANCEL", "AMEND", "BOOK", "ENGINE", "SYMBOL", "DEPOSIT", "WITHDRAW", "LEVERAGE", "INDEX", "MARK",
        "FUNDING", "QUERY", "HALT", "RESUME", "new", "BUY", "SELL", "LIMIT", "MARKET", "-", "GTC", "IOC", "FOK",
        "POST_ONLY", "REDUCE_ONLY", "STP=NONE", "STP=EXPIRE_BOTH", "STP=", "BTC", "ETH", "ALL", "DOGE", "CROSS",
        "ISOLATED", "rate=0.01", "rate=", "=", "tick=0.5", "lot=0", "risk=on", "orders=1", "#", "\t", "é", "\u{0}",
    ]

    /// A hostile number.
    static func number(_ random: inout SplitMix64) -> String {
        numbers[Int(random.next() % UInt64(numbers.count))]
    }

    /// 1 to 12 tokens from the vocabulary and the hostile numbers.
    static func randomTokens(_ random: inout SplitMix64) -> String {
        var tokens: [String] = []
        for _ in 0...(random.next() % 12) {
            tokens.append(random.next() % 2 == 0
                ? vocabulary[Int(random.next() % UInt64(vocabulary.count))] : number(&random))
        }
        return tokens.joined(separator: random.next() % 4 == 0 ? "\t" : " ")
    }

    /// A line of random bytes: usually short, sometimes 100 KB; with NUL, carriage
    /// returns, invalid UTF-8 sequences and lone continuation bytes (never a line feed,
    /// so it stays one line).
    static func randomBytes(_ random: inout SplitMix64) -> [UInt8] {
        let length = random.next() % 10 == 0 ? 100_000 + Int(random.next() % 50_000) : Int(random.next() % 200)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length + 8)
        if random.next() % 3 == 0 { bytes += Array("NEW ".utf8) }   // a keyword, then garbage
        for _ in 0..<length {
            var byte = UInt8(truncatingIfNeeded: random.next())
            if byte == UInt8(ascii: "\n") { byte = 0 }
            bytes.append(byte)
        }
        return bytes
    }
}
