/// Applies a fixed-kind ``JournalCommand`` to a matching engine and its risk core, exactly
/// as `hft replay` applies the same command line: through ``RiskGate`` with risk on, to the
/// book alone with risk off. This is the replay path of recovery and of `journal.replay`.
///
/// `commandLine` records are not applied here (their text goes back through the command-
/// file parser of the host), nor `venueCommand` records (``Venue/apply(_:into:)`` applies
/// them); ``apply(_:riskOn:matching:risk:into:)`` returns `false` for them and for records whose fields do not decode (a corrupt record never traps).
///
/// - Complexity: that of the engine command.
/// - Memory: none; events go to the caller's buffer.
public enum JournalApplier {
    #if !DEBUG
    @_noAllocation
    #endif
    @discardableResult
    public static func apply(_ command: JournalCommand, riskOn: Bool, matching: inout MatchingEngine,
                             risk: inout RiskCore, into events: inout EventBuffer) -> Bool {
        switch command.kind {
        case .newOrder:
            guard let request = command.orderRequest() else { return false }
            if riskOn { RiskGate.submit(request, matching: &matching, risk: &risk, into: &events) }
            else { matching.submit(request, into: &events) }
        case .cancel:
            if riskOn { RiskGate.cancel(orderId: command.w0, matching: &matching, risk: &risk, into: &events) }
            else { matching.cancel(orderId: command.w0, into: &events) }
        case .amend:
            let price = Price(ticks: command.w2), quantity = Quantity(lots: command.w3)
            if riskOn {
                RiskGate.amend(orderId: command.w0, price: price, quantity: quantity, matching: &matching, risk: &risk, into: &events)
            } else {
                matching.amend(orderId: command.w0, price: price, quantity: quantity, into: &events)
            }
        case .deposit, .withdraw:
            guard riskOn, command.w1 >= 0, command.w1 <= Int64(Int32.max) else { return false }
            do throws(RiskReject) {
                if command.kind == .deposit { try risk.deposit(account: Int(command.w1), amount: Money(units: command.w3)) }
                else { try risk.withdraw(account: Int(command.w1), amount: Money(units: command.w3)) }
            } catch {
                return true   // a refused transfer changes nothing; the host reports it
            }
        case .commandLine, .venueCommand:
            return false
        }
        return true
    }
}
