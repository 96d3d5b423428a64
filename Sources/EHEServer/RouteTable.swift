import EHEApp
public import EHECore
import Foundation
public import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// Who may use a route.
public enum Access: Sendable, Hashable, CustomStringConvertible {
    /// Anyone, signed in or not (health, metrics, the OpenAPI document, signing in).
    case open
    /// Any signed-in identity, whatever its role.
    case signedIn
    /// Identities whose role has this permission.
    case permission(Permission)

    public func allows(_ role: Role?) -> Bool {
        switch self {
        case .open: true
        case .signedIn: role != nil
        case .permission(let permission): role?.permissions.contains(permission) ?? false
        }
    }

    public var description: String {
        switch self {
        case .open: "open"
        case .signedIn: "signed in"
        case .permission(let permission): permission.rawValue
        }
    }
}

/// One route of the API: method, path (OpenAPI form, `{reference}`), who may use it, and the audit action
/// the route records on success when the service behind it does not record its own (nil: it does, or
/// the route reads nothing worth recording — health, metrics, the document).
public struct RouteRule: Sendable, Hashable {
    /// JSON API (problem+json errors, CSRF token in a header) or officers' page (HTML errors, sign-in
    /// redirects, CSRF token in the form).
    public enum Kind: String, Sendable, Hashable {
        case api
        case page
    }

    public var method: HTTPRequest.Method
    public var path: String
    public var access: Access
    public var action: String?
    public var kind: Kind = .api

    /// "GET /api/v1/cases/{reference}".
    public var name: String { "\(method.rawValue) \(path)" }

    /// The path in Hummingbird's form (`:reference`).
    var routerPath: String {
        path.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: "")
    }
}

/// What a handler may add to the audit entry its route records.
struct AuditNote: Sendable {
    var detail: String?
}

typealias RouteHandler = @Sendable (Request, APIContext, inout AuditNote) async throws -> Response

/// Registers routes on the router, each wrapped so that: the identity is checked against the rule before
/// the handler runs (401 signed out, 403 wrong role — deny by default); a browser session's unsafe request
/// must carry its CSRF token; errors become problem+json; and the route's audit entry (and any denial) is
/// durable before the response leaves.
struct RouteTable {
    let router: Router<APIContext>
    let audit: AuditService
    let pages: PageRenderer
    let origin: OriginPolicy
    private(set) var rules: [RouteRule] = []
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    init(router: Router<APIContext>, audit: AuditService, pages: PageRenderer, origin: OriginPolicy) {
        self.router = router
        self.audit = audit
        self.pages = pages
        self.origin = origin
    }

    /// Adds an officers' page: as `add`, but a signed-out visitor is sent to the sign-in page, refusals and
    /// errors are HTML pages, and a form's `_csrf` field must match the session.
    mutating func page(
        _ method: HTTPRequest.Method,
        _ path: String,
        _ access: Access,
        action: String? = nil,
        _ handler: @escaping RouteHandler
    ) {
        add(method, path, access, action: action, kind: .page, handler)
    }

