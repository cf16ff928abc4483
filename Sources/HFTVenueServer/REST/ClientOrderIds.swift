import HFTService
import Synchronization

/// Makes `newClientOrderId` idempotent: a NEW whose client id is open for the account, or
/// is being placed by another request right now, is refused with -4116 and never reaches
/// the venue, so a retried NEW can never place a second order (spec §4.14).
///
/// The in-flight set closes the window between the ledger check and the command becoming
/// an open order: a client id is reserved before the command is submitted and released
/// after its outcome is in the ledger.
final class ClientOrderIds: Sendable {
    struct Key: Hashable {
        var account: Int64
        var clientOrderId: String
    }

    let inFlight = Mutex<Set<Key>>([])

    /// Reserves `clientOrderId` of `account`; false if it is open or in flight.
    func reserve(account: Int64, clientOrderId: String, isOpen: () -> Bool) -> Bool {
        inFlight.withLock { set in
            let key = Key(account: account, clientOrderId: clientOrderId)
            guard !set.contains(key), !isOpen() else { return false }
            set.insert(key)
            return true
        }
    }

    func release(account: Int64, clientOrderId: String) {
        _ = inFlight.withLock { $0.remove(Key(account: account, clientOrderId: clientOrderId)) }
    }
}
