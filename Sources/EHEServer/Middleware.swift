import EHEApp
import EHECore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// One log line per request: method, route template (never the raw path or query), status, duration and
/// the request id Hummingbird puts in the logger's metadata. No bodies, no personal data.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = APIContext

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method)",
                "route": "\(context.endpointPath ?? "unmatched")",
                "status": "\(response.status.code)",
                "ms": "\(String(format: "%.2f", milliseconds))",
            ]
        )
        return response
    }
}

/// Headers on every response: no sniffing, no framing, no referrer, a strict content security policy,
/// `no-store` unless the route set its own caching, the request id, and HSTS when serving TLS.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let tls: Bool
    // Field names checked once, not on every response.
    static let frameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let resourcePolicy = HTTPField.Name("Cross-Origin-Resource-Policy")!
    static let requestID = HTTPField.Name("X-Request-Id")!

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
        }
        response.headers[Self.frameOptions] = "DENY"
        if response.headers[Self.referrerPolicy] == nil {
            response.headers[Self.referrerPolicy] = "no-referrer"
        }
        response.headers[Self.resourcePolicy] = "same-origin"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        response.headers[Self.requestID] = context.id
        if tls { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        return response
    }
}

/// Finds who is calling: a bearer API token, or a session cookie. Leaves the identity nil when neither is
/// given; an invalid or expired credential is answered 401 at once (and counted against the address).
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let accounts: AccountService
    let throttle: SignInThrottle
    let trustForwardedFor: Bool
    /// The cookie that clears an ended session.
    let endedSession: Cookie

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    /// Routes that never need a credential: a stale cookie or bad token does not stop health checks.
    static let openPrefixes = ["/health/", "/metrics", "/api/v1/openapi.json", "/static/", "/calendar/"]

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        var context = context
        if trustForwardedFor, let forwarded = request.headers[Self.forwardedFor] {
            // The last entry is the one our proxy added; earlier ones come from the client and can be made up.
            context.clientAddress = forwarded.split(separator: ",").last.map { String($0.trimmingSpacesAndTabs()) }
        }
        if Self.openPrefixes.contains(where: { request.uri.path.hasPrefix($0) }) {
            return try await next(request, context)
        }
        do {
            if let refusal = try await authenticate(request, &context) {
                if !request.uri.path.hasPrefix("/api/") {
                    // A page: an ended session goes back to the sign-in page, with the cookie cleared.
                    var response = PageRenderer.redirect("/sign-in?expired=1")
                    response.setCookie(endedSession)
                    return response
                }
                return try refusal.response(from: request, context: context)
            }
        } catch {
            context.logger.error("authentication failed", metadata: ["error.type": "\(type(of: error))"])
            return try Problem.from(error).response(from: request, context: context)
        }
        return try await next(request, context)
    }

    /// Sets the identity from a bearer token or session cookie; returns the problem to answer with when a
    /// credential is given but not valid.
    func authenticate(_ request: Request, _ context: inout APIContext) async throws -> Problem? {
        let address = context.clientAddress ?? "unknown"
        if let authorization = request.headers[.authorization] {
            // The scheme is case-insensitive (RFC 9110 §11.1): `bearer …` is as good as `Bearer …`.
            guard authorization.count > 7, authorization.prefix(7).lowercased() == "bearer " else { return Problem.signInRequired }
            let secret = String(authorization.dropFirst(7).trimmingSpacesAndTabs())
            // A valid token always works; guessing is what the per-address limit stops.
            let token = try await accounts.token(secret: secret)
            if token == nil, !throttle.allow(address) {
                return Problem(.tooManyRequests, type: "throttled", title: "Too many failed attempts", detail: "wait a minute")
            }
            guard let token else {
                throttle.recordFailure(address)
                try await accounts.audit.record(
                    AuditEvent(actor: "anonymous", action: "token.rejected", address: context.clientAddress, outcome: "denied")
                )
                return Problem(.unauthorized, type: "invalid-token", title: "The token is unknown, revoked or expired")
            }
            context.identity = Identity(name: token.name, role: token.role, credential: .token(id: token.id))
        } else if let secret = request.cookies[APIServer.sessionCookie]?.value, !secret.isEmpty {
            if let session = try await accounts.session(secret: secret) {
                context.identity = Identity(
                    name: session.user.name,
                    role: session.user.role,
                    credential: .session(secret: secret, csrfToken: session.csrfToken)
                )
            } else if !["/api/v1/session", "/sign-in"].contains(request.uri.path) {
                return Problem(.unauthorized, type: "session-expired", title: "The session has expired; sign in again")
            }
        }
        return nil
    }
}

/// Turns whatever the router or a route throws into an answer that still passes back through the security
/// headers and the request log: a path nothing serves is 404, a path served for other methods is 405 with
/// `Allow`, both as problem documents; anything unexpected is 500 with the request id, logged with the
/// method, route and error type (never the error's text, which could hold a value from the request).
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let routes: RouteMethods

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            var problem = Problem.from(error)
            var allowed: [HTTPRequest.Method] = []
            if problem.status == 404, error is HTTPError {
                allowed = routes.methods(for: request.uri.path)
                problem =
                    allowed.isEmpty
                    ? Problem(.notFound, type: "no-such-resource", title: "Not found", detail: "nothing is served at this path")
                    : Problem(
                        .methodNotAllowed,
                        type: "method-not-allowed",
                        title: "Method not allowed",
                        detail: "this path takes \(allowed.map(\.rawValue).joined(separator: ", "))"
                    )
            }
            if problem.status >= 500 {
                context.logger.error(
                    "request failed",
                    metadata: [
                        "method": "\(request.method)", "route": "\(context.endpointPath ?? "unmatched")",
                        "error.type": "\(type(of: error))", "status": "\(problem.status)",
                    ]
                )
            }
            var response = try problem.response(from: request, context: context)
            if !allowed.isEmpty { response.headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ") }
            return response
        }
    }
}

/// The methods each route path is served for, filled in once the routes are added (the middleware that
/// answers 405 is added before them, as middleware must be).
final class RouteMethods: Sendable {
    private let templates = Locked<[(segments: [Substring], method: HTTPRequest.Method)]>([])

    func set(_ rules: [RouteRule]) {
        templates.update { $0 = rules.map { (Self.segments($0.path), $0.method) } }
    }

    /// The methods served at `path` (a `{parameter}` segment matches any one segment), in a fixed order.
    func methods(for path: String) -> [HTTPRequest.Method] {
        let given = Self.segments(path)
        let found = templates.value.filter { template in
            template.segments.count == given.count
                && zip(template.segments, given).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
        let order: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete]
        return order.filter { method in found.contains { $0.method == method } }
    }

    static func segments(_ path: String) -> [Substring] { path.split(separator: "/", omittingEmptySubsequences: true) }
}
