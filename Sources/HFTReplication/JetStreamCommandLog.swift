#if NATS
import CNATS
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HFTEngine
import HFTService

/// The primary's side of the replicated command log (a ``CommandReplicator``): every
/// sequenced command is appended to the shard's JetStream stream before any reply
/// acknowledges it.
///
/// - **Takeover and fencing.** ``attach(lastSequence:wake:)`` (at the host's start) checks
///   that the stream's last command is the local journal's last command, then appends a
///   ``PrimaryEpoch`` with JetStream's expected last sequence set to the stream's last
///   sequence. Every later append carries the expected last sequence too, so once another
///   primary has appended (its own epoch first), this one's next append is refused
///   (JetStream error 10071) and the host stops: no split brain, whatever the lease says.
/// - **Pipelining.** Commands are batched (``CommandBatch``, up to 512 per message) and
///   published asynchronously with at most `maxPendingPublishes` unacknowledged; the
///   publisher thread never waits for a round trip except when that window is full.
///   Acknowledgements arrive on nats.c's thread (``PublishAcknowledgements``), in order, and
///   advance ``replicatedThrough``.
/// - **Failures.** A refused append, an acknowledgement that timed out, or a publish that
///   cannot be sent set ``failure``; the host then stops (fail-stop). A resent append would
///   be idempotent (each carries a message id, `<epoch>-<first sequence>`, inside the
///   stream's two-minute duplicate window), but resending after a stream-leader change is
///   not done yet: such a change stops the primary and a standby takes over.
///
/// - Threading: ``append(_:)`` and ``flush()`` run on the host's publisher thread only.
/// - Memory: one batch buffer (``CommandBatchEncoder``), the connection's, and one entry
///   per append in flight.
public final class JetStreamCommandLog: CommandReplicator, @unchecked Sendable {
    /// Where and as whom to append.
    public struct Configuration: Sendable {
        public var connection: NATSConnection.Options
        public var names: CommandLogNames
        public var stream: CommandLogStream.Settings
        /// This node's name, written in its ``PrimaryEpoch``.
        public var holder: String
        /// Commands per message at most.
        public var batchCommands: Int
        /// How long an append waits for JetStream's acknowledgement before replication is
        /// declared unavailable (and the host stops).
        public var acknowledgementTimeoutMilliseconds: Int64

        public init(connection: NATSConnection.Options, names: CommandLogNames,
                    stream: CommandLogStream.Settings = .init(), holder: String, batchCommands: Int = 512,
                    acknowledgementTimeoutMilliseconds: Int64 = 5_000) {
            self.connection = connection
            self.names = names
            self.stream = stream
            self.holder = holder
            self.batchCommands = batchCommands
            self.acknowledgementTimeoutMilliseconds = acknowledgementTimeoutMilliseconds
        }
    }

    public let configuration: Configuration
    let connection: NATSConnection
    let acknowledgements: PublishAcknowledgements
    let retained: Unmanaged<PublishAcknowledgements>
    let commandsSubject: UnsafeMutablePointer<CChar>
    let checkpointsSubject: UnsafeMutablePointer<CChar>
    var encoder: CommandBatchEncoder
    /// The stream's last sequence that the next append expects (publisher thread).
    var expectedLast: UInt64 = 0
    /// This primary's term (set by ``attach(lastSequence:wake:)``).
    public private(set) var epoch: PrimaryEpoch?
    /// Messages and commands appended (publisher thread; for figures).
    public private(set) var messagesSent = 0
    public private(set) var commandsSent = 0

    /// Connects and creates the stream if it is missing; appends nothing yet.
    public init(_ configuration: Configuration) throws(NATSError) {
        self.configuration = configuration
        let acknowledgements = PublishAcknowledgements()
        self.acknowledgements = acknowledgements
        retained = Unmanaged.passRetained(acknowledgements)
        do {
            connection = try NATSConnection(configuration.connection, ackHandler: publishAcknowledged,
                                            ackClosure: retained.toOpaque())
            try CommandLogStream.ensure(configuration.names, settings: configuration.stream, on: connection)
        } catch {
            retained.release()
            throw error
        }
        commandsSubject = strdup(configuration.names.commands)
        checkpointsSubject = strdup(configuration.names.checkpoints)
        encoder = CommandBatchEncoder(maxCommands: configuration.batchCommands)
    }

