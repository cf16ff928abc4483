#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts a system thread (the engine thread, the publisher) that runs `body` once.
/// A plain pthread: its stack and scheduling are the host's, and it is not part of Swift's
/// cooperative pool (whose threads must never block). It is detached: the host learns that
/// it ended from its last record (`stopped`), so nobody joins it, and a thread that is
/// neither joined nor detached keeps its resources after it ends (ThreadSanitizer reports
/// it as a thread leak: two per host started).
///
/// - Memory: the closure box is allocated here and freed by the thread when `body` returns.
public struct ServiceThread: Sendable {
    let handle: pthread_t

    final class Box {
        let name: String
        let body: () -> Void
        init(name: String, body: @escaping () -> Void) { self.name = name; self.body = body }
    }

    public static func start(name: String, _ body: @escaping () -> Void) throws(VenueHostError) -> ServiceThread {
        let box = Unmanaged.passRetained(Box(name: name, body: body)).toOpaque()
        var handle = pthread_t()
        let result = pthread_create(&handle, nil, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.body()
            return nil
        }, box)
        guard result == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            throw .threadStart(errno: result)
        }
        pthread_detach(handle)
        return ServiceThread(handle: handle)
    }
}
