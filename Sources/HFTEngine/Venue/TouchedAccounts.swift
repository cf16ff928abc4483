/// The accounts (and, per account, the symbols) that the current command changed, so
/// that the venue can publish their state once at the end of the command.
///
/// An account is listed once per command (a stamp column holds the command it was last
/// listed in); its touched symbols are a 64-bit mask (symbol `s` sets bit `min(s, 63)`;
/// bit 63 means "every symbol from 63 on").
///
/// - Complexity: ``touch(_:symbol:)`` O(1). Memory: `16 × accounts + 4 × listCapacity`
///   bytes, allocated in `init`, freed in `deinit`.
struct TouchedAccounts: ~Copyable {
    let stamps: UnsafeMutablePointer<UInt64>
    let masks: UnsafeMutablePointer<UInt64>
    let list: UnsafeMutablePointer<Int32>
    let accountCapacity: Int
    let listCapacity: Int
    var count: Int
    var epoch: UInt64
    /// Accounts that did not fit the list (their state is not published; never expected:
    /// the list holds as many accounts as the event budget has events).
    var dropped: Int

    init(accountCapacity: Int, listCapacity: Int) {
        self.accountCapacity = accountCapacity
        self.listCapacity = listCapacity
        stamps = .allocate(capacity: accountCapacity)
        stamps.initialize(repeating: 0, count: accountCapacity)
        masks = .allocate(capacity: accountCapacity)
        masks.initialize(repeating: 0, count: accountCapacity)
        list = .allocate(capacity: listCapacity)
        count = 0
        epoch = 0
        dropped = 0
    }

    deinit {
        stamps.deallocate()
        masks.deallocate()
        list.deallocate()
    }

    /// Starts a new command.
    #if !DEBUG
    @_noAllocation
    #endif
    @inline(__always)
    mutating func begin() {
        epoch &+= 1
        count = 0
    }

    /// Notes that `account` changed, in `symbol` (−1: only its account-level state).
    #if !DEBUG
    @_noAllocation
    #endif
    @inline(__always)
    mutating func touch(_ account: Int, symbol: Int) {
        guard UInt(bitPattern: account) < UInt(bitPattern: accountCapacity) else { return }
        if stamps[account] != epoch {
            guard count < listCapacity else { dropped &+= 1; return }
            stamps[account] = epoch
            masks[account] = 0
            list[count] = Int32(truncatingIfNeeded: account)
            count &+= 1
        }
        // `x = x | y`, not `|=`: Swift 6.3's ThreadSanitizer build cannot compile a compound
        // assignment to a column in a mutating method of a noncopyable store
        // (UnsafeMutablePointer+Column.swift).
        if symbol >= 0 { masks[account] = masks[account] | 1 &<< UInt64(min(symbol, 63)) }
    }
}
