import Foundation
import Synchronization

/// The failover tests' load generator: clients that place signed limit orders on whichever
/// node of a shard answers as the primary, and keep their own ledger of what each node
/// acknowledged.
///
/// The client rule is the one a real client follows (Docs/replication.md): send to the
/// node believed to be the primary; on a connection error, a 5xx or Binance's -1001 (a
/// standby), try the next node. An order that got no answer is never resent: it is
/// recorded as unknown (it may or may not be in the log), and checked as such.
final class FailoverLoad: Sendable {
    /// One order sent, and what was heard back.
    struct Sent: Sendable {
        var clientOrderId: String
        var account: String
        var side: String
        /// The venue's order id when the order was acknowledged (HTTP 200).
        var orderId: Int?
        /// The node that acknowledged it.
        var node: Int?
        var acknowledgedAt: ContinuousClock.Instant?
    }

    let nodes: [VenueProcess]
    let seed: Int
    let leader = Mutex(0)
    let ledger = Mutex<[Sent]>([])

    init(nodes: [VenueProcess], seed: Int) {
        self.nodes = nodes
        self.seed = seed
    }

    var sent: [Sent] { ledger.withLock { $0 } }

    /// Acknowledgements by `node` so far.
    func acknowledged(by node: Int) -> Int { ledger.withLock { $0.count { $0.node == node } } }

    /// Runs `clients` concurrent clients until `done` says so (checked before each order).
    func run(clients: Int, until done: @escaping @Sendable () -> Bool) async {
        await withTaskGroup(of: Void.self) { group in
            for client in 0..<clients {
                group.addTask { await self.client(client, until: done) }
            }
        }
    }

    /// One client: alice's clients buy, bob's sell, at prices that both rest and cross.
    func client(_ client: Int, until done: @Sendable () -> Bool) async {
        let account = client % 2 == 0 ? "alice" : "bob"
        let side = client % 2 == 0 ? "BUY" : "SELL"
        var i = 0
        while !done() {
            i += 1
            let node = leader.withLock { $0 }
            let clientOrderId = "f\(seed)c\(client)n\(i)"
            let offset = ((i + seed) % 3) * 10            // 50000, 50010, 50020 (buys) / 50000, 49990, 49980 (sells)
            let price = side == "BUY" ? 50_000 + offset : 50_000 - offset
            var entry = Sent(clientOrderId: clientOrderId, account: account, side: side)
            do {
                let reply = try await SignedClient(nodes[node], account: account)
                    .limit(side, "0.001", "\(price).0", clientId: clientOrderId)
                if reply.status == 200, let orderId = reply.object["orderId"] as? Int {
                    entry.orderId = orderId
                    entry.node = node
                    entry.acknowledgedAt = .now
                } else {
                    let code = reply.object["code"] as? Int
                    // Anything but "not the primary" or a server error is a refusal of the order itself.
                    if code == -1001 || reply.status >= 500 { moveOn(from: node) } else { record(refusal: reply.text) }
                }
            } catch {
                moveOn(from: node)
            }
            ledger.withLock { $0.append(entry) }
            if entry.orderId == nil { try? await Task.sleep(for: .milliseconds(20)) }
        }
    }

    func moveOn(from node: Int) {
        leader.withLock { if $0 == node { $0 = (node + 1) % nodes.count } }
    }

    let refusals = Mutex<[String]>([])
    func record(refusal: String) { refusals.withLock { $0.append(refusal) } }
}
