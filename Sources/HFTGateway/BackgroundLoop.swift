import Synchronization

/// The one background task a stream or connection runs between `start` and `stop`
/// (started at most once; `stop` cancels it and waits for it to end).
final class BackgroundLoop: Sendable {
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// Starts `body` unless it was started before.
    func start(_ body: @escaping @Sendable () async -> Void) {
        task.withLock { task in
            guard task == nil else { return }
            task = Task { await body() }
        }
    }

    /// Cancels the task and waits for it.
    func stop() async {
        let running = task.withLock { $0 }
        running?.cancel()
        await running?.value
    }
}