    deinit {
        connection.close()
        free(commandsSubject)
        free(checkpointsSubject)
        retained.release()
    }

    /// Why the log cannot take this node as its primary.
    public enum TakeoverError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The stream holds commands after the local journal's last: this node must catch up
        /// as a standby first.
        case localBehind(local: UInt64, stream: UInt64)
        /// The local journal holds commands the stream does not (a deposed primary's tail
        /// that was never acknowledged, or a venue that ran without replication): the
        /// node's directory must be rebuilt from the log (start it as a standby with an
        /// empty data directory).
        case localAhead(local: UInt64, stream: UInt64)
        /// The stream's last command message could not be read.
        case damagedLog(String)
        case nats(NATSError)

        public var description: String {
            switch self {
            case .localBehind(let local, let stream):
                "the command log is ahead of this node (log through command \(stream), local journal through \(local)): start it as a standby to catch up"
            case .localAhead(let local, let stream):
                "this node's journal has commands the command log does not (local through \(local), log through \(stream)): rebuild its data directory from the log (an empty directory, as a standby)"
            case .damagedLog(let detail): "the command log's last message is damaged: \(detail)"
            case .nats(let error): "\(error)"
            }
        }
    }

    /// The last command sequence the stream holds (0: none). O(1) round trips.
    public func lastCommandInLog() throws(TakeoverError) -> UInt64 {
        let last: (payload: [UInt8], streamSequence: UInt64)?
        do { last = try CommandLogStream.lastMessage(configuration.names, subject: configuration.names.commands, on: connection) }
        catch { throw .nats(error) }
        guard let last else { return 0 }
        let size = JournalRecordLayout.venueCommandSize
        guard last.payload.count >= size, last.payload.count % size == 0,
              let first = last.payload.withUnsafeBytes({ CommandBatchDecoder.firstSequence($0) }) else {
            throw .damagedLog("\(last.payload.count) bytes at stream sequence \(last.streamSequence)")
        }
        return first + UInt64(last.payload.count / size) - 1
    }

    /// Takes the log over for this node: checks it against the local journal (`lastSequence`)
    /// and appends this primary's epoch, which fences every earlier primary.
    public func takeOver(lastSequence: UInt64) throws(TakeoverError) -> PrimaryEpoch {
        let inLog = try lastCommandInLog()
        if inLog > lastSequence { throw .localBehind(local: lastSequence, stream: inLog) }
        if inLog < lastSequence { throw .localAhead(local: lastSequence, stream: inLog) }
        let names = configuration.names
        let previous: UInt64
        let streamLast: UInt64
        do {
            previous = try CommandLogStream.lastMessage(names, subject: names.epochs, on: connection)
                .flatMap { m in m.payload.withUnsafeBytes { PrimaryEpoch($0)?.epoch } } ?? 0
            streamLast = try CommandLogStream.lastSequence(names, on: connection)
        } catch { throw .nats(error) }
        let epoch = PrimaryEpoch(epoch: previous + 1, nextSequence: lastSequence + 1, holder: configuration.holder)
        let stored = try publishSynchronously(subject: names.epochs, payload: epoch.bytes, expectedLast: streamLast,
                                              messageId: "epoch-\(epoch.epoch)")
        expectedLast = stored
        self.epoch = epoch
        return epoch
    }

    /// One append that waits for its acknowledgement; returns its stream sequence.
    func publishSynchronously(subject: String, payload: [UInt8], expectedLast: UInt64, messageId: String)
        throws(TakeoverError) -> UInt64 {
        var ack: UnsafeMutablePointer<jsPubAck>?
        var code = jsErrCode(rawValue: 0)
        let status = messageId.withCString { id in
            var options = jsPubOptions()
            jsPubOptions_Init(&options)
            // 0 cannot be expected (nats.c reads 0 as "not set"); the first append of an empty
            // stream is made unique by its message id instead.
            options.ExpectLastSeq = expectedLast
            options.MsgId = id
            options.MaxWait = configuration.acknowledgementTimeoutMilliseconds
            return payload.withUnsafeBytes { bytes in
                js_Publish(&ack, connection.jetStream, subject, bytes.baseAddress, Int32(bytes.count), &options, &code)
            }
        }
        defer { jsPubAck_Destroy(ack) }
        guard status == NATS_OK, let ack else {
            let error = NATSError(status, code, context: "append to \(subject) expecting last sequence \(expectedLast)")
            if error.isWrongLastSequence {
                throw .nats(NATSError(status: error.status, jetStreamCode: error.jetStreamCode,
                                      text: "another primary appended first (\(error.text))"))
            }
            throw .nats(error)
        }
        guard !ack.pointee.Duplicate, ack.pointee.Sequence == expectedLast + 1 else {
            throw .nats(NATSError(status: 0, text: "another primary appended first: epoch stored as a duplicate or at \(ack.pointee.Sequence), expected \(expectedLast + 1)"))
        }
        return ack.pointee.Sequence
    }

    // MARK: CommandReplicator (publisher thread)

    public func attach(lastSequence: UInt64, wake: @escaping @Sendable () -> Void) throws {
        if epoch == nil { _ = try takeOver(lastSequence: lastSequence) }
        acknowledgements.setWake(wake, replicatedThrough: lastSequence)
    }

    public func append(_ command: VenueCommand) {
        if !encoder.append(command) {
            flush()
            _ = encoder.append(command)
        }
        if encoder.isFull { flush() }
    }

    public func flush() {
        guard !encoder.isEmpty, acknowledgements.failure == nil, let epoch else { return }
        let sent = encoder.withBytes { bytes in
            send(subject: commandsSubject, bytes: bytes, lastCommand: encoder.lastSequence,
                 messageId: "\(epoch.epoch)-\(encoder.firstSequence)")
        }
        if sent {
            commandsSent += encoder.count
            encoder.reset()
        }
    }

    /// Appends one message asynchronously, expecting the stream's last sequence to be the
    /// previous append's; false (and ``failure`` set) when it could not be sent.
    @discardableResult
    func send<Bytes: Collection<UInt8>>(subject: UnsafeMutablePointer<CChar>, bytes: Bytes, lastCommand: UInt64,
                                        messageId: String) -> Bool {
        acknowledgements.register(.init(streamSequence: expectedLast + 1, lastCommand: lastCommand))
        var message: OpaquePointer?
        var status = bytes.withContiguousStorageIfAvailable { buffer in
            natsMsg_Create(&message, subject, nil, UnsafeRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: CChar.self),
                           Int32(buffer.count))
        } ?? NATS_ERR
        if status == NATS_OK {
            messageId.withCString { id in
                var options = jsPubOptions()
                jsPubOptions_Init(&options)
                options.ExpectLastSeq = expectedLast
                options.MsgId = id
                options.MaxWait = configuration.acknowledgementTimeoutMilliseconds
                // A full window makes nats.c wait (StallWait, 200 ms) and return a timeout: wait on.
                for _ in 0..<50 {
                    status = js_PublishMsgAsync(connection.jetStream, &message, &options)
                    if status != NATS_TIMEOUT { break }
                }
            }
        }
        natsMsg_Destroy(message)        // no-op when nats.c took it
        guard status == NATS_OK else {
            acknowledgements.failed(fenced: false, detail: "\(NATSError(status, context: "append to \(String(cString: subject))"))")
            return false
        }
        messagesSent += 1
        expectedLast += 1
        return true
    }

    /// Appends the primary's state hash after command `sequence` (the batch up to it first).
    public func checkpoint(sequence: UInt64, hash: UInt64) {
        flush()
        guard acknowledgements.failure == nil, let epoch else { return }
        send(subject: checkpointsSubject, bytes: StateCheckpoint(sequence: sequence, hash: hash).bytes, lastCommand: 0,
             messageId: "\(epoch.epoch)-c\(sequence)")
    }

    public var replicatedThrough: UInt64 { acknowledgements.replicatedThrough }

    /// Also fails an append overdue for its acknowledgement, or any pending one once the
    /// connection has closed (the publisher reads this whenever it is idle).
    public var failure: ReplicationFailure? {
        acknowledgements.checkOverdue(timeout: UInt64(configuration.acknowledgementTimeoutMilliseconds) * 1_000_000,
                                      connectionClosed: connection.isClosed)
        return acknowledgements.failure
    }
}
#endif
