/// The checks of a signed (TRADE / USER_DATA) or API-key-only (USER_STREAM) request (spec §2),
/// over a table of API keys. Order of the checks of ``authenticate(apiKey:parameters:serverTimeMilliseconds:)``:
///
/// 1. `X-MBX-APIKEY` missing, empty or malformed → -2014 (HTTP 401); unknown → -2015 (HTTP 401).
/// 2. `signature` missing → -1102; `timestamp` missing → -1102, not an integer → -1130.
/// 3. `recvWindow`: default 5000; not an integer, ≤ 0 or above 60000 → -1130.
/// 4. `timestamp > now + 1000` → -1021 (ahead); `now - timestamp > recvWindow` → -1021 (outside).
/// 5. HMAC-SHA256 mismatch → -1022 (checked last, as it is the costliest).
///
/// - Complexity: O(1) lookups plus one HMAC over the payload. Memory: the key table.
public struct BinanceAuthenticator: Sendable {
    /// One API key's account and secret.
    public struct Key: Sendable, Equatable {
        /// The venue account the key trades for.
        public var account: Int64
        /// The HMAC secret (its UTF-8 bytes as configured).
        public var secret: [UInt8]

        /// A key of `account` with `secret`.
        public init(account: Int64, secret: [UInt8]) {
            self.account = account
            self.secret = secret
        }
    }

    /// `recvWindow` when the request sends none (§2).
    public static let defaultReceiveWindow: Int64 = 5000
    /// The largest `recvWindow` accepted (§2).
    public static let maximumReceiveWindow: Int64 = 60000
    /// How far `timestamp` may be ahead of the server's clock (§2).
    public static let allowedClockAhead: Int64 = 1000
    /// The longest API key accepted before -2014.
    public static let maximumKeyLength = 128

    /// The keys by API key text.
    public var keys: [String: Key]

    /// An authenticator over `keys` (API key → key).
    public init(keys: [String: Key]) {
        self.keys = keys
    }

    /// An authenticator over a table of `(account, secret)` by API key.
    public init(keys: [String: (account: Int64, secret: [UInt8])]) {
        self.keys = keys.mapValues { Key(account: $0.account, secret: $0.secret) }
    }

    /// The account of a USER_STREAM request: API key only, no timestamp or signature (§2).
    ///
    /// - Throws: -2014 for a missing or malformed key, -2015 for an unknown one.
    public func apiKeyOnly(apiKey: String?) throws(BinanceError) -> Int64 {
        try key(apiKey).account
    }

    /// The account of a signed request, after every check of §2 (list above).
    public func authenticate(apiKey: String?, parameters: BinanceParameters, serverTimeMilliseconds now: Int64) throws(BinanceError) -> Int64 {
        let key = try key(apiKey)
        guard let signature = parameters.signature, !signature.isEmpty else { throw .mandatoryParameter("signature") }
        let timestamp = try parameters.requiredInt64("timestamp")
        let window = try parameters.int64("recvWindow") ?? Self.defaultReceiveWindow
        guard window > 0 && window <= Self.maximumReceiveWindow else { throw .invalidParameter("recvWindow") }
        let (ahead, overflowAhead) = timestamp.subtractingReportingOverflow(now)
        guard overflowAhead ? timestamp < now : ahead <= Self.allowedClockAhead else { throw .timestampAhead }
        let (age, overflowAge) = now.subtractingReportingOverflow(timestamp)
        guard !overflowAge && age <= window else { throw .outsideRecvWindow }
        guard BinanceSignature.verify(signature: signature, secret: key.secret, payload: parameters.signedPayload)
        else { throw .badSignature }
        return key.account
    }

    private func key(_ apiKey: String?) throws(BinanceError) -> Key {
        guard let apiKey, !apiKey.isEmpty, apiKey.utf8.count <= Self.maximumKeyLength,
              apiKey.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { throw .apiKeyFormatInvalid }
        guard let key = keys[apiKey] else { throw .invalidApiKey }
        return key
    }
}
