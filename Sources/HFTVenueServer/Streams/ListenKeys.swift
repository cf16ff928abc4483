import Synchronization

/// The user-data streams' listen keys (spec §4.7–4.8): one live key per account, valid for
/// 60 minutes after its creation or last keep-alive. Creating a key while one is alive
/// returns the same key and extends it, as Binance does.
///
/// Keys are 64 random alphanumerics (SystemRandomNumberGenerator), never derived from the
/// account. Time is passed in (milliseconds) so that tests control it.
///
/// - Complexity: O(1) per call (plus O(expired keys) in ``expire(now:)``).
/// - Memory: two small dictionaries under one mutex.
final class ListenKeys: Sendable {
    struct Entry {
        var account: Int64
        var expiresAt: Int64
    }

    static let validity: Int64 = 60 * 60 * 1_000

    let state = Mutex<(byKey: [String: Entry], byAccount: [Int64: String])>(([:], [:]))

    /// The account's live key (extended), or a new one.
    func create(account: Int64, now: Int64) -> String {
        state.withLock { s in
            if let key = s.byAccount[account], var entry = s.byKey[key], entry.expiresAt > now {
                entry.expiresAt = now + Self.validity
                s.byKey[key] = entry
                return key
            }
            if let old = s.byAccount[account] { s.byKey[old] = nil }
            let key = Self.randomKey()
            s.byKey[key] = Entry(account: account, expiresAt: now + Self.validity)
            s.byAccount[account] = key
            return key
        }
    }

    /// Extends `key` of `account`; false if it is unknown, expired or another account's.
    func keepAlive(_ key: String, account: Int64, now: Int64) -> Bool {
        state.withLock { s in
            guard var entry = s.byKey[key], entry.account == account, entry.expiresAt > now else { return false }
            entry.expiresAt = now + Self.validity
            s.byKey[key] = entry
            return true
        }
    }

    /// Closes `key` of `account`; false if it is unknown or another account's.
    func close(_ key: String, account: Int64) -> Bool {
        state.withLock { s in
            guard let entry = s.byKey[key], entry.account == account else { return false }
            s.byKey[key] = nil
            s.byAccount[entry.account] = nil
            return true
        }
    }

    /// The account of a live `key`.
    func account(of key: String, now: Int64) -> Int64? {
        state.withLock { s in
            guard let entry = s.byKey[key], entry.expiresAt > now else { return nil }
            return entry.account
        }
    }

    /// Removes the keys that expired by `now` and returns them with their accounts (the
    /// stream writer sends `listenKeyExpired` and closes their connections).
    func expire(now: Int64) -> [(key: String, account: Int64)] {
        state.withLock { s in
            let gone = s.byKey.filter { $0.value.expiresAt <= now }
            for (key, entry) in gone {
                s.byKey[key] = nil
                if s.byAccount[entry.account] == key { s.byAccount[entry.account] = nil }
            }
            return gone.map { ($0.key, $0.value.account) }
        }
    }

    static func randomKey() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<64).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }
}
