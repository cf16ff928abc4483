import Synchronization

/// Which node of a shard the gateway believes to be the primary now, shared by the clients
/// of one session (its ``RESTClient``, ``WebSocketOrderClient``, ``UserDataStream`` and
/// ``DepthStream``), so that when one of them finds that the primary moved the others send
/// there too.
///
/// The rule (Docs/replication.md, "Leader lease and failover"): a client sends to the node
/// believed to be the primary; when that node gives a connection error, a timeout, an HTTP
/// 5xx or Binance's -1001 (a standby or a read replica refuses client commands with it),
/// the client calls ``moveOn(from:)`` and tries the next node of the list, round the list.
///
/// Thread-safe (one small lock); owns the node list. There is no push of the new primary's
/// address: clients learn it by trying.
/// - Complexity: O(1) per call.
public final class ShardPrimary: Sendable {
    /// The shard's nodes, in the order they are tried.
    public let nodes: [GatewayNode]
    private let state = Mutex(State())

    private struct State {
        var index = 0
        var moves = 0
    }

    /// A shard of `nodes` (at least one; the first is believed primary at the start).
    public init(nodes: [GatewayNode]) {
        precondition(!nodes.isEmpty, "a shard has at least one node")
        self.nodes = nodes
    }

    /// The index in ``nodes`` of the node believed to be the primary.
    public var index: Int { state.withLock { $0.index } }

    /// The node believed to be the primary, and its index.
    public var current: (index: Int, node: GatewayNode) {
        let index = self.index
        return (index, nodes[index])
    }

    /// How many times the belief moved since the start.
    public var moves: Int { state.withLock { $0.moves } }

    /// True when the shard has more than one node (only then is there anywhere to move).
    public var canFailOver: Bool { nodes.count > 1 }

    /// `index` failed as the primary: the next node of the list is believed primary, unless
    /// the belief already left `index` (several requests that failed on the same node move
    /// it once).
    public func moveOn(from index: Int) {
        guard canFailOver else { return }
        state.withLock { s in
            guard s.index == index else { return }
            s.index = (index + 1) % nodes.count
            s.moves += 1
        }
    }
}