    mutating func add(
        _ method: HTTPRequest.Method,
        _ path: String,
        _ access: Access,
        action: String? = nil,
        kind: RouteRule.Kind = .api,
        _ handler: @escaping RouteHandler
    ) {
        let rule = RouteRule(method: method, path: path, access: access, action: action, kind: kind)
        rules.append(rule)
        let audit = audit
        let pages = pages
        let origin = origin
        router.on(RouterPath(rule.routerPath), method: method) { request, context -> Response in
            var context = context
            let identity = context.identity
            // Only a real case reference goes into the audit log; other path text could be anything.
            let reference = context.parameters.get("reference").flatMap { CaseReference($0)?.description }
            do {
                guard rule.access.allows(identity?.role) else {
                    guard let identity else {
                        if kind == .page {
                            let next = request.method == .get ? request.uri.path : "/"
                            return PageRenderer.redirect(
                                "/sign-in?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/")
                            )
                        }
                        throw Problem.signInRequired
                    }
                    try await audit.record(
                        AuditEvent(
                            actor: identity.actor,
                            action: rule.action ?? "request",
                            caseReference: reference,
                            address: context.clientAddress,
                            outcome: "denied",
                            detail: "\(method) \(path) role=\(identity.role.rawValue)"
                        )
                    )
                    throw Problem.forbidden("\(method) \(path) needs \(rule.access); you are signed in as \(identity.role.rawValue)")
                }
                if kind == .page, !Self.isSafe(method) {
                    // Forms are posted from this server's pages only (this also stops a cross-site form signing
                    // someone in as another user, which the CSRF token cannot, having no session yet).
                    if let given = request.headers[.origin], !origin.allows(given, request: request) {
                        throw Problem.forbidden("forms are accepted only from this server's own pages")
                    }
                    context.form = try await FormData.read(request, context: context)
                }
                if case .session(_, let csrf) = identity?.credential, !Self.isSafe(method), rule.access != .open {
                    let given = kind == .page ? context.form["_csrf"] ?? "" : request.headers[Self.csrfHeader] ?? ""
                    guard AccountService.csrfMatches(given, csrf) else {
                        throw Problem(
                            .forbidden,
                            type: "csrf",
                            title: "CSRF token missing or wrong",
                            detail: "send the session's CSRF token in X-CSRF-Token with every change"
                        )
                    }
                }
                var note = AuditNote()
                let response = try await handler(request, context, &note)
                if let action = rule.action, let identity {
                    try await audit.record(
                        AuditEvent(
                            actor: identity.actor,
                            action: action,
                            caseReference: reference,
                            address: context.clientAddress,
                            detail: note.detail
                        )
                    )
                }
                return response
            } catch {
                let problem = Problem.from(error)
                if problem.status >= 500 {
                    // Attributed: the route and who called it (an account name, never a child's data); and,
                    // where the route is audited, the failed attempt is in the audit log too.
                    context.logger.error(
                        "request failed",
                        metadata: [
                            "method": "\(method)", "route": "\(path)", "actor": "\(identity?.actor ?? "anonymous")",
                            "error.type": "\(type(of: error))", "status": "\(problem.status)",
                        ]
                    )
                    if let action = rule.action, let identity {
                        try? await audit.record(
                            AuditEvent(
                                actor: identity.actor,
                                action: action,
                                caseReference: reference,
                                address: context.clientAddress,
                                outcome: "failed",
                                detail: "status \(problem.status) request \(context.id)"
                            )
                        )
                    }
                }
                if kind == .page { return pages.error(problem, identity: identity, requestId: context.id) }
                return try problem.response(from: request, context: context)
            }
        }
    }

    static func isSafe(_ method: HTTPRequest.Method) -> Bool {
        method == .get || method == .head || method == .options
    }
}

/// Where the officers' forms may be posted from: this server's own origin — scheme, host and port all
/// equal (RFC 6454). The scheme is https when the server serves TLS, or, behind a trusted proxy, the one
/// the proxy names in `X-Forwarded-Proto`; otherwise http.
struct OriginPolicy: Sendable {
    let secure: Bool
    let trustForwardedProto: Bool
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!

    func allows(_ origin: String, request: Request) -> Bool {
        let proxied = trustForwardedProto ? request.headers[Self.forwardedProto]?.lowercased() : nil
        let scheme = secure ? "https" : (proxied ?? "http")
        guard let authority = request.head.authority, let own = Self.hostAndPort(authority, scheme: scheme),
            let given = Self.origin(origin)
        else { return false }
        return given.scheme == scheme && given.host == own.host && given.port == own.port
    }

    /// `scheme://host[:port]` split into its parts, the port defaulted from the scheme; nil for anything
    /// else (`null`, a path, user info).
    static func origin(_ text: String) -> (scheme: String, host: String, port: Int)? {
        guard let range = text.range(of: "://") else { return nil }
        let scheme = text[..<range.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        return hostAndPort(String(text[range.upperBound...]), scheme: scheme).map { (scheme, $0.host, $0.port) }
    }

    /// `host[:port]` or `[v6]:port`, lower-cased, the port defaulted from the scheme.
    static func hostAndPort(_ authority: String, scheme: String) -> (host: String, port: Int)? {
        let defaultPort = scheme == "https" ? 443 : 80
        guard !authority.isEmpty, !authority.contains("/"), !authority.contains("@") else { return nil }
        var host = Substring(authority)
        var portText: Substring?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return nil }
            let rest = host[host.index(after: close)...]
            host = host[...close]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { return nil }
                portText = rest.dropFirst()
            }
        } else if let colon = host.lastIndex(of: ":") {
            portText = host[host.index(after: colon)...]
            host = host[..<colon]
        }
        guard !host.isEmpty else { return nil }
        guard let portText else { return (host.lowercased(), defaultPort) }
        guard !portText.isEmpty, portText.count <= 5, let port = Int(portText), (1...65_535).contains(port) else { return nil }
        return (host.lowercased(), port)
    }
}

