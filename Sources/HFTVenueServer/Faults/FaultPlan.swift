/// Faults the service injects on purpose, to test clients (the order manager and gateway
/// of issue 14) against an exchange that misbehaves the way real ones do. Off unless
/// configured (`"faults"` in the configuration file, or `PUT /admin/v1/faults`); never
/// for production. Each field is a probability in [0, 1] per request or message.
///
/// What each fault looks like to a client, and whether the venue acted:
///
/// | fault | the client sees | the venue acted |
/// |---|---|---|
/// | `rest.tooManyRequests` | HTTP 429, `-1003`, `Retry-After: 1` | no |
/// | `rest.banned` | HTTP 418, `-1003`, `Retry-After: 2` | no |
/// | `rest.serverErrorBefore` | HTTP 500, `-1000` | no |
/// | `rest.serverErrorAfter` | HTTP 503, `-1000` (Binance: "execution status unknown") | yes |
/// | `rest.slowReplyAfter` | the reply after `slowReplyMilliseconds` (a client timeout) | yes |
/// | `rest.clockSkew` | HTTP 400, `-1021` | no |
/// | `userData.drop` | a user-data message never arrives | — |
/// | `userData.duplicate` | a user-data message arrives twice | — |
/// | `userData.delay` | a message arrives `delayMilliseconds` late (after later ones) | — |
/// | `userData.disconnect` | the user-data connection closes instead of the message | — |
/// | `orderAPI.dropConnection` | the WebSocket API connection closes instead of the reply | yes |
/// | `orderAPI.slowReply` | the reply after `slowReplyMilliseconds` | yes |
public struct FaultPlan: Codable, Sendable, Equatable {
    /// Seed of the fault generator (the faults drawn depend on it and on arrival order).
    public var seed: UInt64?
    public var rest: REST?
    public var userData: UserData?
    public var orderAPI: OrderAPI?

    public init(seed: UInt64? = nil, rest: REST? = nil, userData: UserData? = nil, orderAPI: OrderAPI? = nil) {
        self.seed = seed
        self.rest = rest
        self.userData = userData
        self.orderAPI = orderAPI
    }

    public struct REST: Codable, Sendable, Equatable {
        public var tooManyRequests: Double?
        public var banned: Double?
        public var serverErrorBefore: Double?
        public var serverErrorAfter: Double?
        public var slowReplyAfter: Double?
        public var slowReplyMilliseconds: Int?
        public var clockSkew: Double?

        public init(tooManyRequests: Double? = nil, banned: Double? = nil, serverErrorBefore: Double? = nil,
                    serverErrorAfter: Double? = nil, slowReplyAfter: Double? = nil, slowReplyMilliseconds: Int? = nil,
                    clockSkew: Double? = nil) {
            self.tooManyRequests = tooManyRequests
            self.banned = banned
            self.serverErrorBefore = serverErrorBefore
            self.serverErrorAfter = serverErrorAfter
            self.slowReplyAfter = slowReplyAfter
            self.slowReplyMilliseconds = slowReplyMilliseconds
            self.clockSkew = clockSkew
        }
    }

    public struct UserData: Codable, Sendable, Equatable {
        public var drop: Double?
        public var duplicate: Double?
        public var delay: Double?
        public var delayMilliseconds: Int?
        public var disconnect: Double?

        public init(drop: Double? = nil, duplicate: Double? = nil, delay: Double? = nil, delayMilliseconds: Int? = nil,
                    disconnect: Double? = nil) {
            self.drop = drop
            self.duplicate = duplicate
            self.delay = delay
            self.delayMilliseconds = delayMilliseconds
            self.disconnect = disconnect
        }
    }

    public struct OrderAPI: Codable, Sendable, Equatable {
        public var dropConnection: Double?
        public var slowReply: Double?
        public var slowReplyMilliseconds: Int?

        public init(dropConnection: Double? = nil, slowReply: Double? = nil, slowReplyMilliseconds: Int? = nil) {
            self.dropConnection = dropConnection
            self.slowReply = slowReply
            self.slowReplyMilliseconds = slowReplyMilliseconds
        }
    }
}

/// `GET|PUT /admin/v1/faults`: the plan in force (absent: none) and what was injected so far.
struct AdminFaults: Encodable {
    var plan: FaultPlan?
    var injected: [String: Int]
}
