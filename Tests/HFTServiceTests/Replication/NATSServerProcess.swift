import Testing
import Foundation
import HFTReplication

/// A real `nats-server` with JetStream on loopback for the replication tests: one node, or
/// one node of a cluster (`cluster` names the route ports of all nodes). Its store directory
/// is a temporary directory; ``stop()`` ends it (SIGTERM, or SIGKILL for a crash).
final class NATSServerProcess: @unchecked Sendable {
    /// What to install when the server or the client library is missing (the tests skip with it).
    static let installHint = "nats-server or libnats missing: apt-get install nats-server libnats-dev (then rebuild: the NATS trait turns on when libnats is installed)"

    /// `nats-server` from PATH or Debian's /usr/sbin, or nil.
    static let binary: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let candidates = path.split(separator: ":").map { "\($0)/nats-server" } + ["/usr/sbin/nats-server", "/usr/bin/nats-server"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// True when replication can be tested here: the server exists and this build has the NATS client.
    static var available: Bool {
        #if NATS
        return binary != nil
        #else
        return false
        #endif
    }

    let name: String
    let port: Int
    let clusterPort: Int?
    let storeDirectory: String
    let routes: [Int]
    var process: Process?

    var url: String { "nats://127.0.0.1:\(port)" }

    /// A node; `clusterPort` and `routes` (every node's cluster port) make it part of a cluster.
    init(name: String = "n1", port: Int, clusterPort: Int? = nil, routes: [Int] = [], storeDirectory: String? = nil) {
        self.name = name
        self.port = port
        self.clusterPort = clusterPort
        self.routes = routes
        self.storeDirectory = storeDirectory ?? NSTemporaryDirectory() + "hft-nats-\(name)-\(UUID().uuidString)"
    }

    /// Starts the server and waits until it accepts connections.
    func start() throws {
        guard let binary = Self.binary else { throw NATSServerError.missing }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        var arguments = ["-js", "-a", "127.0.0.1", "-p", "\(port)", "-sd", storeDirectory, "-n", name]
        if let clusterPort {
            arguments += ["--cluster_name", "hft", "--cluster", "nats://127.0.0.1:\(clusterPort)",
                          "--routes", routes.filter { $0 != clusterPort }.map { "nats://127.0.0.1:\($0)" }.joined(separator: ",")]
        }
        process.arguments = arguments
        let log = storeDirectory + ".log"
        FileManager.default.createFile(atPath: log, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: log)
        process.standardError = FileHandle(forWritingAtPath: log)
        try process.run()
        self.process = process
        for _ in 0..<200 {
            if Self.accepts(port: port) { return }
            guard process.isRunning else { throw NATSServerError.exited(log: (try? String(contentsOfFile: log, encoding: .utf8)) ?? "") }
            usleep(25_000)
        }
        throw NATSServerError.didNotStart
    }

    /// Stops the server: SIGTERM (graceful) or SIGKILL (`crash`).
    func stop(crash: Bool = false) {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, crash ? SIGKILL : SIGTERM)
        process.waitUntilExit()
    }

    /// Stops it and removes its store.
    func remove() {
        stop()
        try? FileManager.default.removeItem(atPath: storeDirectory)
        try? FileManager.default.removeItem(atPath: storeDirectory + ".log")
    }

    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}

enum NATSServerError: Error {
    case missing, didNotStart
    case exited(log: String)
}

/// A 3-node (or `size`-node) `nats-server` cluster with JetStream on loopback ports.
final class NATSCluster: Sendable {
    let nodes: [NATSServerProcess]

    /// Every node's client URL, comma-separated (as `hft-venue --replicate` takes them).
    var urls: String { nodes.map(\.url).joined(separator: ",") }

    /// Starts the nodes and waits until the cluster can create a stream with a copy on each.
    /// A free port can be taken by another process between the probe and the server's bind
    /// (other tests start servers meanwhile): then the cluster starts again on new ports.
    init(size: Int = 3) async throws {
        var attempt = 0
        while true {
            attempt += 1
            let clusterPorts = try (0..<size).map { _ in try VenueProcess.freePort() }
            let nodes = try clusterPorts.enumerated().map { i, port in
                NATSServerProcess(name: "n\(i + 1)", port: try VenueProcess.freePort(), clusterPort: port, routes: clusterPorts)
            }
            do {
                for node in nodes { try node.start() }
                try await Self.waitUntilReady(nodes)
                self.nodes = nodes
                return
            } catch NATSServerError.exited(let log) where log.contains("address already in use") && attempt < 5 {
                for node in nodes { node.remove() }
            } catch {
                for node in nodes { node.remove() }
                throw error
            }
        }
    }

    /// JetStream answers only once the cluster has elected its meta leader.
    private static func waitUntilReady(_ nodes: [NATSServerProcess]) async throws {
        #if NATS
        let probe = CommandLogNames(shard: "probe\(UInt32.random(in: 0 ... .max))")!
        var last: (any Error)?
        for _ in 0..<100 {
            do {
                let connection = try NATSConnection(.init(servers: nodes.map(\.url), name: "cluster-probe"))
                try CommandLogStream.ensure(probe, settings: .init(replicas: Int64(nodes.count)), on: connection)
                return
            } catch {
                last = error
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        throw last ?? NATSServerError.didNotStart
        #endif
    }

    func remove() { for node in nodes { node.remove() } }
}

/// Every suite that starts `nats-server` processes runs inside this one, one suite after
/// another (other suites still run beside them): together they would start a dozen NATS
/// servers and venue processes at once on a 2-core CI machine, where 1-second leases and
/// acknowledgement timeouts would then measure the machine instead of the code.
@Suite("replication against real nats-server processes", .serialized)
enum NATSSuites {}
