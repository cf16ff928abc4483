#if NATS
import CNATS
import HFTService

extension JetStreamCommandLog {
    /// Recovers from trouble (publisher thread): forgets every append still in flight,
    /// reads the stream back and sends again what it does not hold. Called whenever the
    /// publisher is idle while in trouble; each call is one attempt, so an unreachable log
    /// (reconnecting, electing a stream leader) is simply tried again on the next call,
    /// until the outage budget is spent.
    ///
    /// 1. Appends still pending in nats.c are abandoned (their late answers are ignored:
    ///    whatever they stored is read back below).
    /// 2. The stream's last epoch must be this primary's; another one means a newer primary
    ///    took the log over: ``ReplicationFailure/fenced(expectedLastSequence:detail:)``.
    /// 3. The stream's last command is the replicated watermark (the log holds it even if
    ///    its acknowledgement was lost); the stream's last sequence is what the next append
    ///    expects.
    /// 4. The commands after it are sent again, in order, with new message ids.
    ///
    /// Round trips: three reads and the resent appends. An append that was still on its
    /// way and lands after step 3 makes the first resent one fail its expected sequence:
    /// that is new trouble, and the next attempt reads the stream again.
    func resynchronise() {
        guard let trouble = acknowledgements.trouble, let epoch else { return }
        let waited = ServiceClock.monotonicNanoseconds() &- trouble.since
        if waited > UInt64(configuration.outageBudgetMilliseconds) * 1_000_000 {
            acknowledgements.fail(.unavailable("appends unstored for \(waited / 1_000_000) ms: \(trouble.detail)"))
            return
        }
        guard connection.isConnected else { return }
        abandonPendingPublishes()
        let names = configuration.names
        let lastEpoch: PrimaryEpoch?
        let streamLast: UInt64
        let inLog: UInt64
        do {
            lastEpoch = try CommandLogStream.lastMessage(names, subject: names.epochs, on: connection)
                .flatMap { m in m.payload.withUnsafeBytes { PrimaryEpoch($0) } }
            streamLast = try CommandLogStream.lastSequence(names, on: connection)
            inLog = try lastCommandInLog()
        } catch {
            return                               // not reachable yet: the next idle call tries again
        }
        guard let lastEpoch, lastEpoch.epoch == epoch.epoch, lastEpoch.holder == epoch.holder else {
            acknowledgements.fail(.fenced(expectedLastSequence: expectedLast,
                                          detail: "the log's last epoch is \(lastEpoch.map { "\($0.epoch) of \($0.holder)" } ?? "missing"), this primary's \(epoch.epoch)"))
            return
        }
        let through = acknowledgements.replicatedThrough
        guard inLog >= through, inLog <= max(sentThrough, unacknowledged.lastSequence ?? 0) else {
            acknowledgements.fail(.fenced(expectedLastSequence: expectedLast,
                                          detail: "the log holds commands through \(inLog); this primary acknowledged through \(through) and sent through \(sentThrough)"))
            return
        }
        resynchronisations += 1
        expectedLast = streamLast
        sentThrough = inLog
        encoder.reset()
        acknowledgements.reset(replicatedThrough: inLog)
        flush()
    }

    /// Makes nats.c forget every asynchronous publish still waiting for its answer.
    func abandonPendingPublishes() {
        var pending = natsMsgList()
        guard js_PublishAsyncGetPendingList(&pending, connection.jetStream) == NATS_OK else { return }
        natsMsgList_Destroy(&pending)      // destroys the messages too
    }
}
#endif
