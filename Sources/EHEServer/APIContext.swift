public import EHECore
public import Hummingbird
public import NIOCore

/// Who is making a request, once authenticated.
public struct Identity: Sendable, Hashable {
    public enum Credential: Sendable, Hashable {
        /// A browser session: unsafe methods must carry its CSRF token.
        case session(secret: String, csrfToken: String)
        /// A bearer API token.
        case token(id: Int64)
    }

    public var name: String
    public var role: Role
    public var credential: Credential

    /// The audit log's name for this identity: `user:NAME` or `token:NAME`.
    public var actor: String {
        switch credential {
        case .session: "user:\(name)"
        case .token: "token:\(name)"
        }
    }
}

/// The request context: the client's address and, after the authentication middleware, the identity.
public struct APIContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let channelAddress: SocketAddress?
    public var identity: Identity?
    /// The client address as audited: the peer's IP, or `X-Forwarded-For`'s first entry behind a trusted proxy.
    public var clientAddress: String?
    /// A page's submitted form, read (and its CSRF token checked) before the handler runs.
    var form = FormData()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channelAddress = source.channel.remoteAddress
        clientAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Case documents are bigger than the default limit allows only in pathological cases; 1 MiB is plenty.
    public var maxUploadSize: Int { 1 << 20 }
}
