/// Exact conversion between Binance's decimal strings and integer fixed point: a value
/// with `decimals` places is the integer `value × 10^decimals`. Money never goes through
/// `Double`. O(length of the text); no allocation when parsing.
public enum DecimalText {
    /// The integer of `text` at `decimals` places, or `nil` when the text is not a plain
    /// decimal (`-`? digits (`.` digits)?), has non-zero digits beyond `decimals`, or
    /// overflows Int64. Trailing zeros beyond `decimals` are accepted (`"0.100"` at 1 place).
    public static func parse(_ text: some StringProtocol, decimals: Int) -> Int64? {
        var value: Int64 = 0
        var negative = false
        var fraction = -1   // digits seen after the point; -1 before it
        var digits = 0
        for (i, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "-") where i == 0: negative = true
            case UInt8(ascii: "."):
                guard fraction < 0 else { return nil }
                fraction = 0
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int64(byte - UInt8(ascii: "0"))
                digits += 1
                if fraction >= 0 {
                    fraction += 1
                    if fraction > decimals {
                        guard digit == 0 else { return nil }
                        continue
                    }
                }
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(digit)
                guard !o1, !o2 else { return nil }
                value = a
            default: return nil
            }
        }
        guard digits > 0 else { return nil }
        for _ in 0..<(decimals - min(max(fraction, 0), decimals)) {
            let (m, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            value = m
        }
        return negative ? -value : value
    }

    /// The text of `value` at `decimals` places, with exactly `decimals` fraction digits
    /// (none and no point when `decimals` is 0).
    public static func format(_ value: Int64, decimals: Int) -> String {
        let magnitude = value.magnitude
        var digits = String(magnitude)
        guard decimals > 0 else { return value < 0 ? "-" + digits : digits }
        if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
        let split = digits.index(digits.endIndex, offsetBy: -decimals)
        let text = digits[..<split] + "." + digits[split...]
        return value < 0 ? "-" + text : String(text)
    }
}
