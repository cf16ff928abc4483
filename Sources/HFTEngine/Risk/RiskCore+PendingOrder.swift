/// A new order's reservation while the book matches it: ``RiskGate/submit(_:matching:risk:into:clearings:)``
/// admits the order with ``RiskCore/admitPending(_:)``, releases its fills and its end from
/// this record, and records what is left in ``OrderReservations`` only if the order rests.
/// A taker that fills at once or is refused by the book then costs no order-id map insert,
/// lookup or removal (three probes per fill before).
///
/// The money is exactly what ``OrderReservations`` would have released: the account's
/// reserved balance, open-order count and the position slot's order count are taken at
/// admission, as by ``RiskCore/admit(_:)``, and each fill releases ⌊reserved × f / r⌋ (all
/// of it on the last fill), so the risk state after a command is the same either way.
///
/// - Memory: 64 bytes on the caller's stack, trivially copyable.
@frozen
public struct PendingReservation: BitwiseCopyable, Sendable {
    /// The order's id.
    public let orderId: Int64
    @usableFromInline let account: Int
    @usableFromInline let symbol: Int
    /// The account's position slot in the symbol at admission, held by the order (its
    /// order count).
    @usableFromInline let position: PositionSlotHint
    @usableFromInline var remainingLots: Int64
    @usableFromInline var reserved: Int64
    /// True until the order fills completely or ends (cancel, expiry, the book's reject).
    public var live: Bool { liveFlag }
    @usableFromInline var liveFlag: Bool

    @inlinable
    init(orderId: Int64, account: Int, symbol: Int, position: PositionSlotHint, remainingLots: Int64,
         reserved: Int64, live: Bool) {
        self.orderId = orderId
        self.account = account
        self.symbol = symbol
        self.position = position
        self.remainingLots = remainingLots
        self.reserved = reserved
        self.liveFlag = live
    }

    /// No pending order (for event batches without a new order).
    @inlinable
    static var none: PendingReservation {
        PendingReservation(orderId: 0, account: 0, symbol: 0, position: .none, remainingLots: 0, reserved: 0,
                           live: false)
    }

    /// Whether `orderId` is this live pending order.
    @inlinable @inline(__always)
    func holds(_ orderId: Int64) -> Bool { live && orderId == self.orderId }
}

extension RiskCore {
    /// ``admit(_:)`` without recording the reservation: the same checks in the same order
    /// (a full reservation pool is `DUPLICATE_ORDER_ID` when the id is live, else
    /// `CAPACITY`), the same money reserved and orders counted, but the order's record is
    /// returned to the caller. The caller must have made sure the id is not live (the
    /// book's validation: every live reservation is a resting order of the book) and must
    /// end with ``recordPending(_:)``.
    ///
    /// - Throws: the check's reason or `CAPACITY`; nothing changes then.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public mutating func admitPending(_ order: PreTradeOrder) throws(RiskReject) -> (PreTradeApproval, PendingReservation) {
        let (approval, slot) = try evaluateForAdmission(order)
        guard reservations.hasRoom else {
            positions.releaseIfIdle(slot, accounts: &accounts)
            throw reservations.ids.contains(order.orderId) ? .duplicateOrderId : .capacity
        }
        commitAdmission(order, approval, slot: slot)
        return (approval, PendingReservation(
            orderId: order.orderId, account: order.account, symbol: order.symbol,
            position: PositionSlotHint(slot: slot, stamp: positions.slotChanges), remainingLots: approval.quantity.lots, reserved: approval.reservation.units, live: true))
    }

    /// ``orderFilled(_:lots:)`` for a pending order.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public mutating func pendingFilled(_ pending: inout PendingReservation, lots: Int64) {
        if lots >= pending.remainingLots {
            pendingEnded(&pending)
            return
        }
        let release = OrderReservations.partialRelease(reserved: pending.reserved, lots: lots,
                                                       remaining: pending.remainingLots)
        pending.remainingLots &-= lots
        pending.reserved &-= release
        accounts.reservedColumn.subtract(release, at: pending.account)
    }

    /// ``orderEnded(_:)`` for a pending order: releases everything left.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable
    public mutating func pendingEnded(_ pending: inout PendingReservation) {
        accounts.reservedColumn.subtract(pending.reserved, at: pending.account)
        endOrder(account: pending.account, symbol: pending.symbol, known: pending.position)
        pending.reserved = 0
        pending.liveFlag = false
    }

    /// Records a pending order that rests in the book after its command (nothing for one
    /// that ended). Traps if the record cannot be made: the pool had room at admission and
    /// only releases happened since, and the book refused a duplicate id, so a failure here
    /// is a broken internal invariant.
    #if !DEBUG
    @_noAllocation
    #endif
    @inlinable @inline(__always)
    public mutating func recordPending(_ pending: PendingReservation) {
        guard pending.live else { return }
        do throws(RiskReject) {
            try reservations.insert(orderId: pending.orderId, account: pending.account, symbol: pending.symbol,
                                    lots: pending.remainingLots, reserved: pending.reserved)
        } catch {
            preconditionFailure("RiskCore.recordPending: a resting order's reservation could not be recorded")
        }
    }
}

/// A position slot found earlier in the same command, with ``PositionStore/slotChanges``
/// at that moment: still the slot of its (account, symbol) while no slot has been acquired
/// or released since (releasing a slot moves the symbol's last slot into the hole), which
/// saves the map probe of a second lookup.
///
/// - Memory: 16 bytes, trivially copyable.
@frozen
public struct PositionSlotHint: BitwiseCopyable, Sendable {
    @usableFromInline let slot: Int
    @usableFromInline let stamp: UInt64

    @inlinable
    init(slot: Int, stamp: UInt64) {
        self.slot = slot
        self.stamp = stamp
    }

    /// No known slot.
    @inlinable
    static var none: PositionSlotHint { PositionSlotHint(slot: -1, stamp: .max) }

    /// The slot if no slot changed since it was found (`slotChanges` now), else −1.
    @inlinable @inline(__always)
    func slot(slotChanges: UInt64) -> Int { slot >= 0 && slotChanges == stamp ? slot : -1 }
}
