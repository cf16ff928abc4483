/// An exact decimal number `significand × 10^-scale`, the bridge between text and the
/// engine's fixed-point integers.
///
/// Parsing accepts exactly the command-file grammar `-?[0-9]+(\.[0-9]+)?`: no exponent, no
/// `+`, no spaces. Formatting is canonical: no exponent, no leading `+`, no trailing zeros
/// after the point and no point for whole numbers (`100`, `100.5`, `0.001`, `-2.25`).
/// No `Double` is involved anywhere.
///
/// - Complexity: parsing and formatting are O(digits). Memory: a value type of 32 bytes;
///   formatting allocates the returned `String` (edge code only, never the hot path).
public struct ExactDecimal: Hashable, Sendable, CustomStringConvertible {
    /// The digits as an integer.
    public private(set) var significand: Int128
    /// The number of digits after the decimal point (in ``scaleRange``; parsing accepts
    /// at most ``maxScale``).
    public private(set) var scale: Int

    /// The largest number of digits after the point that parsing accepts.
    public static let maxScale = 30

    /// The scales a value may have: every power of ten up to 10^38 fits `Int128`.
    public static let scaleRange = 0 ... 38

    /// `significand × 10^-scale`.
    ///
    /// - Throws: ``DecimalError/outOfRange`` unless `scale` is in ``scaleRange``.
    public init(significand: Int128, scale: Int) throws(DecimalError) {
        guard ExactDecimal.scaleRange.contains(scale) else { throw .outOfRange }
        self.significand = significand
        self.scale = scale
    }

    /// Parses decimal text of the form `-?[0-9]+(\.[0-9]+)?`.
    ///
    /// Values whose significand does not fit 127 bits, or with more than ``maxScale``
    /// digits after the point, are ``DecimalError/outOfRange``.
    public init(parsing text: some StringProtocol) throws(DecimalError) {
        var negative = false
        var significand: Int128 = 0
        var scale = 0
        var integerDigits = 0
        var sawPoint = false
        var first = true
        for byte in text.utf8 {
            defer { first = false }
            switch byte {
            case UInt8(ascii: "-") where first:
                negative = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let (shifted, o1) = significand.multipliedReportingOverflow(by: 10)
                let (next, o2) = shifted.addingReportingOverflow(Int128(byte &- UInt8(ascii: "0")))
                if o1 || o2 { throw .outOfRange }
                significand = next
                if sawPoint {
                    scale += 1
                    if scale > ExactDecimal.maxScale { throw .outOfRange }
                } else {
                    integerDigits += 1
                }
            case UInt8(ascii: ".") where !sawPoint && integerDigits > 0:
                sawPoint = true
            default:
                throw .malformed
            }
        }
        if integerDigits == 0 || (sawPoint && scale == 0) { throw .malformed }
        self.significand = negative ? -significand : significand
        self.scale = scale
    }

    /// The same value with trailing zeros after the point removed.
    public var normalized: ExactDecimal {
        var result = self
        while result.scale > 0, result.significand % 10 == 0 {
            result.significand /= 10
            result.scale -= 1
        }
        return result
    }

    /// Canonical text: `100`, `100.5`, `0.001`, `-2.25`; zero is `0`.
    public var description: String {
        let value = normalized
        let magnitude = value.significand.magnitude
        var digits = String(magnitude)
        if value.scale > 0 {
            if digits.count <= value.scale {
                digits = String(repeating: "0", count: value.scale - digits.count + 1) + digits
            }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -value.scale))
        }
        return value.significand < 0 ? "-" + digits : digits
    }
}

/// Powers of ten that fit in `Int128` (10^0 ... 10^38).
@usableFromInline
internal func powerOfTen(_ exponent: Int) -> Int128? {
    guard exponent >= 0 && exponent <= 38 else { return nil }
    var result: Int128 = 1
    for _ in 0..<exponent { result &*= 10 }
    return result
}
