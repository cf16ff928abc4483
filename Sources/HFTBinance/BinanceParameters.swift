/// The parameters of one REST request exactly as received (spec §2): the raw query string and
/// the raw `application/x-www-form-urlencoded` body (or an empty body), decoded for reading
/// while the raw bytes are kept for the signature.
///
/// - Decoding: `%XX` escapes and `+` as a space (form encoding: ccxt and python-binance build
///   their strings with Python's `urlencode`, which writes a space as `+`). A pair without `=`
///   is a name with an empty value; empty pairs (`a=1&&b=2`) are skipped.
/// - Duplicates: a name sent twice (in the query, the body or across both) is refused with
///   -1101 "Duplicate values for a parameter detected." (Binance's own answer), so that the
///   signed value and the value acted upon can never differ.
/// - Limits: at most ``maximumBytes`` of query plus body (HTTP 413, ``BinanceError/requestTooLarge``)
///   and ``maximumCount`` parameters (-1101). Invalid escapes or invalid UTF-8 are -1100.
/// - Signature: ``signedPayload`` is the raw query concatenated with the raw body, no
///   separator, with the `signature=...` pair removed from whichever holds it, byte for byte
///   as sent: nothing is decoded and re-encoded, so ccxt (which encodes `:` and `/`) and
///   python-binance (which does not) both verify.
///
/// - Complexity: O(n) in the request's size. Memory: the decoded pairs and the payload.
public struct BinanceParameters: Sendable {
    /// The largest query plus body accepted, in bytes.
    public static let maximumBytes = 16_384
    /// The most parameters accepted in one request.
    public static let maximumCount = 64

    /// The decoded pairs in the order received (query first, then body).
    public private(set) var pairs: [(name: String, value: String)]
    /// The `signature` parameter (hex), if sent in the query or the body.
    public private(set) var signature: String?
    /// The bytes the client signed: raw query + raw body without the `signature` pair (§2).
    public private(set) var signedPayload: [UInt8]
    private var index: [String: Int]

    /// Parses the raw query string (without `?`) and the raw body.
    ///
    /// - Throws: ``BinanceError/requestTooLarge``, ``BinanceError/tooManyParameters``,
    ///   ``BinanceError/duplicateParameter``, ``BinanceError/illegalCharacters``.
    public init(query: some StringProtocol, body: [UInt8]) throws(BinanceError) {
        let queryBytes = Array(query.utf8)
        guard queryBytes.count + body.count <= Self.maximumBytes else { throw .requestTooLarge }
        pairs = []
        index = [:]
        signature = nil
        signedPayload = []
        signedPayload.reserveCapacity(queryBytes.count + body.count)
        try read(queryBytes)
        try read(body)
    }

    /// Parameters already decoded, with the payload their signature covers (the WebSocket API,
    /// ``BinanceWebSocketAPI``). The same duplicate and count limits apply.
    public init(pairs: [(name: String, value: String)], signature: String?, signedPayload: [UInt8]) throws(BinanceError) {
        guard pairs.count <= Self.maximumCount else { throw .tooManyParameters }
        self.pairs = []
        self.index = [:]
        self.signature = signature
        self.signedPayload = signedPayload
        for (name, value) in pairs { try add(name: name, value: value) }
    }

    /// The number of parameters, `signature` excluded.
    public var count: Int { pairs.count }

    /// The decoded value of `name`, or `nil` if it was not sent.
    public subscript(_ name: String) -> String? {
        index[name].map { pairs[$0].value }
    }

    private mutating func read(_ bytes: [UInt8]) throws(BinanceError) {
        var kept = 0
        for segment in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false) {
            let equals = segment.firstIndex(of: UInt8(ascii: "="))
            let rawName = segment[segment.startIndex ..< (equals ?? segment.endIndex)]
            let rawValue = equals.map { segment[segment.index(after: $0)...] } ?? segment[segment.endIndex...]
            if !segment.isEmpty, rawName.elementsEqual("signature".utf8) {
                guard signature == nil else { throw .duplicateParameter }
                signature = try Self.decode(rawValue)
                continue
            }
            if kept > 0 { signedPayload.append(UInt8(ascii: "&")) }
            signedPayload.append(contentsOf: segment)
            kept += 1
            if segment.isEmpty { continue }
            try add(name: try Self.decode(rawName), value: try Self.decode(rawValue))
        }
    }

    private mutating func add(name: String, value: String) throws(BinanceError) {
        if name == "signature" {
            guard signature == nil else { throw .duplicateParameter }
            signature = value
            return
        }
        guard index[name] == nil else { throw .duplicateParameter }
        guard pairs.count < Self.maximumCount else { throw .tooManyParameters }
        index[name] = pairs.count
        pairs.append((name, value))
    }

    /// Form decoding of one name or value: `+` is a space, `%XX` a byte; the result must be UTF-8.
    static func decode(_ raw: ArraySlice<UInt8>) throws(BinanceError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(raw.count)
        var position = raw.startIndex
        while position < raw.endIndex {
            let byte = raw[position]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                guard raw.endIndex - position >= 3,
                      let high = hexValue(raw[position + 1]), let low = hexValue(raw[position + 2])
                else { throw .illegalCharacters }
                bytes.append(high << 4 | low)
                position += 2
            } else {
                bytes.append(byte)
            }
            position += 1
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .illegalCharacters }
        return text
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0") ... UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a") ... UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A") ... UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension BinanceParameters {
    /// The value of a mandatory parameter.
    ///
    /// - Throws: -1102 ``BinanceError/mandatoryParameter(_:)`` if it is missing or empty.
    public func requiredString(_ name: String) throws(BinanceError) -> String {
        guard let value = self[name], !value.isEmpty else { throw .mandatoryParameter(name) }
        return value
    }

    /// An optional integer parameter (decimal digits, optional leading `-`), `nil` if absent
    /// or empty.
    ///
    /// - Throws: -1130 ``BinanceError/invalidParameter(_:)`` if it is not an `Int64`.
    public func int64(_ name: String) throws(BinanceError) -> Int64? {
        guard let value = self[name], !value.isEmpty else { return nil }
        guard value.utf8.count <= 20, value.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || ($0 >= 48 && $0 <= 57) }),
              let number = Int64(value)
        else { throw .invalidParameter(name) }
        return number
    }

    /// A mandatory integer parameter.
    ///
    /// - Throws: -1102 if missing or empty, -1130 if not an `Int64`.
    public func requiredInt64(_ name: String) throws(BinanceError) -> Int64 {
        guard let number = try int64(name) else { throw .mandatoryParameter(name) }
        return number
    }

    /// An optional boolean parameter: `true` or `false` in any letter case (ccxt sends
    /// `true`/`false`, §2), `nil` if absent or empty.
    ///
    /// - Throws: -1130 ``BinanceError/invalidParameter(_:)`` for any other text.
    public func bool(_ name: String) throws(BinanceError) -> Bool? {
        guard let value = self[name], !value.isEmpty else { return nil }
        switch value.lowercased() {
        case "true": return true
        case "false": return false
        default: throw .invalidParameter(name)
        }
    }
}
