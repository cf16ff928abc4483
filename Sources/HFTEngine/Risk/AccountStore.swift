/// The accounts of the risk core, as struct-of-arrays columns of fixed capacity.
///
/// An account is addressed by its index `0 ..< capacity`. User accounts are
/// `0 ..< userCapacity`; the two system accounts follow them and are ordinary accounts of
/// the same columns: ``feeAccount`` (`userCapacity`) collects trading fees and pays maker
/// rebates, ``insuranceFund`` (`userCapacity + 1`) receives funding rounding remainders
/// (and, later, liquidation fees). Their balances may be negative (a fee account that has
/// paid more rebates than it collected); the money-conservation invariant counts them.
///
/// Columns (one contiguous `Int64`/`Int32` array each, so a scan over all accounts is a
/// tight loop over one array):
/// - `balance`: wallet balance, money units. Includes isolated margins, which are earmarks
///   of it (see ``PositionStore``), and all realized PnL, fees and deposits; funding is
///   settled into the position slots' `funding` column and moved here when the account is
///   next touched (`foldedEpoch` records up to which funding event that happened).
/// - `reserved`: money held for open orders (initial margin + worst-case fee), released
///   on fill, cancel or expiry.
/// - `marginInUse`: Σ over the account's positions of the position's margin column
///   (cross: ⌈|entry notional| / leverage⌉; isolated: its isolated margin).
/// - `openOrders`: the number of live orders.
/// - `firstPosition`: head of the account's list of position slots (−1 if none), so that
///   margin of one account is O(its positions), not O(symbols).
///
/// Available balance = balance − reserved − marginInUse (``available(_:)``).
///
/// - Complexity: every accessor is O(1).
/// - Memory: `capacity × 40` bytes in six allocations made in `init` (``LargeAllocation``:
///   2 MiB aligned, transparent huge pages), freed in `deinit`,
///   owned by the store (1M users ≈ 40 MB).
public struct AccountStore: ~Copyable {
    public let userCapacity: Int
    /// `userCapacity + 2`.
    public let capacity: Int
    @usableFromInline let balances: UnsafeMutablePointer<Int64>
    @usableFromInline let reservedColumn: UnsafeMutablePointer<Int64>
    @usableFromInline let marginColumn: UnsafeMutablePointer<Int64>
    @usableFromInline let openOrderColumn: UnsafeMutablePointer<Int32>
    @usableFromInline let firstPositionColumn: UnsafeMutablePointer<Int32>
    /// The funding epoch up to which the account's parked funding has been moved into
    /// `balances` (see ``RiskCore/balance(_:)``).
    @usableFromInline let foldedEpochColumn: UnsafeMutablePointer<Int64>

    /// A store for `userCapacity` users plus the fee account and the insurance fund, all
    /// with zero balance.
    ///
    /// - Throws: ``RiskConfigurationError/userCapacity`` unless `userCapacity` is 1 ...
    ///   ``RiskConfiguration/maxUsers``.
    public init(userCapacity: Int) throws(RiskConfigurationError) {
        guard userCapacity >= 1 && userCapacity <= RiskConfiguration.maxUsers else { throw .userCapacity }
        self.init(validatedUserCapacity: userCapacity)
    }

    /// The store for a capacity already validated (``RiskConfiguration/validate()``).
    @usableFromInline
    init(validatedUserCapacity userCapacity: Int) {
        self.userCapacity = userCapacity
        capacity = userCapacity + 2
        balances = LargeAllocation.allocate(Int64.self, capacity: capacity)
        balances.initialize(repeating: 0, count: capacity)
        reservedColumn = LargeAllocation.allocate(Int64.self, capacity: capacity)
        reservedColumn.initialize(repeating: 0, count: capacity)
        marginColumn = LargeAllocation.allocate(Int64.self, capacity: capacity)
        marginColumn.initialize(repeating: 0, count: capacity)
        openOrderColumn = LargeAllocation.allocate(Int32.self, capacity: capacity)
        openOrderColumn.initialize(repeating: 0, count: capacity)
        firstPositionColumn = LargeAllocation.allocate(Int32.self, capacity: capacity)
        firstPositionColumn.initialize(repeating: -1, count: capacity)
        foldedEpochColumn = LargeAllocation.allocate(Int64.self, capacity: capacity)
        foldedEpochColumn.initialize(repeating: 0, count: capacity)
    }

    deinit {
        balances.deallocate()
        reservedColumn.deallocate()
        marginColumn.deallocate()
        openOrderColumn.deallocate()
        firstPositionColumn.deallocate()
        foldedEpochColumn.deallocate()
    }

    /// The account that collects fees and pays rebates.
    @inlinable public var feeAccount: Int { userCapacity }
    /// The insurance fund's account; it receives funding rounding remainders.
    @inlinable public var insuranceFund: Int { userCapacity &+ 1 }

    /// True if `account` is a valid index (user or system).
    @inlinable @inline(__always)
    public func contains(_ account: Int) -> Bool {
        UInt(bitPattern: account) < UInt(bitPattern: capacity)
    }

    /// True if `account` is a user account (deposits, withdrawals and orders).
    @inlinable @inline(__always)
    public func isUser(_ account: Int) -> Bool {
        UInt(bitPattern: account) < UInt(bitPattern: userCapacity)
    }

    /// Accessor precondition (programmer error, like an out-of-range subscript): callers
    /// holding an account index from outside check it with ``contains(_:)`` or
    /// ``isUser(_:)`` first; every `RiskCore` entry point does.
    @inlinable @inline(__always)
    func check(_ account: Int) {
        precondition(UInt(bitPattern: account) < UInt(bitPattern: capacity), "account index out of range")
    }

    /// The balance column: the wallet balance without funding still parked in the
    /// account's position slots (``RiskCore/balance(_:)`` is the whole wallet balance).
    @inlinable @inline(__always)
    public func balance(_ account: Int) -> Money { check(account); return Money(units: balances[account]) }
    /// Money held for open orders.
    @inlinable @inline(__always)
    public func reserved(_ account: Int) -> Money { check(account); return Money(units: reservedColumn[account]) }
    /// Margin of positions (cross IM at entry + isolated margins).
    @inlinable @inline(__always)
    public func marginInUse(_ account: Int) -> Money { check(account); return Money(units: marginColumn[account]) }
    /// Live orders.
    @inlinable @inline(__always)
    public func openOrders(_ account: Int) -> Int { check(account); return Int(openOrderColumn[account]) }

    /// The first of the account's position slots (−1 if none); continue with
    /// ``PositionStore/nextSlot(ofAccount:)``.
    @inlinable @inline(__always)
    public func firstPosition(_ account: Int) -> Int { check(account); return Int(firstPositionColumn[account]) }

    /// balance column − reserved − marginInUse (``RiskCore/available(_:)`` adds the funding
    /// still parked in the account's position slots).
    @inlinable @inline(__always)
    public func available(_ account: Int) -> Money {
        check(account)
        return Money(units: balances[account] &- reservedColumn[account] &- marginColumn[account])
    }

    /// Adds `amount` (may be negative) to the balance. Internal money movement: every
    /// caller moves the same amount out of another account or out of position cost.
    @inlinable @inline(__always)
    mutating func addBalance(_ account: Int, _ amount: Int64) {
        balances.add(amount, at: account)
    }

    /// The sum of every balance, users and system accounts (for invariant checks; O(n)).
    public func totalBalance() -> Int128 {
        var sum: Int128 = 0
        for i in 0..<capacity { sum += Int128(balances[i]) }
        return sum
    }
}
