import AsyncHTTPClient
import Foundation
import HFTVenueServer
import NIOCore

/// The `hft-venue` executable as a separate process (for the kill -9 tests): the binary
/// next to this test bundle, a configuration file in a temporary directory with free
/// loopback ports, and its log.
final class VenueProcess: PublicEndpoint, @unchecked Sendable {
    let directory: String
    let configurationPath: String
    private(set) var configuration: VenueServiceConfiguration
    var process: Process?
    /// How long a request may take (the failover tests' clients give up sooner).
    var requestTimeout: TimeAmount = .seconds(10)

    /// The built `hft-venue` (SwiftPM puts executables beside the test bundle), or nil.
    static var binary: String? {
        var url = URL(fileURLWithPath: CommandLine.arguments[0])
        while url.pathComponents.count > 1 {
            let candidate = url.appendingPathComponent("hft-venue").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            if url.lastPathComponent == ".build" { break }
            url.deleteLastPathComponent()
        }
        return nil
    }

    /// Two different free ports. Each ``freePort()`` closes its socket before returning, so
    /// two calls in a row can return the same port (the kernel hands a just-released
    /// ephemeral port out again), which the service refuses for its listen and admin ports.
    static func twoFreePorts() throws -> (Int, Int) {
        let first = try freePort()
        var second = try freePort()
        while second == first { second = try freePort() }
        return (first, second)
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Lifts every rate limit (request weight and both order counts) so that a load test and
    /// its checks afterwards measure replication, not the limiter: a check that reads back
    /// every acknowledged order sends one weighted request per order.
    static func unlimited(_ configuration: inout VenueServiceConfiguration) {
        configuration.rateLimits?.requestWeightPerMinute = 1_000_000
        configuration.rateLimits?.ordersPer10Seconds = 1_000_000
        configuration.rateLimits?.ordersPerMinute = 1_000_000
    }

    /// A process-to-be with the example configuration on free ports, changed by `configure`.
    init(configure: (inout VenueServiceConfiguration) -> Void = { _ in }) throws {
        directory = NSTemporaryDirectory() + "hft-venue-process-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = try ServerHarness.configuration(directory: directory + "/data")
        configure(&configuration)
        (configuration.listen.port, configuration.admin.port) = try Self.twoFreePorts()
        self.configuration = configuration
        configurationPath = directory + "/venue.json"
        try JSONEncoder().encode(configuration).write(to: URL(fileURLWithPath: configurationPath))
    }

    /// Starts the process and waits until its admin API answers. A port that another
    /// process took since ``freePort()`` chose it is chosen again (up to three times).
    func start(binary: String, arguments: [String] = []) async throws {
        for attempt in 1...3 {
            let logged = log.utf8.count
            do {
                try await launch(binary: binary, arguments: arguments)
                return
            } catch VenueProcessError.exited(let text) where attempt < 3
                && String(decoding: text.utf8.dropFirst(logged), as: UTF8.self).contains("Address already in use") {
                (configuration.listen.port, configuration.admin.port) = try Self.twoFreePorts()
                try JSONEncoder().encode(configuration).write(to: URL(fileURLWithPath: configurationPath))
            }
        }
    }

    func launch(binary: String, arguments: [String]) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--config", configurationPath, "--log-level", "warning"] + arguments
        let log = FileHandle(forWritingAtPath: directory + "/venue.log") ?? {
            FileManager.default.createFile(atPath: directory + "/venue.log", contents: nil)
            return FileHandle(forWritingAtPath: directory + "/venue.log")!
        }()
        log.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        try process.run()
        self.process = process
        for _ in 0..<600 {
            if (try? await admin(.GET, "/admin/v1/status"))?.status == 200 { return }
            guard process.isRunning else { throw VenueProcessError.exited(log: self.log) }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw VenueProcessError.didNotStart(log: self.log)
    }

    /// SIGKILL: no shutdown, no flush, no snapshot.
    func kill9() {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func terminate() {
        guard let process, process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    func remove() {
        terminate()
        try? FileManager.default.removeItem(atPath: directory)
    }

    var log: String { (try? String(contentsOfFile: directory + "/venue.log", encoding: .utf8)) ?? "" }

    func admin(_ method: HTTPMethod, _ path: String, body: String? = nil) async throws -> ServerHarness.Reply {
        try await request(method, path, body: body, headers: [], admin: true)
    }

    /// The node's last durable sequence (admin status), or nil when it does not answer.
    func durableSequence() async -> Int? {
        try? await admin(.GET, "/admin/v1/status").object["lastDurableSequence"] as? Int
    }

    /// Waits until the node has made `target` durable (a standby following its log); the
    /// sequence it reached.
    func follow(through target: Int, timeout: Duration = .seconds(15)) async -> Int {
        var reached = 0
        _ = await SessionFixture.eventually(timeout) {
            reached = await durableSequence() ?? reached
            return reached >= target
        }
        return reached
    }

    func request(_ method: HTTPMethod, _ path: String, body: String?, headers: [(String, String)], admin: Bool) async throws
        -> ServerHarness.Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(admin ? configuration.admin.port : configuration.listen.port)\(path)")
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if admin { request.headers.add(name: "X-HFT-ADMIN-KEY", value: configuration.admin.apiKey) }
        if let body {
            request.body = .bytes(ByteBuffer(string: body))
            request.headers.add(name: "Content-Type", value: admin ? "application/json" : "application/x-www-form-urlencoded")
        }
        // A read is sent again once when the server closed the pooled keep-alive connection
        // just as it was reused (AsyncHTTPClient reports remoteConnectionClosed); nothing else is.
        for attempt in 1...2 {
            do {
                let response = try await HTTPClient.shared.execute(request, timeout: requestTimeout)
                let bytes = try await response.body.collect(upTo: 16 << 20)
                return ServerHarness.Reply(status: Int(response.status.code), headers: response.headers, body: Data(buffer: bytes))
            } catch let error as HTTPClientError where error == .remoteConnectionClosed && method == .GET && attempt == 1 {
                continue
            }
        }
        throw HTTPClientError.remoteConnectionClosed
    }
}

enum VenueProcessError: Error {
    case exited(log: String)
    case didNotStart(log: String)
}

import NIOHTTP1
