import HFTEngine
import HFTReplay

/// A deterministic generator of hostile command files for fuzzing `hft replay`: valid
/// traffic that fills books, trades, pays funding and liquidates (so the hostile lines meet
/// a busy engine), interleaved with every class of bad input the hardening issue lists —
/// random bytes (non-UTF-8, NUL, very long lines), random tokens, missing and extra fields,
/// 40-digit, negative and zero numbers, price × quantity beyond 64 bits, ids at and just
/// over the 64-bit limits, unknown symbols and accounts, withdrawals beyond the balance,
/// absurd `ENGINE`/`SYMBOL` capacities (also mid-stream), halts, extreme marks, index
/// prices, funding rates and leverage, walls of ten thousand orders at one price and the
/// sweeps that take them.
///
/// The same seed always gives the same bytes (SplitMix64; no global randomness). The file
/// is bytes, not a `String`, because part of it is deliberately not UTF-8; `hft replay`
/// decodes it the same way ``CommandFileFuzzChecker`` does.
///
/// - Complexity: O(size of the file).
/// - Memory: builds the whole file in an array (tools and tests only).
public struct HostileCommandGenerator {
    var random: SplitMix64
    /// Command lines of the file's body (hostile segments may add many more lines: a wall
    /// adds ten thousand).
    public let commands: Int
    /// True for a file that runs matching alone (`ENGINE risk=off`).
    public private(set) var riskOff = false
    var lines: [[UInt8]] = []
    var nextId = 1
    var live: [Int] = []
    let accounts = 48

    /// A generator for the file of `seed` with about `commands` body lines.
    public init(seed: UInt64, commands: Int = 1_500) {
        random = SplitMix64(seed: seed ^ 0xF0CC_F11E_5EED_0001)
        self.commands = commands
    }

    mutating func below(_ n: Int) -> Int { Int(random.next() % UInt64(max(n, 1))) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }

    mutating func add(_ line: String) { lines.append(Array(line.utf8)) }

    /// The whole file.
    public mutating func file() -> [UInt8] {
        lines = []
        header()
        while lines.count < commands {
            switch below(100) {
            case 0 ..< 55: validCommand()
            case 55 ..< 62: add(HostileText.randomTokens(&random))
            case 62 ..< 66: lines.append(HostileText.randomBytes(&random))
            case 66 ..< 76: mutatedCommand()
            case 76 ..< 86: extremeCommand()
            case 86 ..< 90: configurationCommand()
            case 90 ..< 93: liquidationSetup()
            case 93: wall()
            default: accountAbuse()
            }
        }
        var bytes: [UInt8] = []
        for line in lines {
            bytes += line
            // Mostly `\n`, sometimes `\r\n`, rarely a bare `\r` (which joins two lines).
            switch below(1_000) {
            case 0: bytes.append(UInt8(ascii: "\r"))
            case 1 ..< 20: bytes += [UInt8(ascii: "\r"), UInt8(ascii: "\n")]
            default: bytes.append(UInt8(ascii: "\n"))
            }
        }
        return bytes
    }

    /// The engine and symbol lines and the first deposits and marks.
    mutating func header() {
        riskOff = chance(12)
        if chance(5) { configurationCommand() }     // absurd or bad ENGINE/SYMBOL before the real one
        add("ENGINE risk=\(riskOff ? "off" : "on") orders=24000 levels=8192 symbols=4 accounts=\(accounts + 16) "
            + "positions=\(accounts + 16) openOrders=12000\(chance(20) ? " liquidation=off" : "")\(chance(10) ? " money=2" : "")")
        add("SYMBOL BTC tick=0.5 lot=0.001 maker=-1 taker=4 maxLeverage=50 ladder=262144 brackets=100000:0.004:50,1000000:0.01:20")
        add("SYMBOL ETH tick=0.01 lot=0.01 band=10 maker=0 taker=5 maxLeverage=20 ladder=1048576")
        if chance(30) { configurationCommand() }
        add("MARK BTC 50000")
        add("MARK ETH 3000")
        guard !riskOff else { return }
        for a in 0..<accounts { add("DEPOSIT \(a) \(20_000 + below(200_000))") }
    }

    /// BTC or ETH, and a price `offset` ticks from its mid as text.
    mutating func symbolAndPrice(offset: Int) -> (symbol: String, price: String) {
        let btc = chance(65)
        let ticks = (btc ? 100_000 : 300_000) + offset
        if btc { return ("BTC", ticks % 2 == 0 ? String(ticks / 2) : String(ticks / 2) + ".5") }
        return ("ETH", String(ticks / 100) + "." + (ticks % 100 < 10 ? "0" : "") + String(ticks % 100))
    }

    /// A quantity on both symbols' lot grids (0.01 to 0.99).
    mutating func quantity() -> String { "0.\(below(9))\(1 + below(9))" }

    /// One well-formed command of ordinary traffic (ReplayStreamGenerator's mix).
    mutating func validCommand() {
        let account = below(accounts)
        let side = chance(50) ? "BUY" : "SELL"
        let roll = below(1000)
        let (symbol, price) = symbolAndPrice(offset: below(40) - (side == "BUY" ? 30 : 10))
        switch roll {
        case 0 ..< 560:
            let tif = pick(["", "", "", " IOC", " FOK", " POST_ONLY"])
            let stp = chance(10) ? pick([" STP=EXPIRE_TAKER", " STP=EXPIRE_MAKER", " STP=EXPIRE_BOTH"]) : ""
            add("NEW \(nextId) \(account) \(symbol) \(side) LIMIT \(price) \(quantity())\(tif)\(stp)\(chance(5) ? " REDUCE_ONLY" : "")")
            live.append(nextId)
            nextId += 1
        case 560 ..< 620:
            add("NEW \(nextId) \(account) \(symbol) \(side) MARKET - \(quantity())\(chance(10) ? " REDUCE_ONLY" : "")")
            nextId += 1
        case 620 ..< 780:
            add("CANCEL \(live.isEmpty ? nextId : live.remove(at: below(live.count)))")
        case 780 ..< 860:
            add("AMEND \(live.isEmpty ? nextId : pick(live)) \(price) \(quantity())")
        case 860 ..< 900:
            add("INDEX \(symbol) \(symbolAndPrice(offset: below(40) - 20).price)")
        case 900 ..< 930:
            add("MARK \(symbol) \(symbolAndPrice(offset: below(40) - 20).price)")
        case 930 ..< 945:
            add(chance(50) ? "FUNDING \(symbol) rate=0.0001" : "FUNDING \(symbol)")
        case 945 ..< 960:
            add("DEPOSIT \(account) \(1 + below(5_000))")
        case 960 ..< 970:
            add("WITHDRAW \(account) \(1 + below(2_000))")
        case 970 ..< 985:
            add("LEVERAGE \(account) \(symbol) \(1 + below(20))\(chance(25) ? " ISOLATED" : "")")
        case 985 ..< 993:
            add("QUERY \(account)")
        default:
            add("BOOK \(symbol) \(1 + below(4))")
        }
        if live.count > 4_000 { live.removeFirst(2_000) }
    }
}
