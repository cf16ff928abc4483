import HFTEngine

extension VenueHost {
    /// Makes this standby the primary (failover): `replicator` takes the log over from the
    /// local journal's last command (``CommandReplicator/attach(lastSequence:wake:)``: its
    /// epoch fences the old primary), the publisher starts holding every new command until
    /// the log has it, and only then are clients' commands accepted.
    ///
    /// The caller has stopped the standby's feed and waited until everything it queued is
    /// durable (``statistics`` `.lastDurableSequence` equals the feed's last command).
    ///
    /// - Throws: ``VenueHostError/replication(_:)`` when this host is not a running standby,
    ///   or the log refused the takeover (it moved on, or another node took it first).
    public func promote(replicator: any CommandReplicator) async throws(VenueHostError) {
        guard role == .standby, currentState == .running else {
            throw .replication("only a running standby can be promoted (this host is \(role), \(currentState))")
        }
        let bell = publisherBell
        do {
            try replicator.attach(lastSequence: statistics.lastDurableSequence) { bell.ring() }
        } catch {
            throw .replication("\(error)")
        }
        promotion.put(replicator)
        bell.ring()
        while !promotion.isTaken {
            try? await Task.sleep(for: .milliseconds(1))
        }
        acceptsClientCommands.store(true, ordering: .releasing)
    }
}
