import Foundation
import HFTEngine

/// The service's configuration file (JSON), as `hft-venue --config FILE` reads it.
///
/// Every decimal is a JSON string (`"0.10"`), as in Binance's own API, so that no value
/// passes through binary floating point. `Examples/hft-venue.json` is a complete example;
/// Docs/service.md documents each field.
///
/// - Memory: a plain value decoded once at start.
public struct VenueServiceConfiguration: Codable, Sendable {
    /// The public API (REST and WebSocket on one port).
    public var listen: Listen
    /// The admin API (its own port and key).
    public var admin: Admin
    /// The journal directory.
    public var dataDirectory: String
    /// `records:<n>`, `us:<m>` (default `us:1000`: `fdatasync` at least every millisecond)
    /// or `never` (benchmarks only: acknowledged means written, not synced).
    public var durability: String?
    /// Decimals of the money unit (default 8: 10^-8 of the quote asset).
    public var moneyDecimals: Int?
    /// Seconds between scheduled snapshots of the venue and read model (default 300; 0:
    /// none on a schedule; one is still written at graceful shutdown and on the admin API).
    public var snapshotIntervalSeconds: Int?
    /// Capacities of the venue.
    public var capacity: Capacity?
    public var symbols: [Symbol]
    public var accounts: [Account]
    public var rateLimits: RateLimits?
    /// Connection limits of the public port.
    public var connections: Connections?
    /// The margin ratio (maintenance margin / margin balance) at which a `MARGIN_CALL` is
    /// pushed to the account's user-data stream (default `"0.8"`; the venue liquidates at 1).
    public var marginCallRatio: String?
    /// Faults to inject on purpose, for testing clients (``FaultPlan``); none by default.
    public var faults: FaultPlan?

    public struct Listen: Codable, Sendable {
        public var host: String
        public var port: Int
    }

    public struct Admin: Codable, Sendable {
        public var host: String
        public var port: Int
        /// The admin key, sent as `X-HFT-ADMIN-KEY`.
        public var apiKey: String
    }

    public struct Capacity: Codable, Sendable {
        public var maxOrders: Int?
        public var maxPriceLevels: Int?
        public var maxOpenOrdersPerAccount: Int?
        public var positionsPerSymbol: Int?
        /// Accounts beyond the configured ones (for deposits through the admin API).
        public var spareAccounts: Int?
    }

    public struct Symbol: Codable, Sendable {
        /// Binance's symbol name, e.g. `BTCUSDT` (its lowercase is the stream prefix).
        public var name: String
        public var baseAsset: String
        public var quoteAsset: String
        public var tickSize: String
        public var stepSize: String
        public var minPrice: String?
        public var maxPrice: String?
        public var minQty: String?
        public var maxQty: String?
        /// MIN_NOTIONAL in the quote asset (default 5, as Binance's).
        public var minNotional: String?
        public var maxLeverage: Int?
        /// Fee rates as fractions (`"0.0002"` = 2 bp); a negative maker rate is a rebate.
        public var makerFee: String?
        public var takerFee: String?
        /// Largest distance of a limit price from the mark, as a fraction (`"0.05"`); none: no band.
        public var priceBand: String?
        public var fundingIntervalHours: Int?
        /// Circuit breaker: a mark move larger than this fraction within `circuitBreakerSeconds` halts.
        public var circuitBreaker: String?
        public var circuitBreakerSeconds: Int?
        /// The first mark and index price.
        public var initialPrice: String
        /// Maintenance-margin brackets (up to 6), ascending caps.
        public var brackets: [Bracket]?
        /// Prices the book's ladder spans (default 2^20).
        public var ladderTicks: Int?
    }

    public struct Bracket: Codable, Sendable {
        public var notionalCap: String
        public var maintenanceMarginRate: String
        public var maxLeverage: Int
    }

    public struct Account: Codable, Sendable {
        public var name: String
        public var apiKey: String
        public var secret: String
        /// Deposited on the first start (quote asset).
        public var deposit: String?
    }

    public struct RateLimits: Codable, Sendable {
        public var requestWeightPerMinute: Int?
        public var ordersPer10Seconds: Int?
        public var ordersPerMinute: Int?
    }

    public struct Connections: Codable, Sendable {
        /// Open connections at most (beyond: refused).
        public var maxConnections: Int?
        /// Largest request body in bytes.
        public var maxBodyBytes: Int?
        /// Messages a stream client may have waiting before it is disconnected.
        public var maxPendingStreamMessages: Int?
        /// Seconds an HTTP connection may stay idle before it is closed (default 300).
        public var idleSeconds: Int?
    }

    /// Reads and validates `path`.
    public static func load(path: String) throws -> VenueServiceConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw VenueServiceConfigurationError.unreadable(path: path, reason: "\(error)")
        }
        let configuration: VenueServiceConfiguration
        do {
            configuration = try JSONDecoder().decode(VenueServiceConfiguration.self, from: data)
        } catch {
            throw VenueServiceConfigurationError.malformed(path: path, reason: "\(error)")
        }
        _ = try configuration.resolved()
        return configuration
    }
}

/// Why a configuration file was refused.
public enum VenueServiceConfigurationError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case malformed(path: String, reason: String)
    case invalid(field: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .malformed(let path, let reason): "\(path) is not a valid configuration: \(reason)"
        case .invalid(let field, let reason): "configuration field \(field): \(reason)"
        }
    }
}
