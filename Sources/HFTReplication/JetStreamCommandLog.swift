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
/// - **Trouble and resynchronisation.** A refused append, an acknowledgement that timed out
///   or came out of order, or a publish that cannot be sent is trouble: sending stops, and
///   once the connection is up the log is read back (``resynchronise()``): its last epoch
///   must still be this primary's (otherwise it was fenced), its last command tells what
///   was stored, and every later command is sent again from ``UnacknowledgedCommands``,
///   expecting the stream's real last sequence. A killed NATS node or a stream-leader
///   change costs a pause, not the primary. Trouble that outlasts `outageBudgetMilliseconds`,
///   or a connection nats.c stopped reconnecting, sets ``failure`` and the host stops.
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
        /// How long an append waits for JetStream's acknowledgement before it counts as
        /// trouble (and the log is read back and resynchronised).
        public var acknowledgementTimeoutMilliseconds: Int64
        /// How long appends may stay in trouble (unstored, while the log is unreachable or
        /// electing a leader) before the primary gives up and stops.
        public var outageBudgetMilliseconds: Int64

        public init(connection: NATSConnection.Options, names: CommandLogNames,
                    stream: CommandLogStream.Settings = .init(), holder: String, batchCommands: Int = 512,
                    acknowledgementTimeoutMilliseconds: Int64 = 2_000, outageBudgetMilliseconds: Int64 = 30_000) {
            self.connection = connection
            self.names = names
            self.stream = stream
            self.holder = holder
            self.batchCommands = batchCommands
            self.acknowledgementTimeoutMilliseconds = acknowledgementTimeoutMilliseconds
            self.outageBudgetMilliseconds = outageBudgetMilliseconds
        }
    }

    public let configuration: Configuration
    let connection: NATSConnection
    let acknowledgements: PublishAcknowledgements
    let retained: Unmanaged<PublishAcknowledgements>
    let commandsSubject: UnsafeMutablePointer<CChar>
    let checkpointsSubject: UnsafeMutablePointer<CChar>
    var encoder: CommandBatchEncoder
    /// Commands handed over and not yet acknowledged (publisher thread).
    var unacknowledged = UnacknowledgedCommands()
    /// The last command sent in a message (publisher thread).
    var sentThrough: UInt64 = 0
    /// Resynchronisations so far (part of every message id, so that an append sent again
    /// is never taken for a duplicate of a different batch).
    public internal(set) var resynchronisations = 0
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
        /// Another node kept appending while this one tried to append its epoch.
        case logMoved(String)
        /// The stream's last command message could not be read.
        case damagedLog(String)
        case nats(NATSError)

        public var description: String {
            switch self {
            case .localBehind(let local, let stream):
                "the command log is ahead of this node (log through command \(stream), local journal through \(local)): start it as a standby to catch up"
            case .localAhead(let local, let stream):
                "this node's journal has commands the command log does not (local through \(local), log through \(stream)): rebuild its data directory from the log (an empty directory, as a standby)"
            case .logMoved(let detail): "another node appended to the command log first: \(detail)"
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
        try appendEpoch { inLog throws(TakeoverError) in
            if inLog > lastSequence { throw .localBehind(local: lastSequence, stream: inLog) }
            if inLog < lastSequence { throw .localAhead(local: lastSequence, stream: inLog) }
        }
    }

    /// Fences the log for a standby that is still following it (failover): appends this
    /// node's epoch after whatever the log holds now. From then on the old primary's appends
    /// are refused; the standby applies the commands before the epoch
    /// (`nextSequence - 1`), stops following and attaches (``attach(lastSequence:wake:)``).
    public func fence() throws(TakeoverError) -> PrimaryEpoch {
        try appendEpoch { _ throws(TakeoverError) in }
    }

    /// Appends the next epoch after the stream's last message, `check`ing the log's last
    /// command first; when another node appended meanwhile, reads the log again (up to 20 times).
    func appendEpoch(check: (UInt64) throws(TakeoverError) -> Void) throws(TakeoverError) -> PrimaryEpoch {
        let names = configuration.names
        var moved = ""
        for _ in 0..<20 {
            // The stream's last sequence first: anything appended after it makes the epoch's append fail.
            let streamLast: UInt64
            let previous: UInt64
            do {
                streamLast = try CommandLogStream.lastSequence(names, on: connection)
                previous = try CommandLogStream.lastMessage(names, subject: names.epochs, on: connection)
                    .flatMap { m in m.payload.withUnsafeBytes { PrimaryEpoch($0)?.epoch } } ?? 0
            } catch { throw .nats(error) }
            let inLog = try lastCommandInLog()
            try check(inLog)
            let epoch = PrimaryEpoch(epoch: previous + 1, nextSequence: inLog + 1, holder: configuration.holder)
            do {
                expectedLast = try publishSynchronously(subject: names.epochs, payload: epoch.bytes, expectedLast: streamLast,
                                                        messageId: "epoch-\(epoch.epoch)")
            } catch .logMoved(let detail) {
                moved = detail
                continue
            }
            self.epoch = epoch
            return epoch
        }
        throw .logMoved(moved)
    }

    /// The options of every append: the stream's expected last sequence (the fencing) and a
    /// message id (JetStream's duplicate window drops a resent copy). 0 cannot be expected
    /// (nats.c reads 0 as "not set"); the first append of an empty stream is made unique by
    /// its message id instead. `messageId` must outlive the publish call.
    func appendOptions(expectedLast: UInt64, messageId: UnsafePointer<CChar>) -> jsPubOptions {
        var options = jsPubOptions()
        jsPubOptions_Init(&options)
        options.ExpectLastSeq = expectedLast
        options.MsgId = messageId
        options.MaxWait = configuration.acknowledgementTimeoutMilliseconds
        return options
    }

    /// One append that waits for its acknowledgement; returns its stream sequence.
    func publishSynchronously(subject: String, payload: [UInt8], expectedLast: UInt64, messageId: String)
        throws(TakeoverError) -> UInt64 {
        var ack: UnsafeMutablePointer<jsPubAck>?
        var code = jsErrCode(rawValue: 0)
        let status = messageId.withCString { id in
            var options = appendOptions(expectedLast: expectedLast, messageId: id)
            return payload.withUnsafeBytes { bytes in
                js_Publish(&ack, connection.jetStream, subject, bytes.baseAddress, Int32(bytes.count), &options, &code)
            }
        }
        defer { jsPubAck_Destroy(ack) }
        guard status == NATS_OK, let ack else {
            let error = NATSError(status, code, context: "append to \(subject) expecting last sequence \(expectedLast)")
            if error.isWrongLastSequence { throw .logMoved("\(error.text)") }
            throw .nats(error)
        }
        guard !ack.pointee.Duplicate, ack.pointee.Sequence == expectedLast + 1 else {
            throw .logMoved("epoch stored as a duplicate or at \(ack.pointee.Sequence), expected \(expectedLast + 1)")
        }
        return ack.pointee.Sequence
    }

    // MARK: CommandReplicator (publisher thread)

    public func attach(lastSequence: UInt64, wake: @escaping @Sendable () -> Void) throws {
        if let epoch {
            // Fenced beforehand (``fence()``): the local journal must end right before the epoch.
            let inLog = epoch.nextSequence - 1
            if inLog > lastSequence { throw TakeoverError.localBehind(local: lastSequence, stream: inLog) }
            if inLog < lastSequence { throw TakeoverError.localAhead(local: lastSequence, stream: inLog) }
        } else {
            _ = try takeOver(lastSequence: lastSequence)
        }
        sentThrough = lastSequence
        acknowledgements.setWake(wake, replicatedThrough: lastSequence)
    }

    public func append(_ command: VenueCommand) {
        unacknowledged.append(command)
        if command.sequence - sentThrough >= UInt64(configuration.batchCommands) { flush() }
    }

    /// Sends every command not sent yet, in messages of up to `batchCommands` (nothing while
    /// the log is in trouble: the resynchronisation sends them).
    public func flush() {
        guard acknowledgements.failure == nil, acknowledgements.trouble == nil, let epoch else { return }
        unacknowledged.drop(through: acknowledgements.replicatedThrough)
        for command in unacknowledged.after(sentThrough) {
            _ = encoder.append(command)
            if encoder.isFull, !sendBatch(epoch) { return }
        }
        if !encoder.isEmpty { _ = sendBatch(epoch) }
    }

    /// Sends the encoder's commands as one message; false when it could not be sent.
    func sendBatch(_ epoch: PrimaryEpoch) -> Bool {
        let last = encoder.lastSequence
        let sent = encoder.withBytes { bytes in
            send(subject: commandsSubject, bytes: bytes, lastCommand: last,
                 messageId: "\(epoch.epoch)-\(encoder.firstSequence)-\(resynchronisations)")
        }
        encoder.reset()
        guard sent else { return false }
        commandsSent += Int(last - sentThrough)
        sentThrough = last
        return true
    }

    /// Appends one message asynchronously, expecting the stream's last sequence to be the
    /// previous append's; false (and trouble marked) when it could not be sent.
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
                var options = appendOptions(expectedLast: expectedLast, messageId: id)
                // A full window makes nats.c wait (StallWait, 200 ms) and return a timeout: wait on.
                for _ in 0..<50 {
                    status = js_PublishMsgAsync(connection.jetStream, &message, &options)
                    if status != NATS_TIMEOUT { break }
                }
            }
        }
        natsMsg_Destroy(message)        // no-op when nats.c took it
        guard status == NATS_OK else {
            acknowledgements.failed(detail: "\(NATSError(status, context: "append to \(String(cString: subject))"))")
            return false
        }
        messagesSent += 1
        expectedLast += 1
        return true
    }

    /// Appends the primary's state hash after command `sequence` (the commands up to it
    /// first). A checkpoint lost to trouble is not sent again (standbys check the next one).
    public func checkpoint(sequence: UInt64, hash: UInt64) {
        flush()
        guard acknowledgements.failure == nil, acknowledgements.trouble == nil, sentThrough >= sequence, let epoch else { return }
        send(subject: checkpointsSubject, bytes: StateCheckpoint(sequence: sequence, hash: hash).bytes, lastCommand: 0,
             messageId: "\(epoch.epoch)-c\(sequence)-\(resynchronisations)")
    }

    public var replicatedThrough: UInt64 { acknowledgements.replicatedThrough }

    /// Also fails replication once the connection has closed for good, and resynchronises
    /// with the stream when appends are in trouble (the publisher reads this whenever it is
    /// idle): see ``resynchronise()``.
    public var failure: ReplicationFailure? {
        acknowledgements.checkOverdue(timeout: UInt64(configuration.acknowledgementTimeoutMilliseconds) * 1_000_000,
                                      connectionClosed: connection.isClosed)
        if acknowledgements.failure == nil, acknowledgements.trouble != nil { resynchronise() }
        return acknowledgements.failure
    }
}
#endif
