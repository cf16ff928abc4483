/// A deterministic random command file for crash and replay tests: `ENGINE risk=on` with
/// small capacities, two symbols, deposits, then a mix of limit and market orders (all
/// time-in-force values), cancels, amends, index and mark updates, funding, leverage
/// changes, deposits and withdrawals, and a few queries. The same seed always gives the
/// same text (SplitMix64, no global randomness).
///
/// - Memory: builds the whole text (tools and tests only).
public struct ReplayStreamGenerator {
    var state: UInt64
    public let accounts: Int

    public init(seed: UInt64, accounts: Int = 200) {
        state = seed &+ 0x9E37_79B9_7F4A_7C15
        self.accounts = accounts
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// The header lines plus `commands` random command lines.
    public mutating func text(commands: Int) -> String {
        var lines: [String] = [
            "ENGINE risk=on orders=\(max(4_096, commands)) levels=8192 symbols=4 accounts=\(accounts) positions=\(accounts)",
            "SYMBOL BTC tick=0.5 lot=0.001 maker=-1 taker=4 maxLeverage=50 brackets=100000:0.004:50,1000000:0.01:20",
            "SYMBOL ETH tick=0.01 lot=0.01 band=10 maker=0 taker=5 maxLeverage=20",
            "MARK BTC 50000",
            "MARK ETH 3000",
        ]
        for a in 0..<accounts { lines.append("DEPOSIT \(a) \(10_000 + below(90_000))") }
        var nextId = 1
        var live: [Int] = []
        for _ in 0..<commands {
            let roll = below(1000)
            let btc = below(3) != 0
            let sym = btc ? "BTC" : "ETH"
            let mid = btc ? 100_000 : 300_000        // in ticks
            /// Ticks as a decimal price (BTC tick 0.5, ETH tick 0.01; prices stay positive).
            func price(_ ticks: Int) -> String {
                btc ? (ticks % 2 == 0 ? String(ticks / 2) : String(ticks / 2) + ".5")
                    : String(ticks / 100) + "." + (ticks % 100 < 10 ? "0" : "") + String(ticks % 100)
            }
            let account = below(accounts)
            switch roll {
            case 0 ..< 560:
                let side = below(2) == 0 ? "BUY" : "SELL"
                let offset = below(40) - (side == "BUY" ? 30 : 10)
                let qty = btc ? "0.0\(10 + below(90))" : "\(1 + below(20)).\(10 + below(90))"
                let tifs = ["", "", "", " IOC", " FOK", " POST_ONLY"]
                let stp = below(10) == 0 ? " STP=EXPIRE_TAKER" : ""
                lines.append("NEW \(nextId) \(account) \(sym) \(side) LIMIT \(price(mid + offset)) \(qty)\(tifs[below(tifs.count)])\(stp)")
                live.append(nextId)
                nextId += 1
            case 560 ..< 600:
                let side = below(2) == 0 ? "BUY" : "SELL"
                lines.append("NEW \(nextId) \(account) \(sym) \(side) MARKET - \(btc ? "0.0\(10 + below(40))" : "\(1 + below(5))")")
                nextId += 1
            case 600 ..< 800:
                if let id = live.isEmpty ? nil : live.remove(at: below(live.count)) { lines.append("CANCEL \(id)") }
                else { lines.append("CANCEL \(nextId + 1000)") }
            case 800 ..< 900:
                let id = live.isEmpty ? nextId + 7 : live[below(live.count)]
                let qty = btc ? "0.0\(10 + below(90))" : "\(1 + below(9)).5"
                lines.append("AMEND \(id) \(price(mid + below(40) - 20)) \(qty)")
            case 900 ..< 930:
                lines.append("INDEX \(sym) \(price(mid + below(20) - 10))")
            case 930 ..< 950:
                lines.append("MARK \(sym) \(price(mid + below(20) - 10))")
            case 950 ..< 960:
                lines.append(below(2) == 0 ? "FUNDING \(sym) rate=0.0001" : "FUNDING \(sym)")
            case 960 ..< 975:
                lines.append("DEPOSIT \(account) \(1 + below(1000))")
            case 975 ..< 985:
                lines.append("WITHDRAW \(account) \(1 + below(500))")
            case 985 ..< 993:
                lines.append("LEVERAGE \(account) \(sym) \(1 + below(20))\(below(4) == 0 ? " ISOLATED" : "")")
            case 993 ..< 996:
                lines.append("QUERY \(account)")
            default:
                lines.append("BOOK \(sym) 3")
            }
            if live.count > 2_000 { live.removeFirst(1_000) }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
