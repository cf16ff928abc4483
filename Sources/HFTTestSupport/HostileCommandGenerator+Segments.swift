import HFTEngine
import HFTReplay

// The hostile segments of a generated file: each appends one or more lines.

extension HostileCommandGenerator {
    /// A valid command with one mutation: a field dropped, extra fields, a number replaced
    /// by a hostile one, two fields swapped, or the keyword in lower case.
    mutating func mutatedCommand() {
        validCommand()
        guard let last = lines.popLast() else { return }
        var tokens = String(decoding: last, as: UTF8.self).split(separator: " ").map(String.init)
        switch below(6) {
        case 0 where tokens.count > 1:
            tokens.remove(at: 1 + below(tokens.count - 1))
        case 1:
            for _ in 0...below(3) { tokens.append(pick(["GTC", "extra", "IOC", "1", "STP=NONE", "REDUCE_ONLY", "x=y"])) }
        case 2 where tokens.count > 2:
            tokens.swapAt(1 + below(tokens.count - 1), 1 + below(tokens.count - 1))
        case 3:
            tokens[0] = tokens[0].lowercased()
        default:
            let numeric = tokens.indices.filter { $0 > 0 && tokens[$0].first.map { $0.isNumber } == true }
            if let i = numeric.isEmpty ? nil : pick(numeric) { tokens[i] = HostileText.number(&random) }
        }
        add(tokens.joined(separator: " "))
    }

    /// A well-formed command with values at or beyond the limits.
    mutating func extremeCommand() {
        let id = pick(["9223372036854775807", "9223372036854775806", "9223372036854775808", "18446744073709551615",
                       "18446744073709551616", "0", String(nextId)])
        let account = pick(["0", "1", "\(accounts + 15)", "\(accounts + 16)", "9223372036854775807", "-1", "4294967296"])
        let symbol = pick(["BTC", "ETH", "BTC", "DOGE", "BIG"])
        let side = pick(["BUY", "SELL"])
        let big = pick(["1000000000000000", "4611686018427387903", "3037000499.97", "92233720368547758", "50000"])
        switch below(12) {
        case 0:
            // price × quantity beyond 64 bits (and beyond the ladder).
            add("NEW \(id) \(account) \(symbol) \(side) LIMIT \(big) \(pick(["1000000000000", "9223372036854775.807", "1"]))")
        case 1:
            add("NEW \(id) \(account) \(symbol) \(side) MARKET - \(pick(["9223372036854775.807", "1000000", "0", "-1"]))")
        case 2:
            add("\(pick(["CANCEL", "AMEND"])) \(id)\(chance(50) ? " \(big) \(HostileText.number(&random))" : "")")
        case 3:
            add("MARK \(symbol) \(pick(["0.5", "1", big, "0", "-50000", HostileText.number(&random)]))")
            if chance(60) { add("MARK \(symbol) \(symbol == "ETH" ? "3000" : "50000")") }
        case 4:
            add("INDEX \(symbol) \(pick(["0.5", "0.01", big, "0", HostileText.number(&random)]))")
            if chance(60) { add("INDEX \(symbol) \(symbol == "ETH" ? "3000" : "50000")") }
        case 5:
            add("FUNDING \(symbol) rate=\(pick(["1", "-1", "0.99999999", "-0.99999999", "92233720368.54775807", "-92233720368.54775808", HostileText.number(&random)]))")
        case 6:
            add("LEVERAGE \(account) \(symbol) \(pick(["0", "1", "10000", "10001", "9223372036854775807", HostileText.number(&random)]))"
                + pick(["", " CROSS", " ISOLATED", " BOTH"]))
        case 7:
            add("\(pick(["HALT", "RESUME"])) \(pick(["BTC", "ETH", "ALL", "DOGE"]))")
            if chance(70) { add("RESUME ALL") }
        case 8:
            add("\(pick(["DEPOSIT", "WITHDRAW"])) \(account) \(pick([big, "92233720368.54775807", "0.000000001", HostileText.number(&random)]))")
        case 9:
            add("QUERY \(account)")
        case 10:
            add("BOOK \(symbol) \(pick(["0", "1", "9223372036854775807", "-1", HostileText.number(&random)]))")
        default:
            add("AMEND \(live.isEmpty ? nextId : pick(live)) \(pick([big, "0.5", "0", "-1"])) \(pick(["0", "0.001", "1000000000000", "-1"]))")
        }
    }

