import HFTEngine

// Binance's `newClientOrderId` inside a `newOrder` command: words w5 ... w9 (40 bytes,
// little-endian byte order within each word, NUL-padded), which the venue ignores. The
// journal thereby keeps the client id with the order, so the ledger rebuilds it on replay.

public extension VenueCommand {
    /// The longest client order id Binance accepts.
    static let maxClientOrderIdLength = 36

    /// True if `s` is a valid Binance client order id: `^[\.A-Z\:/a-z0-9_-]{1,36}$`.
    static func isValidClientOrderId(_ s: some StringProtocol) -> Bool {
        let bytes = s.utf8
        guard !bytes.isEmpty && bytes.count <= maxClientOrderIdLength else { return false }
        return bytes.allSatisfy(isClientOrderIdByte)
    }

    /// A byte of the client-id alphabet (`.`, `A-Z`, `:`, `/`, `a-z`, `0-9`, `_`, `-`).
    @inline(__always)
    static func isClientOrderIdByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "/"),
             UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    /// The client order id a `newOrder` command carries, or `nil` if it carries none (or
    /// its words do not hold a valid id).
    var clientOrderId: String? {
        guard kind == .newOrder, w5 != 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(40)
        for word in [w5, w6, w7, w8, w9] {
            let w = UInt64(bitPattern: word)
            for i in 0..<8 {
                let b = UInt8(truncatingIfNeeded: w >> (8 * UInt64(i)))
                if b == 0 { return Self.decodedClientOrderId(bytes) }
                bytes.append(b)
            }
        }
        return Self.decodedClientOrderId(bytes)
    }

    /// Stores `s` as the command's client order id (w5 ... w9); returns false, and changes
    /// nothing, if `s` is not a valid Binance client order id.
    mutating func setClientOrderId(_ s: String) -> Bool {
        guard Self.isValidClientOrderId(s) else { return false }
        var words = [Int64](repeating: 0, count: 5)
        for (i, b) in s.utf8.enumerated() {
            words[i / 8] |= Int64(bitPattern: UInt64(b) << (8 * UInt64(i % 8)))
        }
        w5 = words[0]; w6 = words[1]; w7 = words[2]; w8 = words[3]; w9 = words[4]
        return true
    }

    private static func decodedClientOrderId(_ bytes: [UInt8]) -> String? {
        guard !bytes.isEmpty, bytes.count <= maxClientOrderIdLength, bytes.allSatisfy(isClientOrderIdByte) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
