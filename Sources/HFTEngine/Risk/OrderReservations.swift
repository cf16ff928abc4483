/// Money reserved for each live order, so that it can be released exactly on fill,
/// cancel or expiry.
///
/// Keyed by the order id through an ``IdMap``; columns hold the owner, symbol, remaining
/// lots and remaining reserved money of each order. A fill of `f` of the `r` remaining lots
/// releases `⌊reserved × f / r⌋` (rounded down, so what is left stays enough for the rest);
/// the last fill, a cancel or an expiry releases everything left, so an order's releases
/// always sum exactly to its reservation.
///
/// - Complexity: O(1) expected per operation.
/// - Memory: `capacity × 24` bytes of columns, a ``SlotPool`` and an ``IdMap`` (32 bytes per
///   order), allocated in `init`, freed in `deinit`; owned by the store.
public struct OrderReservations: ~Copyable {
    @usableFromInline var ids: IdMap
    @usableFromInline var pool: SlotPool
    @usableFromInline let accountColumn: UnsafeMutablePointer<Int32>
    @usableFromInline let symbolColumn: UnsafeMutablePointer<Int32>
    @usableFromInline let remainingColumn: UnsafeMutablePointer<Int64>
    @usableFromInline let reservedColumn: UnsafeMutablePointer<Int64>

    public init(capacity: Int) {
        ids = IdMap(validatedCapacity: capacity, maxLoadFactor: 0.5, seed: 0x0DE5_0DE5)  // unvalidated: traps as before (Risk owner)
        pool = SlotPool(validatedCapacity: capacity)
        accountColumn = .allocate(capacity: capacity)
        symbolColumn = .allocate(capacity: capacity)
        remainingColumn = .allocate(capacity: capacity)
        reservedColumn = .allocate(capacity: capacity)
    }

    deinit {
        accountColumn.deallocate(); symbolColumn.deallocate()
        remainingColumn.deallocate(); reservedColumn.deallocate()
    }

    /// The number of live orders.
    public var count: Int { ids.count }

    /// The reservation record of a live order: (account, symbol, remaining lots, reserved).
    public func record(_ orderId: Int64) -> (account: Int, symbol: Int, remainingLots: Int64, reserved: Money)? {
        guard let s = ids.find(orderId) else { return nil }
        let i = Int(s)
        return (Int(accountColumn[i]), Int(symbolColumn[i]), remainingColumn[i], Money(units: reservedColumn[i]))
    }

    /// Records a new live order.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    mutating func insert(orderId: Int64, account: Int, symbol: Int, lots: Int64, reserved: Int64) throws(RiskReject) {
        // The insert's own probe is the duplicate check (one probe, not a lookup first); a
        // duplicate id is still reported before a full pool, as the check order says.
        let slot: Int32
        do throws(CapacityError) { slot = try pool.acquire() } catch {
            throw ids.contains(orderId) ? .duplicateOrderId : .capacity
        }
        do throws(IdMap.InsertError) { try ids.insert(orderId, slot) } catch {
            pool.release(slot)
            throw error == .duplicateKey ? .duplicateOrderId : .capacity
        }
        let i = Int(slot)
        accountColumn[i] = Int32(truncatingIfNeeded: account)
        symbolColumn[i] = Int32(truncatingIfNeeded: symbol)
        remainingColumn[i] = lots
        reservedColumn[i] = reserved
    }

    /// Reduces a live order by `lots` filled; returns (account, symbol, money to release,
    /// true if the order is now fully filled and removed), or `nil` for an unknown order.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    mutating func fill(orderId: Int64, lots: Int64) -> (account: Int, symbol: Int, release: Int64, done: Bool)? {
        guard let slot = ids.find(orderId) else { return nil }
        let i = Int(slot)
        let remaining = remainingColumn[i]
        let reserved = reservedColumn[i]
        if lots >= remaining {
            ids.remove(orderId)
            pool.release(slot)
            return (Int(accountColumn[i]), Int(symbolColumn[i]), reserved, true)
        }
        let release = Self.partialRelease(reserved: reserved, lots: lots, remaining: remaining)
        remainingColumn[i] = remaining &- lots
        reservedColumn[i] = reserved &- release
        return (Int(accountColumn[i]), Int(symbolColumn[i]), release, false)
    }

    /// What a fill of `lots` < `remaining` lots releases of `reserved`: ⌊reserved × lots /
    /// remaining⌋, rounded down so that what stays reserved is enough for the rest.
    @inlinable @inline(__always)
    static func partialRelease(reserved: Int64, lots: Int64, remaining: Int64) -> Int64 {
        Int64(clamping: ExactDivision.floor(Int128(reserved) * Int128(lots), Int128(remaining)))
    }

    /// Whether a new order can be recorded (the pool has a free slot).
    @inlinable
    var hasRoom: Bool { pool.availableCount > 0 }

    /// Removes a live order (cancel, expiry); returns (account, symbol, money to release).
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    mutating func remove(orderId: Int64) -> (account: Int, symbol: Int, release: Int64)? {
        guard let slot = ids.remove(orderId) else { return nil }
        pool.release(slot)
        let i = Int(slot)
        return (Int(accountColumn[i]), Int(symbolColumn[i]), reservedColumn[i])
    }
}
