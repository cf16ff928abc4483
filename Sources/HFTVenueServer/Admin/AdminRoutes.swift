import Foundation
import HFTEngine
import HFTService
import HTTPTypes
import Hummingbird
import NIOCore

/// The admin API on its own port, for the operator (never for trading clients): money in
/// and out, prices, halts, the kill switch, funding, the liquidation scan, and status.
/// Every request carries the configuration's admin key in `X-HFT-ADMIN-KEY`.
///
/// Bodies are JSON; decimals are strings in the quote asset or the symbol's price
/// (`{"account": "alice", "amount": "1000"}`, `{"symbol": "BTCUSDT", "price": "50000.10"}`).
/// A command the venue refuses gets HTTP 400 with `{"code": "<VenueReject>", "msg": ...}`;
/// a malformed request gets 400 with code `BAD_REQUEST`; a wrong key 401. See
/// Docs/service.md ("Admin API") for every route.
struct AdminRoutes {
    let state: VenueServerState

    func register(on router: Router<VenueRequestContext>) {
        let group = router.group("admin/v1").add(middleware: AdminKeyMiddleware(key: state.resolved.adminKey))
        group.get("status") { _, _ in
            var status = AdminStatus(state)
            status.engineThreadAllocatedBytes = try? await state.host.engineAllocatedBytes()
            return try state.json(status)
        }
        group.get("account") { request, _ in
            guard let name = request.uri.queryParameters.get("account") else {
                throw AdminError(status: .badRequest, code: "BAD_REQUEST", message: "?account=<name or index>")
            }
            let index = try account(name)
            let read: (account: VenueAccount?, positions: [VenuePosition])
            do {
                read = try await state.host.account(index)
            } catch let failure as EngineFailure {
                throw AdminError(status: .serviceUnavailable, code: "ENGINE_\(failure)", message: "the engine is not running")
            }
            guard let found = read.account else {
                throw AdminError(status: .badRequest, code: "UNKNOWN_ACCOUNT", message: "no account \(name)")
            }
            return try state.json(AdminAccount(index: index, account: found, positions: read.positions))
        }
        group.get("faults") { _, _ in try state.json(AdminFaults(plan: state.faults.plan, injected: state.faults.injected)) }
        group.put("faults") { request, context in
            let plan = try await request.decode(as: FaultPlan.self, context: context)
            state.faults.set(plan == FaultPlan() ? nil : plan)
            return try state.json(AdminFaults(plan: state.faults.plan, injected: state.faults.injected))
        }
        group.post("deposit") { request, context in
            let body = try await request.decode(as: AdminMoney.self, context: context)
            return try await run(.deposit(account: try account(body.account), amount: Money(units: try money(body.amount))))
        }
        group.post("withdraw") { request, context in
            let body = try await request.decode(as: AdminMoney.self, context: context)
            return try await run(.withdraw(account: try account(body.account), amount: Money(units: try money(body.amount))))
        }
        group.post("insurance") { request, context in
            let body = try await request.decode(as: AdminMoney.self, context: context)
            return try await run(.fundInsurance(account: try account(body.account), amount: Money(units: try money(body.amount))))
        }
        group.post("index") { request, context in
            let body = try await request.decode(as: AdminPrice.self, context: context)
            let (index, ticks) = try price(body)
            return try await run(.indexPrice(symbol: index, Price(ticks: ticks)))
        }
        group.post("mark") { request, context in
            let body = try await request.decode(as: AdminPrice.self, context: context)
            let (index, ticks) = try price(body)
            return try await run(.markPrice(symbol: index, Price(ticks: ticks)))
        }
        group.post("funding") { request, context in
            let body = try await request.decode(as: AdminScope.self, context: context)
            return try await run(.settleFunding(symbol: try symbol(body.symbol)))
        }
        group.post("liquidation-scan") { _, _ in try await run(VenueCommand(.liquidationScan)) }
        group.post("snapshot") { _, _ in
            do {
                return try state.json(AdminSnapshot(try await state.host.snapshot()))
            } catch let failure as EngineFailure {
                throw AdminError(status: .serviceUnavailable, code: "ENGINE_\(failure)", message: "the engine did not take the snapshot")
            } catch let failure as ServiceSnapshotError {
                throw AdminError(status: .internalServerError, code: "SNAPSHOT_FAILED", message: "\(failure)")
            }
        }
        for (path, kind) in [("halt", VenueCommandKind.halt), ("resume", .resume), ("kill-switch", .killSwitch)] {
            group.post(RouterPath(stringLiteral: path)) { request, context in
                let body = try await request.decode(as: AdminScope.self, context: context)
                return try await run(try scoped(kind, body))
            }
        }
    }

