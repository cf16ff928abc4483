import Synchronization

/// Draws the faults of a ``FaultPlan`` (see there for what each one does) and counts what
/// it injected. With no plan (the default) every draw is "none" after one lock-free check.
///
/// Thread-safe: the plan, the generator (SplitMix64) and the counters sit under one lock.
final class FaultInjector: Sendable {
    /// What happens to one REST request.
    enum RESTFault: Equatable {
        case tooManyRequests, banned, serverErrorBefore, clockSkew
        case serverErrorAfter
        case slowReplyAfter(milliseconds: Int)
    }

    /// What happens to one user-data message for one connection.
    enum StreamFault: Equatable {
        case none, drop, duplicate, disconnect
        case delay(milliseconds: Int)
    }

    /// What happens to one WebSocket API reply.
    enum ReplyFault: Equatable {
        case none, dropConnection
        case slowReply(milliseconds: Int)
    }

    private struct State {
        var plan: FaultPlan?
        var random: UInt64 = 0
        var injected: [String: Int] = [:]

        /// SplitMix64 (Steele, Lea, Flood 2014), as a uniform double in [0, 1).
        mutating func uniform() -> Double {
            random &+= 0x9E37_79B9_7F4A_7C15
            var z = random
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }

        /// Draws each `(name, probability)` in turn; the first that fires is counted and returned.
        mutating func draw(_ choices: [(String, Double?)]) -> String? {
            for (name, probability) in choices {
                guard let probability, probability > 0 else { continue }
                if uniform() < probability {
                    injected[name, default: 0] += 1
                    return name
                }
            }
            return nil
        }
    }

    private let state: Mutex<State>
    private let active = Atomic<Bool>(false)

    init(plan: FaultPlan?) {
        state = Mutex(State())
        set(plan)
    }

    /// Replaces the plan (nil: no faults); the generator restarts from the plan's seed.
    func set(_ plan: FaultPlan?) {
        state.withLock { s in
            s.plan = plan
            s.random = plan?.seed ?? 0
        }
        active.store(plan != nil, ordering: .releasing)
    }

    /// The plan in force.
    var plan: FaultPlan? { state.withLock { $0.plan } }

    /// How many of each fault were injected, by name (`rest.tooManyRequests`, ...).
    var injected: [String: Int] { state.withLock { $0.injected } }

    /// A fault for a REST request, or nil.
    func rest() -> RESTFault? {
        guard active.load(ordering: .acquiring) else { return nil }
        return state.withLock { s -> RESTFault? in
            guard let r = s.plan?.rest else { return nil }
            switch s.draw([("rest.tooManyRequests", r.tooManyRequests), ("rest.banned", r.banned),
                           ("rest.serverErrorBefore", r.serverErrorBefore), ("rest.clockSkew", r.clockSkew),
                           ("rest.serverErrorAfter", r.serverErrorAfter), ("rest.slowReplyAfter", r.slowReplyAfter)]) {
            case "rest.tooManyRequests": return .tooManyRequests
            case "rest.banned": return .banned
            case "rest.serverErrorBefore": return .serverErrorBefore
            case "rest.clockSkew": return .clockSkew
            case "rest.serverErrorAfter": return .serverErrorAfter
            case "rest.slowReplyAfter": return .slowReplyAfter(milliseconds: r.slowReplyMilliseconds ?? 3_000)
            default: return nil
            }
        }
    }

    /// A fault for one user-data message to one connection.
    func userData() -> StreamFault {
        guard active.load(ordering: .acquiring) else { return .none }
        return state.withLock { s -> StreamFault in
            guard let u = s.plan?.userData else { return .none }
            switch s.draw([("userData.drop", u.drop), ("userData.duplicate", u.duplicate), ("userData.delay", u.delay),
                           ("userData.disconnect", u.disconnect)]) {
            case "userData.drop": return .drop
            case "userData.duplicate": return .duplicate
            case "userData.delay": return .delay(milliseconds: u.delayMilliseconds ?? 100)
            case "userData.disconnect": return .disconnect
            default: return .none
            }
        }
    }

    /// A fault for one WebSocket API reply.
    func orderAPIReply() -> ReplyFault {
        guard active.load(ordering: .acquiring) else { return .none }
        return state.withLock { s -> ReplyFault in
            guard let o = s.plan?.orderAPI else { return .none }
            switch s.draw([("orderAPI.dropConnection", o.dropConnection), ("orderAPI.slowReply", o.slowReply)]) {
            case "orderAPI.dropConnection": return .dropConnection
            case "orderAPI.slowReply": return .slowReply(milliseconds: o.slowReplyMilliseconds ?? 3_000)
            default: return .none
            }
        }
    }
}