    /// An `ENGINE` or `SYMBOL` line: absurd capacities, bad values, or a valid extra symbol
    /// (`BIG`, whose tick and lot make notionals huge).
    mutating func configurationCommand() {
        let absurd = pick(["67108864", "67108865", "16777216", "4096", "1099511627776", "0", "-1",
                           "1234567890123456789012345678901234567890", "x"])
        switch below(4) {
        case 0:
            let key = pick(["orders", "levels", "symbols", "accounts", "positions", "openOrders", "money", "risk", "bogus"])
            add("ENGINE \(key)=\(absurd)")
        case 1:
            add("ENGINE orders=\(pick(["67108864", "16777216"])) levels=16777216 symbols=4096 accounts=16777216 positions=4096")
        case 2:
            add("SYMBOL X\(below(1000)) tick=\(pick(["0", "-1", "0.5", "1e3", absurd])) lot=\(pick(["0.001", "0", absurd]))"
                + " ladder=\(pick(["64", "63", "67108864", "1073741824", absurd]))")
        default:
            add("SYMBOL BIG tick=\(pick(["1000000000", "100000"])) lot=\(pick(["1000000000", "100000"])) ladder=4096 band=\(pick(["0", "100", "1000000"]))")
        }
    }

    /// Weak accounts take leveraged positions from a rich maker, then the mark moves
    /// against them: liquidations, insurance takeovers and ADL.
    mutating func liquidationSetup() {
        let maker = below(accounts)
        let up = chance(50)
        for _ in 0...below(4) {
            let weak = accounts + below(16)
            add("DEPOSIT \(weak) \(50 + below(400))")
            add("LEVERAGE \(weak) BTC \(20 + below(31))")
            add("NEW \(nextId) \(maker) BTC \(up ? "BUY" : "SELL") LIMIT \(up ? 49990 : 50010) 0.1")
            nextId += 1
            add("NEW \(nextId) \(weak) BTC \(up ? "SELL" : "BUY") MARKET - 0.0\(1 + below(9))")
            nextId += 1
        }
        add("MARK BTC \(up ? 50000 + 500 * (1 + below(20)) : 50000 - 500 * (1 + below(20)))")
        if chance(50) { add("INDEX BTC \(up ? 52000 : 48000)") }
        add("MARK BTC 50000")
    }

    /// Ten thousand resting orders at one price, then a sweep (or a cancel storm).
    mutating func wall() {
        let sell = chance(50)
        let price = sell ? "50010" : "49990"
        let size = 10_000
        if !riskOff { add("DEPOSIT 0 100000000") }
        for i in 0..<size {
            add("NEW \(nextId) \(1 + i % (accounts - 1)) BTC \(sell ? "SELL" : "BUY") LIMIT \(price) 0.001\(i % 7 == 0 ? " POST_ONLY" : "")")
            nextId += 1
        }
        switch below(3) {
        case 0:
            add("NEW \(nextId) 0 BTC \(sell ? "BUY" : "SELL") MARKET - \(pick(["10", "20", "5.5"]))")
        case 1:
            add("NEW \(nextId) 0 BTC \(sell ? "BUY" : "SELL") LIMIT \(price) 10.001 \(pick(["IOC", "FOK", "GTC"]))")
        default:
            for id in (nextId - size)..<nextId { add("CANCEL \(id)") }
        }
        nextId += 1
        add("BOOK BTC 2")
    }

    /// Unknown accounts, withdrawals beyond the balance, ids reused while live.
    mutating func accountAbuse() {
        let account = pick(["0", "\(accounts - 1)", "\(accounts + 16)", "1000000", "9223372036854775807", "18446744073709551616"])
        switch below(4) {
        case 0: add("WITHDRAW \(pick(["0", "1", "2"])) \(pick(["1000000000", "220001", "0.00000001"]))")
        case 1: add("DEPOSIT \(account) 100")
        case 2: add("NEW \(nextId) \(account) BTC BUY LIMIT 49990 0.01")
        default: add("NEW \(live.isEmpty ? 1 : pick(live)) 1 BTC BUY LIMIT 49990 0.01")
        }
        nextId += 1
    }
}