    /// Submits `command` and answers with its sequence and events, or the venue's refusal.
    func run(_ command: VenueCommand) async throws -> Response {
        let outcome: CommandOutcome
        do {
            outcome = try await state.host.submit(command)
        } catch let failure as EngineFailure {
            throw AdminError(status: .serviceUnavailable, code: "ENGINE_\(failure)", message: "the engine did not apply the command")
        }
        if let reject = outcome.commandReject {
            throw AdminError(status: .badRequest, code: reject.code, message: "the venue refused the command")
        }
        return try state.json(AdminOutcome(outcome))
    }

    func account(_ text: String) throws -> Int64 {
        if let found = state.accountsByName[text] { return found.index }
        if let index = Int64(text), index >= 0, index < Int64(state.resolved.venue.userAccounts) { return index }
        throw AdminError(status: .badRequest, code: "UNKNOWN_ACCOUNT", message: "no account \(text)")
    }

    func money(_ text: String) throws -> Int64 {
        do { return try state.resolved.money.steps(parsing: text) } catch {
            throw AdminError(status: .badRequest, code: "BAD_AMOUNT", message: "\(text): \(error)")
        }
    }

    func symbol(_ name: String?) throws -> Int32 {
        guard let name, let found = state.symbolsByName[name] else {
            throw AdminError(status: .badRequest, code: "UNKNOWN_SYMBOL", message: "no symbol \(name ?? "(none)")")
        }
        return found.spec.index
    }

    func price(_ body: AdminPrice) throws -> (Int32, Int64) {
        let index = try symbol(body.symbol)
        do {
            return (index, try state.resolved.symbols[Int(index)].tick.steps(parsing: body.price))
        } catch {
            throw AdminError(status: .badRequest, code: "BAD_PRICE", message: "\(body.price): \(error)")
        }
    }

    func scoped(_ kind: VenueCommandKind, _ body: AdminScope) throws -> VenueCommand {
        let symbolIndex: Int32 = body.symbol == nil ? -1 : try symbol(body.symbol)
        let accountIndex: Int64 = try body.account.map(account) ?? 0
        let scope: VenueScope
        switch body.scope ?? (body.account != nil ? "account" : body.symbol != nil ? "symbol" : "venue") {
        case "venue": scope = .venue
        case "symbol": scope = .symbol
        case "account": scope = .account
        default: throw AdminError(status: .badRequest, code: "BAD_REQUEST", message: "scope is venue, symbol or account")
        }
        switch kind {
        case .halt: return .halt(scope, symbol: symbolIndex, account: accountIndex)
        case .resume: return .resume(scope, symbol: symbolIndex, account: accountIndex)
        default: return .killSwitch(scope, symbol: symbolIndex, account: accountIndex)
        }
    }
}

/// Checks `X-HFT-ADMIN-KEY` in constant time.
struct AdminKeyMiddleware: RouterMiddleware {
    let key: [UInt8]

    func handle(_ request: Request, context: VenueRequestContext,
                next: (Request, VenueRequestContext) async throws -> Response) async throws -> Response {
        guard let name = HTTPField.Name("X-HFT-ADMIN-KEY"), let given = request.headers[name],
              Self.equal(Array(given.utf8), key) else {
            throw AdminError(status: .unauthorized, code: "UNAUTHORIZED", message: "X-HFT-ADMIN-KEY is missing or wrong")
        }
        return try await next(request, context)
    }

    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<a.count { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}

/// A refusal of the admin API: `{"code": ..., "msg": ...}` with an HTTP status.
struct AdminError: HTTPResponseError {
    let status: HTTPResponse.Status
    let code: String
    let message: String

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try JSONEncoder().encode(["code": code, "msg": message])
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

struct AdminMoney: Decodable {
    var account: String
    var amount: String
}

struct AdminPrice: Decodable {
    var symbol: String
    var price: String
}

struct AdminScope: Decodable {
    var scope: String?
    var symbol: String?
    var account: String?
}

/// What the admin API answers for an applied command.
struct AdminOutcome: Encodable {
    var sequence: UInt64
    var timestamp: Int64
    var events: [AdminEvent]

