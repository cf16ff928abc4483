#if NATS
import CNATS
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A venue shard's command-log stream on JetStream: created if missing, and read for its
/// last sequences.
public enum CommandLogStream {
    /// The stream's settings: file storage, `replicas` copies (1 on a single server, 3 on a
    /// cluster: Raft-replicated), nothing ever discarded or deleted (the log is the venue), a
    /// two-minute duplicate window for the message ids that make a resent append idempotent.
    public struct Settings: Sendable {
        public var replicas: Int64
        public init(replicas: Int64 = 1) { self.replicas = replicas }
    }

    /// Creates the stream if it does not exist (an existing one is left as it is). O(1) round trips.
    public static func ensure(_ names: CommandLogNames, settings: Settings, on connection: NATSConnection) throws(NATSError) {
        guard try !exists(names, on: connection) else { return }
        var code = jsErrCode(rawValue: 0)
        var config = jsStreamConfig()
        jsStreamConfig_Init(&config)
        let name = strdup(names.stream)
        let subject = strdup(names.allSubjects)
        defer { free(name); free(subject) }
        var subjects: [UnsafePointer<CChar>?] = [UnsafePointer(subject)]
        let status = subjects.withUnsafeMutableBufferPointer { list -> natsStatus in
            config.Name = UnsafePointer(name)
            config.Subjects = list.baseAddress
            config.SubjectsLen = 1
            config.Storage = js_FileStorage
            config.Replicas = settings.replicas
            config.Duplicates = 120_000_000_000
            config.DenyDelete = true
            config.DenyPurge = true
            var created: UnsafeMutablePointer<jsStreamInfo>?
            let s = js_AddStream(&created, connection.jetStream, &config, nil, &code)
            jsStreamInfo_Destroy(created)
            return s
        }
        // Another node created it meanwhile: fine.
        if status == NATS_OK || code.rawValue == 10_058 { return }
        throw NATSError(status, code, context: "create stream \(names.stream)")
    }

    /// True when the stream exists; false when JetStream says it does not (a standby or a
    /// replica started before its shard's first primary). Throws on any other failure.
    public static func exists(_ names: CommandLogNames, on connection: NATSConnection) throws(NATSError) -> Bool {
        var info: UnsafeMutablePointer<jsStreamInfo>?
        var code = jsErrCode(rawValue: 0)
        let status = js_GetStreamInfo(&info, connection.jetStream, names.stream, nil, &code)
        jsStreamInfo_Destroy(info)
        if status == NATS_NOT_FOUND { return false }
        try NATSError.check(status, code, "stream info \(names.stream)")
        return true
    }

    /// Deletes the stream (a benchmark's scratch log; a venue's log is never deleted).
    public static func delete(_ names: CommandLogNames, on connection: NATSConnection) throws(NATSError) {
        var code = jsErrCode(rawValue: 0)
        try NATSError.check(js_DeleteStream(connection.jetStream, names.stream, nil, &code), code, "delete stream \(names.stream)")
    }

    /// The stream's last sequence (0: empty).
    public static func lastSequence(_ names: CommandLogNames, on connection: NATSConnection) throws(NATSError) -> UInt64 {
        var info: UnsafeMutablePointer<jsStreamInfo>?
        var code = jsErrCode(rawValue: 0)
        try NATSError.check(js_GetStreamInfo(&info, connection.jetStream, names.stream, nil, &code), code,
                            "stream info \(names.stream)")
        defer { jsStreamInfo_Destroy(info) }
        return info!.pointee.State.LastSeq
    }

    /// The last message of `subject` in the stream: its payload and stream sequence (nil: none).
    public static func lastMessage(_ names: CommandLogNames, subject: String, on connection: NATSConnection)
        throws(NATSError) -> (payload: [UInt8], streamSequence: UInt64)? {
        var message: OpaquePointer?
        var code = jsErrCode(rawValue: 0)
        let status = js_GetLastMsg(&message, connection.jetStream, names.stream, subject, nil, &code)
        if status == NATS_NOT_FOUND { return nil }
        try NATSError.check(status, code, "last message of \(subject)")
        defer { natsMsg_Destroy(message) }
        return (payload(of: message), streamSequence(of: message))
    }

    /// A message's payload, copied.
    static func payload(of message: OpaquePointer?) -> [UInt8] {
        let count = Int(natsMsg_GetDataLength(message))
        guard count > 0, let data = natsMsg_GetData(message) else { return [] }
        return Array(UnsafeRawBufferPointer(start: data, count: count))
    }

    /// The stream sequence of a message fetched with `js_GetMsg`/`js_GetLastMsg`.
    static func streamSequence(of message: OpaquePointer?) -> UInt64 { natsMsg_GetSequence(message) }
}
#endif
