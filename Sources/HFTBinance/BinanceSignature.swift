import Crypto

/// Binance's request signature (spec §2): lowercase hex of HMAC-SHA256(secret, payload), where
/// the payload is ``BinanceParameters/signedPayload`` (REST) or the sorted parameter string of
/// the WebSocket API (``BinanceWebSocketAPI``).
///
/// - Complexity: O(payload length). Memory: a 64-byte string per signature.
public enum BinanceSignature {
    /// The lowercase hex HMAC-SHA256 of `payload` under `secret`.
    public static func sign(secret: some Sequence<UInt8>, payload: [UInt8]) -> String {
        let key = SymmetricKey(data: Array(secret))
        let code = HMAC<SHA256>.authenticationCode(for: payload, using: key)
        return hex(code)
    }

    /// The lowercase hex HMAC-SHA256 of `payload` under the UTF-8 bytes of `secret`.
    public static func sign(secret: String, payload: [UInt8]) -> String {
        sign(secret: Array(secret.utf8), payload: payload)
    }

    /// Whether `signature` (hex, any letter case, §2) is the HMAC-SHA256 of `payload` under
    /// `secret`. The comparison of the codes is constant-time (swift-crypto's
    /// `isValidAuthenticationCode`); text that is not 64 hex digits is simply false.
    public static func verify(signature: some StringProtocol, secret: some Sequence<UInt8>, payload: [UInt8]) -> Bool {
        guard let code = bytes(hex: signature) else { return false }
        let key = SymmetricKey(data: Array(secret))
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: payload, using: key)
    }

    private static let digits = Array("0123456789abcdef".utf8)

    private static func hex(_ code: some Sequence<UInt8>) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in code {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func bytes(hex text: some StringProtocol) -> [UInt8]? {
        let characters = Array(text.utf8)
        guard characters.count == 2 * SHA256.byteCount else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(SHA256.byteCount)
        var position = 0
        while position < characters.count {
            guard let high = BinanceParameters.hexValue(characters[position]),
                  let low = BinanceParameters.hexValue(characters[position + 1])
            else { return nil }
            result.append(high << 4 | low)
            position += 2
        }
        return result
    }
}