    init(_ outcome: CommandOutcome) {
        sequence = outcome.sequence
        timestamp = outcome.command.timestamp
        events = outcome.events.map(AdminEvent.init)
    }
}

/// A venue event as the admin API shows it: the kind's name and the raw words (the
/// word table of each kind is in Docs/venue.md).
struct AdminEvent: Encodable {
    var kind: String
    var code: UInt8
    var symbol: Int32
    var account: Int64
    var words: [Int64]

    init(_ e: VenueEvent) {
        kind = "\(e.kind)"
        code = e.code
        symbol = e.symbol
        account = e.account
        words = [e.a, e.b, e.c, e.d, e.e, e.f, e.g]
    }
}

/// An account as the admin API shows it, in money units and lots (Docs/venue.md).
struct AdminAccount: Encodable {
    struct Position: Encodable {
        var symbol: Int32
        var size: Int64
        var cost: Int64
        var margin: Int64
        var leverage: Int64
        var unrealizedPnL: Int64
    }

    var index: Int64
    var balance: Int64
    var available: Int64
    /// `available` plus the cross unrealized loss: what orders and withdrawals may use.
    var availableAfterLoss: Int64
    var reserved: Int64
    var positionMargin: Int64
    var openOrders: Int64
    var unrealizedPnL: Int64
    var halted: Bool
    var positions: [Position]

    init(index: Int64, account a: VenueAccount, positions: [VenuePosition]) {
        self.index = index
        balance = a.balance
        available = a.available
        availableAfterLoss = a.availableAfterLoss
        reserved = a.reserved
        positionMargin = a.positionMargin
        openOrders = a.openOrders
        unrealizedPnL = a.unrealizedPnL
        halted = a.halted
        self.positions = positions.map {
            Position(symbol: $0.symbol, size: $0.size, cost: $0.cost, margin: $0.margin, leverage: $0.leverage,
                     unrealizedPnL: $0.unrealizedPnL)
        }
    }
}

struct AdminStatus: Encodable {
    var state: String
    /// `primary` (sequences clients' commands), `standby` (applies the replicated log only;
    /// with `--failover` it may become the primary) or `replica` (a standby that never does).
    var role: String
    var lastDurableSequence: UInt64
    var recoveredCommands: Int
    var queueDepth: Int
    var inFlight: Int
    var publishedCommands: UInt64
    /// Bytes the engine thread has allocated since its loop started, read on that thread by
    /// jemalloc's per-thread counter; absent when the build cannot count (no jemalloc) or
    /// the engine is not running. It stays flat under load: the engine thread allocates
    /// nothing per command.
    var engineThreadAllocatedBytes: UInt64?
    /// The newest snapshot pair (written by this process or recovered from; 0: none).
    var lastSnapshotSequence: UInt64
    /// The primary's state hashes this node matched while it followed the replicated log.
    var verifiedCheckpoints: UInt64

    init(_ state: VenueServerState) {
        self.state = "\(state.host.currentState)"
        role = state.readReplica && state.host.role == .standby ? "replica" : "\(state.host.role)"
        lastDurableSequence = state.host.statistics.lastDurableSequence
        recoveredCommands = state.host.recovery.commands
        queueDepth = state.host.queueDepth
        inFlight = state.host.inFlight
        publishedCommands = state.host.statistics.publishedCommands
        lastSnapshotSequence = state.host.lastSnapshotSequence
        verifiedCheckpoints = state.host.statistics.verifiedCheckpoints
    }
}

/// What `POST /admin/v1/snapshot` answers: the pair's sequence, file sizes and pauses.
struct AdminSnapshot: Encodable {
    var sequence: UInt64
    var bytes: Int
    var venueBytes: Int
    var readModelBytes: Int
    var venuePauseMicroseconds: UInt64
    var readModelPauseMicroseconds: UInt64
    var writeMicroseconds: UInt64
    var segmentsPruned: Int

    init(_ report: ServiceSnapshotReport) {
        sequence = report.sequence
        bytes = report.bytes
        venueBytes = report.venueBytes
        readModelBytes = report.readModelBytes
        venuePauseMicroseconds = report.venuePauseNanoseconds / 1_000
        readModelPauseMicroseconds = report.readModelPauseNanoseconds / 1_000
        writeMicroseconds = report.writeNanoseconds / 1_000
        segmentsPruned = report.segmentsPruned
    }
}
