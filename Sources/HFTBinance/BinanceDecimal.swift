import HFTEngine

/// Binance's decimal strings (spec "Binance JSON types": every price, quantity, amount and
/// rate is a decimal string) to and from the engine's whole numbers of steps.
///
/// Formatting:
/// - ``format(_:step:decimals:)`` writes a price or quantity with the step's number of digits
///   after the point (`495001` steps of `0.10` → `"49500.10"`), as Binance writes filters,
///   order prices and book levels; zero is `"0"`, as Binance writes an order's untouched
///   `executedQty`, `cumQuote`, `stopPrice` and a market order's `price`.
/// - ``format(money:decimals:)`` writes an amount with exactly `decimals` digits, zero included
///   (`"0.00000000"`), as Binance writes balances, margins and PnL.
///
/// Parsing (``parse(_:step:field:name:)``): plain decimals only (`49500`, `49500.0`, `0.006`):
/// no exponent, no `+`, no `-` except for ``Field/other``, no blanks, at most
/// ``maximumLength`` characters. Malformed or out of range → -1130 naming the parameter; more
/// significant decimals than the step's scale → -1111; not a multiple of the step → -4014
/// (price), -4023 (quantity), -1130 (other); a price ≤ 0 → -4013; a quantity ≤ 0 → -4003.
/// Trailing zeros never count as precision (`"49500.000"` on a `0.1` tick is accepted).
///
/// - Complexity: O(length of the text). Memory: the returned string only. Never traps.
public enum BinanceDecimal {
    /// What a parsed decimal is, which decides its error codes.
    public enum Field: Sendable, Equatable {
        /// A price (`price`, `stopPrice`): off tick -4014, ≤ 0 -4013.
        case price
        /// A quantity (`quantity`): off step -4023, ≤ 0 -4003.
        case quantity
        /// Any other decimal (amounts, rates): signed, off step -1130.
        case other

        /// The parameter name used in -1130 when the caller gives none.
        var defaultName: String {
            switch self {
            case .price: "price"
            case .quantity: "quantity"
            case .other: "value"
            }
        }
    }

    /// The longest decimal text accepted.
    public static let maximumLength = 40

    /// `steps × step` as decimal text with `max(step.scale, decimals ?? 0)` digits after the
    /// point; zero is `"0"`.
    public static func format(_ steps: Int64, step: StepSize, decimals: Int? = nil) -> String {
        guard steps != 0 else { return "0" }
        return fixed(Int128(steps) * Int128(step.units), scale: step.scale, digits: max(step.scale, decimals ?? 0))
    }

    /// `units × 10^-decimals` with exactly `decimals` digits after the point (zero included).
    public static func format(money units: Int64, decimals: Int) -> String {
        fixed(Int128(units), scale: max(0, decimals), digits: max(0, decimals))
    }

    /// Text of `value × 10^-scale` with `digits ≥ scale` digits after the point.
    private static func fixed(_ value: Int128, scale: Int, digits: Int) -> String {
        var divisor: UInt128 = 1
        for _ in 0 ..< scale { divisor *= 10 }  // scale ≤ ExactDecimal.maxScale (30): fits.
        let magnitude = value.magnitude
        var text = value < 0 ? "-" : ""
        text += String(magnitude / divisor)
        guard digits > 0 else { return text }
        let fraction = scale > 0 ? String(magnitude % divisor) : ""
        text += "."
        text += String(repeating: "0", count: scale - fraction.count)
        text += fraction
        text += String(repeating: "0", count: digits - scale)
        return text
    }

    /// The whole number of steps in `text` (rules above).
    ///
    /// - Parameter name: the parameter named in -1130 (default: `price`, `quantity`, `value`).
    public static func parse(_ text: String, step: StepSize, field: Field, name: String? = nil) throws(BinanceError) -> Int64 {
        let malformed = BinanceError.invalidParameter(name ?? field.defaultName)
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= maximumLength else { throw malformed }
        var position = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") {
            guard field == .other else { throw malformed }
            negative = true
            position = 1
        }
        var significand: Int128 = 0
        var integerDigits = 0
        var fractionDigits: [UInt8] = []
        var seenPoint = false
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: ".") {
                guard !seenPoint, integerDigits > 0 else { throw malformed }
                seenPoint = true
                continue
            }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { throw malformed }
            if seenPoint {
                fractionDigits.append(byte - UInt8(ascii: "0"))
            } else {
                significand = try appending(byte - UInt8(ascii: "0"), to: significand, or: malformed)
                integerDigits += 1
            }
        }
        guard integerDigits > 0, !seenPoint || !fractionDigits.isEmpty else { throw malformed }
        while fractionDigits.last == 0 { fractionDigits.removeLast() }
        guard fractionDigits.count <= step.scale else { throw .precisionOverMaximum }
        for digit in fractionDigits {
            significand = try appending(digit, to: significand, or: malformed)
        }
        for _ in fractionDigits.count ..< step.scale {
            significand = try appending(0, to: significand, or: malformed)
        }
        let (quotient, remainder) = significand.quotientAndRemainder(dividingBy: Int128(step.units))
        guard remainder == 0 else {
            switch field {
            case .price: throw .priceOffTick
            case .quantity: throw .quantityOffStep
            case .other: throw malformed
            }
        }
        guard let steps = Int64(exactly: negative ? -quotient : quotient) else { throw malformed }
        switch field {
        case .price where steps <= 0: throw .priceBelowMin
        case .quantity where steps <= 0: throw .quantityNotPositive
        default: return steps
        }
    }

    /// `value × 10 + digit`, or `error` when that does not fit in 128 bits.
    private static func appending(_ digit: UInt8, to value: Int128, or error: BinanceError) throws(BinanceError) -> Int128 {
        let (product, overflow) = value.multipliedReportingOverflow(by: 10)
        let (sum, overflowSum) = product.addingReportingOverflow(Int128(digit))
        guard !overflow, !overflowSum else { throw error }
        return sum
    }
}
