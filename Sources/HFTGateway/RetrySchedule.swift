/// When a request that failed is tried again, and when its error is reported: the one
/// schedule of every retried request of the gateway (REST and the WebSocket order API).
///
/// - The first attempt waits ``GatewayConfiguration/retryDelays``[0], retry *n* waits
///   `retryDelays[n]`; a failure that is not ``GatewayError/isRetryable`` is reported at once.
/// - When the delays are used up the error is reported, unless the request may go to
///   another node (`rotating`, more than one node) and the error says "not the primary"
///   (``GatewayError/suggestsAnotherNode``): then the attempts go on every last delay until
///   ``GatewayConfiguration/failoverPatience`` has passed since the first attempt.
///
/// A value per request; no allocation beyond the configuration's array.
struct RetrySchedule {
    /// What an attempt knows of the ones before it.
    struct Attempt {
        /// 0 for the first attempt.
        var number = 0
        /// The previous attempt's error.
        var last: GatewayError?
        /// True once an earlier attempt's outcome was unknown (a timeout, a dropped
        /// connection, a 5xx): the exchange may have acted, so a NEW must be looked up by
        /// its client order id before it is sent again. Never cleared by a later refusal
        /// (a standby's -1001 says nothing about what the old primary did).
        var outcomeUnknown = false
    }

    let delays: [Duration]
    let patience: Duration?
    let start = ContinuousClock.now
    private(set) var attempt = Attempt()

    init(_ configuration: GatewayConfiguration, rotating: Bool) {
        delays = configuration.retryDelays.isEmpty ? [.zero] : configuration.retryDelays
        patience = rotating && configuration.nodes.count > 1 ? configuration.failoverPatience : nil
    }

    /// The pause before the first attempt.
    var firstDelay: Duration { delays[0] }

    /// Records `error` of the attempt just made; the pause before the next one, or nil when
    /// `error` is to be reported.
    mutating func next(after error: GatewayError) -> Duration? {
        attempt.number += 1
        attempt.last = error
        if error.errorClass == .outcomeUnknown { attempt.outcomeUnknown = true }
        guard error.isRetryable else { return nil }
        if attempt.number < delays.count { return delays[attempt.number] }
        guard let patience, error.suggestsAnotherNode, let last = delays.last else { return nil }
        return ContinuousClock.now - start + last <= patience ? last : nil
    }

    /// Runs `body` on this schedule: its result, or the error of the last attempt. Only
    /// errors that `retrying` accepts are tried again (a batch of NEWs: only a standby's refusal).
    static func retrying<T>(_ configuration: GatewayConfiguration, rotating: Bool = true,
                            retrying: (GatewayError) -> Bool = { _ in true },
                            _ body: (Attempt) async throws(GatewayError) -> T) async throws(GatewayError) -> T {
        var schedule = RetrySchedule(configuration, rotating: rotating)
        var delay = schedule.firstDelay
        while true {
            if delay > .zero { try? await Task.sleep(for: delay) }
            do {
                return try await body(schedule.attempt)
            } catch {
                guard retrying(error), let next = schedule.next(after: error) else { throw error }
                delay = next
            }
        }
    }
}

/// The pause before a stream or connection tries again: ``GatewayConfiguration/reconnectDelay``
/// after a connection that was up, doubled after each attempt that could not connect, up to
/// the last of ``GatewayConfiguration/retryDelays`` (while a failover is under way the
/// shard's nodes are tried a few times a second, not hammered).
struct ReconnectBackoff {
    let first: Duration
    let longest: Duration
    private var failures = 0

    init(_ configuration: GatewayConfiguration) {
        first = configuration.reconnectDelay
        longest = max(configuration.retryDelays.last ?? .zero, configuration.reconnectDelay)
    }

    /// The pause after an attempt to connect to node `node` of `primary`'s shard (nil: the
    /// attempt failed before it chose one); an attempt that never connected moves the
    /// belief on from that node (a node that cannot be reached is not a primary to stay with).
    mutating func pause(after node: Int?, connected: Bool, primary: ShardPrimary) -> Duration {
        if !connected, let node { primary.moveOn(from: node) }
        return delay(connected: connected)
    }

    /// The pause after an attempt; `connected` says whether it was up for a while (resets the doubling).
    mutating func delay(connected: Bool) -> Duration {
        failures = connected ? 0 : failures + 1
        var delay = first
        for _ in 0..<min(failures, 16) where delay < longest { delay = delay * 2 }
        return min(delay, longest)
    }
}
