/// Binance's rule for client order ids (spec §4.14): `newClientOrderId` and
/// `origClientOrderId` match `^[\.A-Z\:/a-z0-9_-]{1,36}$`; anything else is -4015.
/// ccxt's generated ids (`x-cvBPrNm9` + 22 hex digits, 32 characters) pass.
///
/// - Complexity: O(length). Memory: none.
public enum BinanceClientOrderId {
    /// The longest client order id.
    public static let maximumLength = 36

    /// Whether `text` is a valid client order id.
    public static func isValid(_ text: some StringProtocol) -> Bool {
        let bytes = text.utf8
        guard !bytes.isEmpty, bytes.count <= maximumLength else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a") ... UInt8(ascii: "z"), UInt8(ascii: "A") ... UInt8(ascii: "Z"),
                 UInt8(ascii: "0") ... UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "/"),
                 UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
    }

    /// `text` if it is a valid client order id.
    ///
    /// - Throws: -4015 ``BinanceError/clientOrderIdInvalid``.
    public static func validate(_ text: String) throws(BinanceError) -> String {
        guard isValid(text) else { throw .clientOrderIdInvalid }
        return text
    }
}
