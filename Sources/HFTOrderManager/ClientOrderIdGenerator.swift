/// A configuration the OMS refuses at construction.
public enum OMSConfigurationError: Error, Sendable, Hashable {
    /// The client order id prefix is empty, longer than 16 characters, or has a character
    /// Binance does not accept in `newClientOrderId` (`^[\.A-Z\:/a-z0-9_-]{1,36}$`).
    case invalidClientOrderIdPrefix(String)
}

/// Makes the OMS's client order ids: `prefix` followed by a decimal counter.
///
/// Ids are valid for Binance (`^[\.A-Z\:/a-z0-9_-]{1,36}$`: at most 16 prefix characters
/// plus at most 20 digits), unique per generator (the counter only grows), and recognisable
/// as ours by ``isOurs(_:)``. A restarted process should use a new prefix (or a `start`
/// above the last id it used) so that ids stay unique on the exchange.
///
/// - Complexity: ``next()`` O(prefix length); ``isOurs(_:)`` O(id length).
/// - Memory: a value type; owns the prefix string.
public struct ClientOrderIdGenerator: Sendable {
    /// The prefix every id starts with.
    public let prefix: String
    /// The number the next id carries.
    public private(set) var counter: UInt64

    /// Creates a generator; throws when the prefix is not 1–16 characters of Binance's alphabet.
    public init(prefix: String, start: UInt64 = 1) throws(OMSConfigurationError) {
        guard (1...16).contains(prefix.utf8.count), prefix.utf8.allSatisfy(Self.isAllowed) else {
            throw .invalidClientOrderIdPrefix(prefix)
        }
        self.prefix = prefix
        self.counter = start
    }

    /// The next id; never returns the same id twice.
    public mutating func next() -> String {
        defer { counter &+= 1 }
        return prefix + String(counter)
    }

    /// True when `id` is `prefix` followed by one or more decimal digits: an id of ours.
    public func isOurs(_ id: String) -> Bool {
        guard id.hasPrefix(prefix) else { return false }
        let digits = id.utf8.dropFirst(prefix.utf8.count)
        return !digits.isEmpty && digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// True when `id` matches Binance's `^[\.A-Z\:/a-z0-9_-]{1,36}$`.
    public static func isValidClientOrderId(_ id: String) -> Bool {
        (1...36).contains(id.utf8.count) && id.utf8.allSatisfy(isAllowed)
    }

    static func isAllowed(_ c: UInt8) -> Bool {
        switch c {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true          // 0-9 A-Z a-z
        case 0x2E, 0x3A, 0x2F, 0x5F, 0x2D: return true                    // . : / _ -
        default: return false
        }
    }
}