// MARK: Request and response helpers

enum JSON {
    /// Foundation's encoder instead of the streaming one, for the side-by-side benchmark of the two
    /// (docs/benchmarks.md): chosen once when the service starts, from `server.jsonEncoder`.
    private static let foundationEncoder = Atomic<Bool>(false)

    static func useFoundationEncoder(_ chosen: Bool) {
        foundationEncoder.store(chosen, ordering: .relaxed)
    }

    /// Keys in declaration order, not sorted, written in one pass (`StreamingJSONEncoder`): Foundation's
    /// encoder, sorted or not, was a tenth of the CPU of an audited case read.
    static func encode(_ value: some Encodable) throws -> ByteBuffer {
        let bytes =
            foundationEncoder.load(ordering: .relaxed)
            ? Array(try JSONEncoder().encode(value)) : try StreamingJSONEncoder().encode(value)
        // Sized up front: `ByteBuffer(bytes:)` starts small and reallocates as it copies.
        var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        return buffer
    }

    /// A JSON response; `no-store` because most hold personal data.
    static func response(
        _ value: some Encodable,
        status: HTTPResponse.Status = .ok,
        headers extra: HTTPFields = [:]
    ) throws -> Response {
        var headers = extra
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: try encode(value)))
    }

    /// Decodes a JSON body; a wrong content type or shape is a 415 / 422 problem naming the field.
    static func body<T: Decodable>(_ type: T.Type, _ request: Request, context: APIContext) async throws -> T {
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("application/json") else {
            throw Problem(
                .unsupportedMediaType,
                type: "unsupported-media-type",
                title: "Send JSON",
                detail: "the body must be application/json"
            )
        }
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (the whitespace HTTP allows around a header value).
    /// Foundation's `trimmingCharacters(in:)` bridges through NSString on Linux: a tenth of the
    /// authentication step of every request.
    func trimmingSpacesAndTabs() -> SubSequence {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        let start = firstIndex { !blank($0) } ?? endIndex
        let end = lastIndex { !blank($0) }.map(index(after:)) ?? start
        return self[start..<end]
    }
}

extension Request {
    /// The version in `If-Match: "N"`; a missing header is 428, a malformed one 422.
    func requiredVersion() throws -> Int {
        guard let text = headers[.ifMatch] else { throw Problem.ifMatchRequired }
        let trimmed = text.trimmingSpacesAndTabs()
        guard trimmed.hasPrefix("\""), trimmed.hasSuffix("\""), trimmed.count > 2, let version = Int(trimmed.dropFirst().dropLast())
        else {
            throw Problem.badRequest("must be the case's ETag, e.g. \"3\"", field: "If-Match")
        }
        return version
    }

    func query(_ name: String) -> String? {
        uri.queryParameters.get(name).map { String($0) }
    }

    func queryInt(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = query(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw Problem.badRequest("must be a whole number from \(range.lowerBound) to \(range.upperBound)", field: name, rule: "range")
        }
        return value
    }

    func queryDate(_ name: String) throws -> LocalDate? {
        guard let text = query(name) else { return nil }
        guard let date = LocalDate(iso: text) else { throw Problem.badRequest("must be a date written YYYY-MM-DD", field: name) }
        guard LocalDate.registerRange.contains(date) else {
            throw Problem.badRequest(LocalDate.registerRangeMessage, field: name, rule: "date_range")
        }
        return date
    }

    func queryBool(_ name: String) throws -> Bool {
        switch query(name) {
        case nil, "false": return false
        case "true": return true
        default: throw Problem.badRequest("must be true or false", field: name)
        }
    }
}

extension APIContext {
    /// The path's case reference, parsed.
    func reference() throws -> CaseReference {
        guard let text = parameters.get("reference"), let reference = CaseReference(text) else {
            throw Problem.badRequest("is not a case reference (EHE-000123)", field: "reference")
        }
        return reference
    }

    /// The signed-in identity (routes reach handlers only after the access check).
    func signedIn() throws -> Identity {
        guard let identity else { throw Problem.signInRequired }
        return identity
    }
}
