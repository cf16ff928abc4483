import HFTEngine
import HFTService
import ServiceLifecycle
import Synchronization

/// The stage between the publisher thread and the stream writers: durable commands and
/// their ledger changes are queued here, and one task turns them into stream messages
/// (``StreamPublisher``) and fans them out to the subscribers; the same task sends the
/// conflated depth events when their interval is due (a tick every 20 ms).
///
/// Why a stage: encoding and queueing a message for a thousand subscribers takes far
/// longer than applying a command to the read model. Done on the publisher thread, it
/// delayed every acknowledgement behind the fan-out (with 1,000 subscribers the order rate
/// fell to tens per second). Now the publisher thread only enqueues, so acknowledgements
/// never wait for stream clients, and the messages of each command still leave in command
/// order.
///
/// Bound: ``capacity`` commands. If the fan-out falls that far behind, further commands'
/// stream messages are dropped (counted in ``droppedCommands``, `hft_stream_fanout_dropped`)
/// rather than slowing the engine; depth diffs are not lost (they wait in the ledger until
/// the next drain), trades and user-data updates of dropped commands are.
///
/// - Memory: at most ``capacity`` queued (command, changes) pairs.
final class StreamFanout: Service, Sendable {
    enum Work: Sendable {
        case committed(VenueCommand, LedgerChanges)
        case tick
    }

    /// The queue's bound, in commands.
    let capacity: Int
    let publisher: StreamPublisher
    let work: AsyncStream<Work>
    let continuation: AsyncStream<Work>.Continuation
    let dropped = Atomic<Int>(0)

    init(publisher: StreamPublisher, capacity: Int = 1 << 16) {
        self.publisher = publisher
        self.capacity = capacity
        (work, continuation) = AsyncStream.makeStream(of: Work.self, bufferingPolicy: .bufferingOldest(capacity))
    }

    /// Queues a committed command (publisher thread; never waits).
    func enqueue(_ command: VenueCommand, _ changes: LedgerChanges) {
        if case .dropped = continuation.yield(.committed(command, changes)) {
            dropped.add(1, ordering: .relaxed)
        }
    }

    /// Commands whose stream messages were dropped because the fan-out was ``capacity`` behind.
    var droppedCommands: Int { dropped.load(ordering: .relaxed) }

    /// Publishes queued commands and due depth events until graceful shutdown.
    func run() async {
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(20))
                continuation.yield(.tick)
            }
        }
        await withGracefulShutdownHandler {
            for await item in work {
                switch item {
                case let .committed(command, changes): publisher.publish(command, changes)
                case .tick: publisher.sendDueDepth(nowMilliseconds: publisher.state.nowMilliseconds)
                }
            }
        } onGracefulShutdown: {
            self.continuation.finish()
        }
        ticker.cancel()
    }
}
