#if NATS
import CNATS

/// Who may be the primary of a shard: key `primary` of the JetStream key-value bucket
/// `hft-<shard>-lease`, whose entries expire after the lease's time to live unless renewed.
///
/// The holder renews well within the TTL (``renew()``, a compare-and-set on the entry's
/// revision, so a holder whose lease lapsed and was taken cannot renew it); a standby that
/// finds the key gone takes it with ``acquire()`` (create-if-absent: of two standbys only
/// one succeeds). The lease decides who *tries* to be primary; the log's fencing
/// (``JetStreamCommandLog``) is what makes a stale primary harmless if two overlap.
///
/// - Memory: owns its connection and key-value handle.
public final class LeaderLease: @unchecked Sendable {
    public let names: CommandLogNames
    public let holder: String
    let connection: NATSConnection
    let store: OpaquePointer
    /// The revision of the entry this node wrote last (0: it holds nothing).
    public private(set) var revision: UInt64 = 0
    /// How long an entry lives without renewal: the bucket's, which the shard's first node
    /// set (a later node's own setting does not change it).
    public let timeToLive: Duration
    /// What this process writes into the key: its holder name, `#`, and a random token, so
    /// that a restarted process of the same name is a different holder.
    let entryValue: [UInt8]

    /// Opens the shard's lease bucket, creating it with `timeToLiveMilliseconds` (how long an
    /// entry lives without renewal) when it is missing.
    public init(_ options: NATSConnection.Options, names: CommandLogNames, holder: String,
                timeToLiveMilliseconds: Int64, replicas: Int32 = 1) throws(NATSError) {
        self.names = names
        self.holder = holder
        entryValue = Array("\(holder)#\(String(UInt64.random(in: 0 ... .max), radix: 16))".utf8)
        let connection = try NATSConnection(options)
        self.connection = connection
        var config = kvConfig()
        kvConfig_Init(&config)
        var store: OpaquePointer?
        var status = js_KeyValue(&store, connection.jetStream, names.leaseBucket)
        if status == NATS_NOT_FOUND {
            status = names.leaseBucket.withCString { bucket -> natsStatus in
                config.Bucket = bucket
                config.History = 1
                config.TTL = timeToLiveMilliseconds * 1_000_000      // nats.c passes it to the bucket's MaxAge, in nanoseconds
                config.Replicas = replicas
                config.StorageType = js_FileStorage
                return js_CreateKeyValue(&store, connection.jetStream, &config)
            }
        }
        try NATSError.check(status, "lease bucket \(names.leaseBucket)")
        self.store = store!
        var bucketStatus: OpaquePointer?
        if kvStore_Status(&bucketStatus, store) == NATS_OK, let bucketStatus {
            timeToLive = .nanoseconds(kvStatus_TTL(bucketStatus))
            kvStatus_Destroy(bucketStatus)
        } else {
            timeToLive = .milliseconds(timeToLiveMilliseconds)
        }
    }

    deinit { kvStore_Destroy(store) }

    /// Takes the lease if nobody holds it (the key is absent, deleted or expired). True when
    /// this node now holds it; false when another node (or another process of this name) does.
    /// Throws when NATS could not say (no connection, or the bucket's stream electing a leader).
    public func acquire() throws(NATSError) -> Bool {
        var status = NATS_OK
        for _ in 0..<3 {
            var rev: UInt64 = 0
            status = entryValue.withUnsafeBytes { bytes in
                kvStore_Create(&rev, store, CommandLogNames.leaseKey, bytes.baseAddress, Int32(bytes.count))
            }
            if status == NATS_OK {
                revision = rev
                return true
            }
            // nats.c folds every JetStream refusal into NATS_ERR (it passes no error code out
            // of kvStore_Create): only a live entry proves that somebody holds the lease.
            guard status == NATS_ERR || status == NATS_NOT_FOUND else { throw NATSError(status, context: "acquire the lease") }
            if let entry = try currentEntry() {
                guard entry.value == entryValue else { return false }
                revision = entry.revision       // this process's own entry: an earlier create's acknowledgement was lost
                return true
            }
            // Refused, then gone: the entry expired in between; try again.
        }
        throw NATSError(status, context: "acquire the lease (refused, but nobody holds it)")
    }

    /// Renews the lease this node holds. False when it no longer does (it lapsed, and it is
    /// gone or another node took it): the caller must take it again or stop acting as
    /// primary. Throws when NATS could not say.
    public func renew() throws(NATSError) -> Bool {
        guard revision > 0 else { return false }
        var rev: UInt64 = 0
        let status = entryValue.withUnsafeBytes { bytes in
            kvStore_Update(&rev, store, CommandLogNames.leaseKey, bytes.baseAddress, Int32(bytes.count), revision)
        }
        if status == NATS_OK {
            revision = rev
            return true
        }
        guard status == NATS_ERR || status == NATS_NOT_FOUND else { throw NATSError(status, context: "renew the lease") }
        // A refusal is either a revision that is no longer the key's last, or a JetStream
        // error (a stream without a leader answers 503). The entry tells which: still this
        // process's value means an earlier renewal was stored but its acknowledgement lost.
        guard let entry = try currentEntry() else {
            revision = 0
            return false
        }
        if entry.value == entryValue {
            if entry.revision == revision { throw NATSError(status, context: "renew the lease") }
            revision = entry.revision
            return try renew()
        }
        revision = 0
        return false
    }

    /// What the key holds now: its value and revision, or nil when it is absent, deleted or expired.
    private func currentEntry() throws(NATSError) -> (value: [UInt8], revision: UInt64)? {
        var entry: OpaquePointer?
        let status = kvStore_Get(&entry, store, CommandLogNames.leaseKey)
        if status == NATS_NOT_FOUND { return nil }
        try NATSError.check(status, "read the lease")
        defer { kvEntry_Destroy(entry) }
        let count = Int(kvEntry_ValueLen(entry))
        let value = kvEntry_Value(entry).map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
        return (value, kvEntry_Revision(entry))
    }

    /// Gives the lease up (a graceful stop), so a standby need not wait for the TTL. Only
    /// the entry this node wrote is deleted: the delete (a key-value `DEL` marker, as
    /// `kvStore_Delete` writes it) expects the key's last revision to be ours, so a node
    /// whose lease lapsed and was taken cannot delete its successor's.
    public func release() {
        guard revision > 0 else { return }
        defer { revision = 0 }
        var message: OpaquePointer?
        guard natsMsg_Create(&message, "$KV.\(names.leaseBucket).\(CommandLogNames.leaseKey)", nil, nil, 0) == NATS_OK else { return }
        defer { natsMsg_Destroy(message) }
        _ = natsMsgHeader_Set(message, "KV-Operation", "DEL")
        var options = jsPubOptions()
        jsPubOptions_Init(&options)
        options.ExpectLastSubjectSeq = revision
        var ack: UnsafeMutablePointer<jsPubAck>?
        var code = jsErrCode(rawValue: 0)
        _ = js_PublishMsg(&ack, connection.jetStream, message, &options, &code)
        jsPubAck_Destroy(ack)
    }

    /// The current holder's name, or nil when nobody holds the lease.
    public func currentHolder() throws(NATSError) -> String? {
        guard let entry = try currentEntry(), !entry.value.isEmpty else { return nil }
        let text = String(decoding: entry.value, as: UTF8.self)
        return text.lastIndex(of: "#").map { String(text[..<$0]) } ?? text
    }
}
#endif
