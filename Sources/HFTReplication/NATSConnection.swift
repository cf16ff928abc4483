#if NATS
import CNATS
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One connection to a NATS server or cluster, with its JetStream context.
///
/// nats.c does the protocol, reconnection (every listed server in turn, ``reconnectWait``
/// apart, up to ``maxReconnects`` times; pending publishes are buffered meanwhile) and its
/// own I/O and callback threads. This type owns the two handles and destroys them in
/// `deinit`; it is safe to use from several threads, as nats.c is.
///
/// - Memory: the handles belong to this object (nats.c allocates them).
public final class NATSConnection: @unchecked Sendable {
    let connection: OpaquePointer
    let jetStream: OpaquePointer
    public let servers: [String]

    /// How to connect.
    public struct Options: Sendable {
        /// `nats://host:port` URLs of the cluster's servers.
        public var servers: [String]
        /// Shown in the server's connection list.
        public var name: String
        /// Reconnect attempts over the server list before giving up (-1: forever).
        public var maxReconnects: Int32 = 120
        public var reconnectWaitMilliseconds: Int64 = 250
        /// The timeout of the first connect, per server.
        public var connectTimeoutMilliseconds: Int64 = 2_000
        /// How long JetStream API calls and publishes wait for their reply.
        public var jetStreamWaitMilliseconds: Int64 = 5_000
        /// Asynchronous publishes without an acknowledgement yet, at most.
        public var maxPendingPublishes: Int64 = 4_096

        public init(servers: [String], name: String) {
            self.servers = servers
            self.name = name
        }
    }

    /// Connects and creates the JetStream context (`ackHandler`, when given, receives every
    /// asynchronous publish's acknowledgement or error on nats.c's thread).
    public init(_ options: Options, ackHandler: jsPubAckHandler? = nil, ackClosure: UnsafeMutableRawPointer? = nil)
        throws(NATSError) {
        servers = options.servers
        var opts: OpaquePointer?
        try NATSError.check(natsOptions_Create(&opts), "natsOptions_Create")
        defer { natsOptions_Destroy(opts) }
        var cStrings = options.servers.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        let status = cStrings.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buffer.count) {
                natsOptions_SetServers(opts, $0, Int32(buffer.count))
            }
        }
        try NATSError.check(status, "natsOptions_SetServers \(options.servers)")
        try NATSError.check(natsOptions_SetName(opts, options.name), "natsOptions_SetName")
        try NATSError.check(natsOptions_SetMaxReconnect(opts, options.maxReconnects), "natsOptions_SetMaxReconnect")
        try NATSError.check(natsOptions_SetReconnectWait(opts, options.reconnectWaitMilliseconds), "natsOptions_SetReconnectWait")
        try NATSError.check(natsOptions_SetTimeout(opts, options.connectTimeoutMilliseconds), "natsOptions_SetTimeout")
        var nc: OpaquePointer?
        try NATSError.check(natsConnection_Connect(&nc, opts), "connect to \(options.servers.joined(separator: ","))")
        var jsOpts = jsOptions()
        jsOptions_Init(&jsOpts)
        jsOpts.Wait = options.jetStreamWaitMilliseconds
        jsOpts.PublishAsync.MaxPending = options.maxPendingPublishes
        jsOpts.PublishAsync.AckHandler = ackHandler
        jsOpts.PublishAsync.AckHandlerClosure = ackClosure
        var js: OpaquePointer?
        let jsStatus = natsConnection_JetStream(&js, nc, &jsOpts)
        guard jsStatus == NATS_OK, let js, let nc else {
            let error = NATSError(jsStatus, context: "natsConnection_JetStream")
            natsConnection_Destroy(nc)
            throw error
        }
        connection = nc
        jetStream = js
    }

    deinit {
        jsCtx_Destroy(jetStream)
        natsConnection_Close(connection)
        natsConnection_Destroy(connection)
    }

    /// Closes the connection now (later calls fail with `NATS_CONNECTION_CLOSED`).
    public func close() { natsConnection_Close(connection) }

    /// True once the connection has closed for good (closed by us, or reconnection gave up).
    public var isClosed: Bool { natsConnection_IsClosed(connection) }

    /// True while connected (not reconnecting, not closed).
    public var isConnected: Bool { natsConnection_Status(connection) == NATS_CONN_STATUS_CONNECTED }
}
#endif
