import AsyncHTTPClient
import Foundation
import HFTVenueServer
import Logging
import NIOCore
import NIOHTTP1

/// A real `hft-venue` in this process on loopback ports chosen by the system, with its
/// journal in a temporary directory, and an HTTP client to talk to it.
final class ServerHarness: PublicEndpoint, @unchecked Sendable {
    let configuration: VenueServiceConfiguration
    let server: VenueServer
    let runTask: Task<Void, any Error>
    let publicPort: Int
    let adminPort: Int

    static let adminKey = "test-admin-key-0123456789"

    /// The example configuration with ports 0 and a fresh data directory (or `directory`).
    static func configuration(directory: String? = nil) throws -> VenueServiceConfiguration {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Examples/hft-venue.json")
        var configuration = try JSONDecoder().decode(VenueServiceConfiguration.self, from: Data(contentsOf: url))
        configuration.listen.port = 0
        configuration.admin.port = 0
        configuration.admin.apiKey = adminKey
        configuration.dataDirectory = directory ?? NSTemporaryDirectory() + "hft-venue-test-\(UUID().uuidString)"
        return configuration
    }

    init(_ configuration: VenueServiceConfiguration) async throws {
        VenueServer.bootstrapMetrics()
        var logger = Logger(label: "hft-venue-test")
        logger.logLevel = .warning
        self.configuration = configuration
        let server = try await VenueServer(configuration: configuration, logger: logger)
        self.server = server
        runTask = Task { try await server.run() }
        (publicPort, adminPort) = await server.boundPorts()
    }

    /// Stops the server gracefully and waits for it.
    func stop() async throws {
        await server.stop()
        try await runTask.value
    }

    func removeData() { try? FileManager.default.removeItem(atPath: configuration.dataDirectory) }

    struct Reply {
        var status: Int
        var headers: HTTPHeaders
        var body: Data
        var json: Any? { try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        var array: [[String: Any]] { json as? [[String: Any]] ?? [] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// One request to the public port (`admin: true`: the admin port, with its key).
    func request(_ method: HTTPMethod, _ path: String, body: String? = nil, headers: [(String, String)] = [],
                 admin: Bool = false) async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(admin ? adminPort : publicPort)\(path)")
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if admin { request.headers.add(name: "X-HFT-ADMIN-KEY", value: Self.adminKey) }
        if let body {
            request.body = .bytes(ByteBuffer(string: body))
            if !headers.contains(where: { $0.0.lowercased() == "content-type" }) {
                request.headers.add(name: "Content-Type", value: admin ? "application/json" : "application/x-www-form-urlencoded")
            }
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Data(buffer: bytes))
    }
}
