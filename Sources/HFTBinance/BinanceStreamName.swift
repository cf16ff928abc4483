/// A market stream name (spec §1, §5) or a listen key used as a stream name, parsed from and
/// printed as Binance writes it: `btcusdt@depth@100ms`, `btcusdt@depth5`, `btcusdt@trade`,
/// `btcusdt@kline_1m`, `!bookTicker`, `!markPrice@arr@1s`, or a listen key (no `@`, no `!`).
///
/// Symbols are kept upper case (`BTCUSDT`, as the venue names them) and printed lower case,
/// as Binance's stream names are; parsing accepts only lower-case symbols, so a name round
/// trips exactly.
///
/// - Complexity: O(length). Memory: the symbol or key string.
public enum BinanceStreamName: Hashable, Sendable, CustomStringConvertible, LosslessStringConvertible {
    /// The update speed of a depth stream.
    public enum DepthSpeed: String, Hashable, Sendable, CaseIterable {
        /// No suffix: 250 ms.
        case standard = ""
        /// `@0ms`: every change (diff depth only).
        case realTime = "@0ms"
        /// `@100ms`.
        case fast = "@100ms"
        /// `@500ms`.
        case slow = "@500ms"
    }

    /// Binance's kline intervals.
    public enum KlineInterval: String, Hashable, Sendable, CaseIterable {
        case oneMinute = "1m", threeMinutes = "3m", fiveMinutes = "5m", fifteenMinutes = "15m", thirtyMinutes = "30m"
        case oneHour = "1h", twoHours = "2h", fourHours = "4h", sixHours = "6h", eightHours = "8h", twelveHours = "12h"
        case oneDay = "1d", threeDays = "3d", oneWeek = "1w", oneMonth = "1M"

        /// The interval's length in milliseconds; `nil` for the calendar month `1M`.
        public var milliseconds: Int64? {
            let minute: Int64 = 60_000
            switch self {
            case .oneMinute: return minute
            case .threeMinutes: return 3 * minute
            case .fiveMinutes: return 5 * minute
            case .fifteenMinutes: return 15 * minute
            case .thirtyMinutes: return 30 * minute
            case .oneHour: return 60 * minute
            case .twoHours: return 120 * minute
            case .fourHours: return 240 * minute
            case .sixHours: return 360 * minute
            case .eightHours: return 480 * minute
            case .twelveHours: return 720 * minute
            case .oneDay: return 1440 * minute
            case .threeDays: return 3 * 1440 * minute
            case .oneWeek: return 7 * 1440 * minute
            case .oneMonth: return nil
            }
        }
    }

    /// `<symbol>@depth[@0ms|@100ms|@500ms]`.
    case diffDepth(symbol: String, speed: DepthSpeed)
    /// `<symbol>@depth<5|10|20>[@100ms|@500ms]`.
    case partialDepth(symbol: String, levels: Int, speed: DepthSpeed)
    /// `<symbol>@trade`.
    case trade(symbol: String)
    /// `<symbol>@aggTrade`.
    case aggregateTrade(symbol: String)
    /// `<symbol>@bookTicker`.
    case bookTicker(symbol: String)
    /// `<symbol>@markPrice[@1s]` (3 s without the suffix).
    case markPrice(symbol: String, everySecond: Bool)
    /// `<symbol>@kline_<interval>`.
    case kline(symbol: String, interval: KlineInterval)
    /// `!bookTicker`: every symbol's best bid and ask.
    case allBookTickers
    /// `!markPrice@arr[@1s]`: every symbol's mark price.
    case allMarkPrices(everySecond: Bool)
    /// A listen key subscribed as a stream (the official connectors, §1).
    case listenKey(String)

    /// The partial-depth sizes Binance offers.
    public static let partialDepthLevels = [5, 10, 20]
    /// The longest name accepted.
    public static let maximumLength = 128

    /// Parses a stream name; `nil` if it is not one of the forms above.
    public init?(_ text: String) {
        guard !text.isEmpty, text.utf8.count <= Self.maximumLength else { return nil }
        switch text {
        case "!bookTicker": self = .allBookTickers; return
        case "!markPrice@arr": self = .allMarkPrices(everySecond: false); return
        case "!markPrice@arr@1s": self = .allMarkPrices(everySecond: true); return
        default: break
        }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 {
            // A listen key: letters and digits only.
            guard text.utf8.allSatisfy({ Self.isAlphanumeric($0) }) else { return nil }
            self = .listenKey(text)
            return
        }
        let symbolText = parts[0]
        guard !symbolText.isEmpty, symbolText.utf8.allSatisfy({ Self.isLowerAlphanumeric($0) }) else { return nil }
        let symbol = symbolText.uppercased()
        let kind = parts[1]
        let suffix = parts.count == 3 ? "@" + parts[2] : ""
        guard parts.count <= 3 else { return nil }
        switch kind {
        case "depth":
            guard let speed = DepthSpeed(rawValue: suffix) else { return nil }
            self = .diffDepth(symbol: symbol, speed: speed)
        case "depth5", "depth10", "depth20":
            guard let speed = DepthSpeed(rawValue: suffix), speed != .realTime, let levels = Int(kind.dropFirst(5))
            else { return nil }
            self = .partialDepth(symbol: symbol, levels: levels, speed: speed)
        case "trade" where suffix.isEmpty: self = .trade(symbol: symbol)
        case "aggTrade" where suffix.isEmpty: self = .aggregateTrade(symbol: symbol)
        case "bookTicker" where suffix.isEmpty: self = .bookTicker(symbol: symbol)
        case "markPrice" where suffix.isEmpty || suffix == "@1s":
            self = .markPrice(symbol: symbol, everySecond: suffix == "@1s")
        default:
            guard kind.hasPrefix("kline_"), suffix.isEmpty,
                  let interval = KlineInterval(rawValue: String(kind.dropFirst(6)))
            else { return nil }
            self = .kline(symbol: symbol, interval: interval)
        }
    }

    /// The name as Binance writes it.
    public var description: String {
        switch self {
        case let .diffDepth(symbol, speed): "\(symbol.lowercased())@depth\(speed.rawValue)"
        case let .partialDepth(symbol, levels, speed): "\(symbol.lowercased())@depth\(levels)\(speed.rawValue)"
        case let .trade(symbol): "\(symbol.lowercased())@trade"
        case let .aggregateTrade(symbol): "\(symbol.lowercased())@aggTrade"
        case let .bookTicker(symbol): "\(symbol.lowercased())@bookTicker"
        case let .markPrice(symbol, everySecond): "\(symbol.lowercased())@markPrice\(everySecond ? "@1s" : "")"
        case let .kline(symbol, interval): "\(symbol.lowercased())@kline_\(interval.rawValue)"
        case .allBookTickers: "!bookTicker"
        case let .allMarkPrices(everySecond): "!markPrice@arr\(everySecond ? "@1s" : "")"
        case let .listenKey(key): key
        }
    }

    /// The symbol (upper case) of a per-symbol stream; `nil` for the all-market streams and listen keys.
    public var symbol: String? {
        switch self {
        case let .diffDepth(symbol, _), let .partialDepth(symbol, _, _), let .trade(symbol),
             let .aggregateTrade(symbol), let .bookTicker(symbol), let .markPrice(symbol, _), let .kline(symbol, _):
            symbol
        case .allBookTickers, .allMarkPrices, .listenKey:
            nil
        }
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLowerAlphanumeric(byte) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }
}
