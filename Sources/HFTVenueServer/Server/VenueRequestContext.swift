import Hummingbird
import NIOCore

/// The request context of the service's routers: Hummingbird's core storage plus the
/// client's address (rate limits are per IP, as Binance's) and the upload limit of the
/// configuration.
public struct VenueRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's address (nil on a Unix socket or when the channel is already closed).
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Binance refuses large requests long before 64 KiB; so does the service.
    public var maxUploadSize: Int { 64 * 1024 }

    /// The client's IP address as text, the key of its request-weight limit.
    public var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}
