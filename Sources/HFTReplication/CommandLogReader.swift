#if NATS
import CNATS

/// One message of a command log, as a reader receives it.
public struct CommandLogMessage: Sendable {
    public var kind: CommandLogMessageKind
    /// Its sequence in the stream (orders all kinds).
    public var streamSequence: UInt64
    public var payload: [UInt8]
}

/// Reads a shard's command log in stream order from a given stream sequence: what standbys
/// and read replicas apply.
///
/// It is a JetStream *ordered consumer* (nats.c: ephemeral, no acknowledgements, flow
/// control and heartbeats; when a message is missed or the consumer is lost, nats.c
/// recreates it from the next expected sequence), so messages arrive exactly once, in order.
///
/// - Threading: one thread calls ``next(timeoutMilliseconds:)``.
/// - Memory: each message's payload is copied out (the reader is not a hot path of the primary).
public final class CommandLogReader: @unchecked Sendable {
    public let names: CommandLogNames
    let connection: NATSConnection
    let subscription: OpaquePointer

    /// Subscribes from stream sequence `from` (1: the beginning).
    public init(_ options: NATSConnection.Options, names: CommandLogNames, from: UInt64) throws(NATSError) {
        self.names = names
        let connection = try NATSConnection(options)
        self.connection = connection
        var subscribe = jsSubOptions()
        jsSubOptions_Init(&subscribe)
        subscribe.Ordered = true
        subscribe.Config.DeliverPolicy = from > 1 ? js_DeliverByStartSequence : js_DeliverAll
        subscribe.Config.OptStartSeq = from > 1 ? from : 0
        var subscription: OpaquePointer?
        var code = jsErrCode(rawValue: 0)
        let status = names.stream.withCString { stream -> natsStatus in
            subscribe.Stream = stream
            return js_SubscribeSync(&subscription, connection.jetStream, names.allSubjects, nil, &subscribe, &code)
        }
        try NATSError.check(status, code, "subscribe to \(names.allSubjects) from \(from)")
        // A catching-up replica reads far ahead: let nats.c buffer up to 64 MiB.
        natsSubscription_SetPendingLimits(subscription, 65_536, 64 << 20)
        self.subscription = subscription!
    }

    deinit {
        natsSubscription_Unsubscribe(subscription)
        natsSubscription_Destroy(subscription)
    }

    /// The next message, or nil when none arrives within the timeout.
    public func next(timeoutMilliseconds: Int64) throws(NATSError) -> CommandLogMessage? {
        var message: OpaquePointer?
        let status = natsSubscription_NextMsg(&message, subscription, timeoutMilliseconds)
        if status == NATS_TIMEOUT { return nil }
        try NATSError.check(status, "next message of \(names.stream)")
        defer { natsMsg_Destroy(message) }
        var meta: UnsafeMutablePointer<jsMsgMetaData>?
        try NATSError.check(natsMsg_GetMetaData(&meta, message), "message metadata")
        defer { jsMsgMetaData_Destroy(meta) }
        let subject = String(cString: natsMsg_GetSubject(message))
        guard let kind = names.kind(ofSubject: subject) else {
            throw NATSError(status: -1, text: "unexpected subject \(subject) in \(names.stream)")
        }
        return CommandLogMessage(kind: kind, streamSequence: meta!.pointee.Sequence.Stream,
                                 payload: CommandLogStream.payload(of: message))
    }
}
#endif
