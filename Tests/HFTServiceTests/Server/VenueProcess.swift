import AsyncHTTPClient
import Foundation
import HFTVenueServer
import NIOCore

/// The `hft-venue` executable as a separate process (for the kill -9 tests): the binary
/// next to this test bundle, a configuration file in a temporary directory with free
/// loopback ports, and its log.
final class VenueProcess: @unchecked Sendable {
    let directory: String
    let configurationPath: String
    let configuration: VenueServiceConfiguration
    var process: Process?

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

    init() throws {
        directory = NSTemporaryDirectory() + "hft-venue-process-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = try ServerHarness.configuration(directory: directory + "/data")
        configuration.listen.port = try Self.freePort()
        configuration.admin.port = try Self.freePort()
        self.configuration = configuration
        configurationPath = directory + "/venue.json"
        try JSONEncoder().encode(configuration).write(to: URL(fileURLWithPath: configurationPath))
    }

    /// Starts the process and waits until its admin API answers.
    func start(binary: String, arguments: [String] = []) async throws {
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
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(configuration.admin.port)\(path)")
        request.method = method
        request.headers.add(name: "X-HFT-ADMIN-KEY", value: configuration.admin.apiKey)
        if let body {
            request.body = .bytes(ByteBuffer(string: body))
            request.headers.add(name: "Content-Type", value: "application/json")
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return ServerHarness.Reply(status: Int(response.status.code), headers: response.headers, body: Data(buffer: bytes))
    }
}

enum VenueProcessError: Error {
    case exited(log: String)
    case didNotStart(log: String)
}

import NIOHTTP1
