import NIOCore
import Synchronization

/// The fan-out of stream messages to WebSocket connections: market streams by name
/// (`btcusdt@depth@100ms`, ...) and user-data streams by account.
///
/// A message is encoded once per stream and handed to every subscribed connection's
/// bounded queue without waiting: a connection whose queue is full (a client that does
/// not read) is closed and counted, so that one slow client never slows the publisher or
/// the other clients.
///
/// - Complexity: publish is O(subscribers of the stream); subscribe/unsubscribe O(1).
/// - Memory: each connection's queue holds at most `maxPending` messages.
final class StreamHub: Sendable {
    struct Tables {
        var sessions: [Int: StreamSession] = [:]
        var byStream: [String: Set<Int>] = [:]
        var byAccount: [Int64: Set<Int>] = [:]
        var nextID = 0
        var dropped = 0
    }

    let tables = Mutex(Tables())
    let maxPending: Int
    let faults: FaultInjector

    init(maxPending: Int, faults: FaultInjector = FaultInjector(plan: nil)) {
        self.maxPending = maxPending
        self.faults = faults
    }

    /// Opens a connection's session; `combined` wraps every message as
    /// `{"stream":"<name>","data":<message>}` (Binance's `/stream` endpoints).
    func open(channel: any Channel, combined: Bool) -> StreamSession {
        tables.withLock { t in
            t.nextID += 1
            let session = StreamSession(id: t.nextID, channel: channel, combined: combined, maxPending: maxPending)
            t.sessions[session.id] = session
            return session
        }
    }

    /// Forgets a session (its connection ended).
    func close(_ session: StreamSession) {
        tables.withLock { t in
            t.sessions[session.id] = nil
            for name in session.streams() { t.byStream[name]?.remove(session.id) }
            if let account = session.account { t.byAccount[account]?.remove(session.id) }
        }
        session.finish()
    }

    func subscribe(_ session: StreamSession, to names: [String]) {
        tables.withLock { t in
            for name in names { t.byStream[name, default: []].insert(session.id) }
        }
        session.add(names)
    }

    func unsubscribe(_ session: StreamSession, from names: [String]) {
        tables.withLock { t in
            for name in names { t.byStream[name]?.remove(session.id) }
        }
        session.remove(names)
    }

    /// Routes account `account`'s user-data messages to `session`.
    func attach(_ session: StreamSession, account: Int64) {
        _ = tables.withLock { t in t.byAccount[account, default: []].insert(session.id) }
        session.account = account
    }

    /// Closes every session attached to `account` (its listen key expired).
    func closeAccount(_ account: Int64) {
        let sessions = tables.withLock { t in (t.byAccount[account] ?? []).compactMap { t.sessions[$0] } }
        for session in sessions { close(session) }
    }

    /// Whether anyone listens to `name` (the publisher skips encoding otherwise).
    func hasSubscribers(_ name: String) -> Bool {
        tables.withLock { !($0.byStream[name]?.isEmpty ?? true) }
    }

    /// Whether anyone listens to `account`'s user data.
    func hasSubscribers(account: Int64) -> Bool {
        tables.withLock { !($0.byAccount[account]?.isEmpty ?? true) }
    }

    /// The accounts whose user data someone listens to.
    func subscribedAccounts() -> [Int64] {
        tables.withLock { t in t.byAccount.compactMap { $0.value.isEmpty ? nil : $0.key } }
    }

    /// Sends `message` (a JSON object's text) to the subscribers of stream `name`.
    func publish(stream name: String, message: String) {
        let targets = tables.withLock { t in (t.byStream[name] ?? []).compactMap { t.sessions[$0] } }
        deliver(message, stream: name, to: targets)
    }

    /// Sends a user-data message of `account` to its sessions (the stream name is the
    /// listen key's, for combined connections).
    func publish(account: Int64, message: String) {
        let targets = tables.withLock { t in (t.byAccount[account] ?? []).compactMap { t.sessions[$0] } }
        // Without faults every session gets the message from one shared buffer (``deliver``).
        var receivers: [StreamSession] = []
        for session in targets {
            switch faults.userData() {
            case .none: receivers.append(session)
            case .drop: continue
            case .duplicate: receivers += [session, session]
            case .disconnect: close(session)
            case .delay(let milliseconds):
                Task {
                    try? await Task.sleep(for: .milliseconds(milliseconds))
                    self.deliver(message, stream: nil, to: [session])
                }
            }
        }
        deliver(message, stream: nil, to: receivers)
    }

    /// Queues `message` on every target session: one buffer of its bytes (and one of its
    /// combined-stream wrapping) shared by all of them, not a copy per subscriber.
    func deliver(_ message: String, stream: String?, to targets: [StreamSession]) {
        guard !targets.isEmpty else { return }
        let raw = ByteBuffer(string: message)
        var wrapped: ByteBuffer?
        for session in targets {
            let bytes: ByteBuffer
            if session.combined, let stream {
                if wrapped == nil { wrapped = ByteBuffer(string: "{\"stream\":\"\(stream)\",\"data\":\(message)}") }
                bytes = wrapped!
            } else {
                bytes = raw
            }
            if !session.send(bytes) {
                tables.withLock { $0.dropped += 1 }
                close(session)
            }
        }
    }

    /// Connections closed because they did not read (for metrics).
    var droppedClients: Int { tables.withLock { $0.dropped } }

    /// Open stream connections.
    var sessionCount: Int { tables.withLock { $0.sessions.count } }
}

/// One WebSocket connection's stream state: its subscriptions and its bounded queue of
/// outgoing messages, drained by the connection's writer task.
final class StreamSession: @unchecked Sendable {
    let id: Int
    let channel: any Channel
    let combined: Bool
    /// The text frames to send, as UTF-8 bytes (a buffer may be shared by many sessions).
    let messages: AsyncStream<ByteBuffer>
    let continuation: AsyncStream<ByteBuffer>.Continuation
    let subscriptions = Mutex<[String]>([])
    let accountBox = Mutex<Int64?>(nil)

    init(id: Int, channel: any Channel, combined: Bool, maxPending: Int) {
        self.id = id
        self.channel = channel
        self.combined = combined
        (messages, continuation) = AsyncStream.makeStream(of: ByteBuffer.self, bufferingPolicy: .bufferingOldest(maxPending))
    }

    var account: Int64? {
        get { accountBox.withLock { $0 } }
        set { accountBox.withLock { $0 = newValue } }
    }

    /// Queues `text`; false if the queue is full (the client does not read) or closed.
    func send(_ text: String) -> Bool { send(ByteBuffer(string: text)) }

    /// Queues the UTF-8 bytes of a text frame; false if the queue is full or closed.
    func send(_ bytes: [UInt8]) -> Bool { send(ByteBuffer(bytes: bytes)) }

    /// Queues a text frame's bytes; false if the queue is full (the client does not read) or closed.
    func send(_ text: ByteBuffer) -> Bool {
        switch continuation.yield(text) {
        case .enqueued: return true
        case .dropped, .terminated: return false
        @unknown default: return false
        }
    }

    /// Ends the queue and closes the connection (a stuck writer is unblocked by the close).
    func finish() {
        continuation.finish()
        channel.close(promise: nil)
    }

    func streams() -> [String] { subscriptions.withLock { $0 } }

    func add(_ names: [String]) {
        subscriptions.withLock { list in
            for name in names where !list.contains(name) { list.append(name) }
        }
    }

    func remove(_ names: [String]) {
        subscriptions.withLock { list in list.removeAll { names.contains($0) } }
    }
}
