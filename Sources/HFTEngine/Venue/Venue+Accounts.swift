// Deposits, withdrawals, leverage and insurance contributions.

extension Venue {
    /// The user account a command names (`w0`), or `nil` after refusing the command with
    /// `RISK_OFF` (a venue without accounts) or `UNKNOWN_ACCOUNT`.
    #if !DEBUG
    @_noAllocation
    #endif
    @inline(__always)
    func userAccount(of command: VenueCommand, into events: inout VenueEventBuffer) -> Int64? {
        guard configuration.riskEnabled else {
            refuse(command, .riskOff, account: command.w0, into: &events)
            return nil
        }
        guard command.w0 >= 0 && command.w0 < Int64(configuration.userAccounts) else {
            refuse(command, .unknownAccount, account: command.w0, into: &events)
            return nil
        }
        return command.w0
    }

    #if !DEBUG
    @_noAllocation
    #endif
    mutating func transfer(_ command: VenueCommand, into events: inout VenueEventBuffer) {
        guard let account = userAccount(of: command, into: &events) else { return }
        let deposit = command.kind == .deposit
        do throws(RiskReject) {
            if deposit {
                try risk.deposit(account: Int(account), amount: Money(units: command.w1))
            } else {
                try risk.withdraw(account: Int(account), amount: Money(units: command.w1))
            }
        } catch {
            refuse(command, VenueReject(error), account: account, into: &events)
            return
        }
        events.append(VenueEvent(.balance, code: (deposit ? VenueEvent.BalanceCause.deposit : .withdrawal).rawValue,
                                 account: account, a: deposit ? command.w1 : 0 &- command.w1))
        touch(account, symbol: -1)
        if configuration.liquidationEnabled { liquidation.refresh(account: Int(account), risk: risk) }
    }

    #if !DEBUG
    @_noAllocation
    #endif
    mutating func setLeverage(_ command: VenueCommand, into events: inout VenueEventBuffer) {
        guard let account = userAccount(of: command, into: &events) else { return }
        guard isSymbol(command.symbol) else { refuse(command, .unknownSymbol, account: account, into: &events); return }
        let mode: MarginMode?
        switch command.b0 {
        case 0: mode = nil
        case 1: mode = .cross
        case 2: mode = .isolated
        default: refuse(command, .badCommand, account: account, into: &events); return
        }
        do throws(RiskReject) {
            try risk.setLeverage(account: Int(account), symbol: Int(command.symbol), leverage: command.w1, mode: mode)
        } catch {
            refuse(command, VenueReject(error), account: account, into: &events)
            return
        }
        touch(account, symbol: Int(command.symbol))
        if configuration.liquidationEnabled { liquidation.refresh(account: Int(account), risk: risk) }
    }

    /// `fundInsurance`: money from an account's available balance to the insurance fund
    /// (a sponsor seeding the fund).
    #if !DEBUG
    @_noAllocation
    #endif
    mutating func fundInsurance(_ command: VenueCommand, into events: inout VenueEventBuffer) {
        guard let account = userAccount(of: command, into: &events) else { return }
        do throws(RiskReject) {
            try risk.contributeToInsuranceFund(from: Int(account), amount: Money(units: command.w1))
        } catch {
            refuse(command, VenueReject(error), account: account, into: &events)
            return
        }
        let fund = Int64(risk.accounts.insuranceFund)
        events.append(VenueEvent(.balance, code: VenueEvent.BalanceCause.insurance.rawValue, account: account, a: 0 &- command.w1))
        events.append(VenueEvent(.balance, code: VenueEvent.BalanceCause.insurance.rawValue, account: fund, a: command.w1))
        touch(account, symbol: -1)
        touch(fund, symbol: -1)
        if configuration.liquidationEnabled { liquidation.refresh(account: Int(account), risk: risk) }
    }
}
