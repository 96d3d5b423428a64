public import EHEApp
public import EHECore
import Foundation
import HTTPTypes
public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import Metrics
import Mustache
import NIOCore
import NIOSSL
public import Prometheus
import ServiceLifecycle
import UnixSignals

/// `ehe serve`: the register's JSON API under `/api/v1`, health and metrics, on Hummingbird 2 under
/// ServiceLifecycle (SIGTERM / SIGINT finish in-flight requests, then the database is closed).
public enum APIServer {
    public static let sessionCookie = "ehe_session"

    /// Where and how to listen.
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        public var certificateFile: String?
        public var keyFile: String?
        public var trustForwardedFor: Bool
        /// The address people use (`server.publicURL`), if configured.
        public var publicURL: String?
        /// Responses written by Foundation's JSONEncoder instead of the streaming encoder (benchmarks).
        public var foundationJSONEncoder: Bool
        public var tls: Bool { certificateFile != nil && keyFile != nil }
        /// Whether people reach the service over HTTPS (here or at a proxy): cookies are Secure, HSTS is sent.
        public var secure: Bool { tls || (publicURL?.lowercased().hasPrefix("https://") ?? false) }

        /// From `server.*` in the register's configuration (flags, then `EHE_*`, then settings.json).
        public init(settings: Settings) throws(RegisterError) {
            let server = settings.server
            self.host = server?.host ?? "127.0.0.1"
            self.port = server?.port ?? 8080
            guard (0...65_535).contains(self.port) else { throw .configuration("server.port must be from 0 to 65535") }
            certificateFile = server?.tlsCertificateFile
            keyFile = server?.tlsKeyFile
            if (certificateFile == nil) != (keyFile == nil) {
                throw .configuration("TLS needs both server.tlsCertificateFile and server.tlsKeyFile (or EHE_TLS_CERT and EHE_TLS_KEY)")
            }
            trustForwardedFor = server?.trustForwardedFor ?? false
            switch server?.jsonEncoder ?? "streaming" {
            case "streaming": foundationJSONEncoder = false
            case "foundation": foundationJSONEncoder = true
            default: throw .configuration("server.jsonEncoder must be streaming or foundation")
            }
            publicURL = server?.publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        }
    }

    /// What the routes share.
    public struct Services: Sendable {
        public let register: Register
        public let configuration: Configuration
        public let metrics: PrometheusCollectorRegistry
        let throttle: SignInThrottle
        let options: RegisterOptions
        let pages: PageRenderer
        let dashboards: DashboardCache

        public init(
            register: Register,
            options: RegisterOptions,
            configuration: Configuration,
            metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry()
        ) throws(RegisterError) {
            self.register = register
            self.options = options
            self.configuration = configuration
            self.metrics = metrics
            self.throttle = SignInThrottle(perMinute: register.settings.auth?.addressAttemptsPerMinute ?? 20)
            self.pages = try PageRenderer.load()
            self.dashboards = DashboardCache()
            try APIServer.checkResources()
        }

        /// Signs in through the per-address limit: refused unchecked (429 `throttled`) after too many failures
        /// from the address; a failure counts against it. One path for the API and the sign-in page.
        func signIn(name: String, password: String, address: String?) async throws -> AccountService.SignedIn {
            let key = address ?? "unknown"
            guard throttle.allow(key) else {
                throw Problem(
                    .tooManyRequests,
                    type: "throttled",
                    title: "Too many failed sign-ins",
                    detail: "too many failed sign-ins from this address; wait a minute and try again"
                )
            }
            do {
                return try await register.accounts.signIn(name: name, password: password, address: address)
            } catch let failure as AccountService.SignInFailure {
                throttle.recordFailure(key)
                throw failure
            }
        }

        /// The session cookie for a sign-in, or (with nil) the one that ends it. (The name is ours and the value
        /// is base64url, both valid cookie text, so the unvalidated initialiser is safe.)
        func sessionCookie(_ signedIn: AccountService.SignedIn?) -> Cookie {
            Cookie(
                name: APIServer.sessionCookie,
                value: signedIn?.sessionSecret ?? "",
                maxAge: signedIn == nil ? 0 : register.accounts.policy.sessionMinutes * 60,
                path: "/",
                secure: configuration.secure,
                httpOnly: true,
                sameSite: .strict
            )
        }

        /// The keyless statistics view of the same register, over its open connections, for exports.
        func statistics() -> StatisticsSource { register.statistics }
    }

    /// The router with every route and middleware, and the rules it was built from (for the
    /// authorisation-matrix and OpenAPI tests).
    public static func router(services: Services) -> (router: Router<APIContext>, rules: [RouteRule]) {
        let router = Router(context: APIContext.self)
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: SecurityHeadersMiddleware(tls: services.configuration.secure))
        let methods = RouteMethods()
        router.add(middleware: ProblemMiddleware(routes: methods))
        router.add(
            middleware: AuthenticationMiddleware(
                accounts: services.register.accounts,
                throttle: services.throttle,
                trustForwardedFor: services.configuration.trustForwardedFor,
                endedSession: services.sessionCookie(nil)
            )
        )
        var table = RouteTable(
            router: router,
            audit: services.register.audit,
            pages: services.pages,
            origin: OriginPolicy(secure: services.configuration.secure, trustForwardedProto: services.configuration.trustForwardedFor)
        )
        let controllers: [any RouteController] = [
            OperationsController(services: services), SessionController(services: services), CaseController(services: services),
            SearchController(services: services), RemindersController(services: services), ExportController(services: services),
            AuditController(services: services), AccountsController(services: services),
            // The officers' pages.
            SignInPages(services: services), CasePages(services: services), WorkPages(services: services),
            DashboardPages(services: services),
        ]
        for controller in controllers { controller.add(to: &table) }
        methods.set(table.rules)
        return (router, table.rules)
    }

    /// Every route the router really has ("GET /api/v1/cases/{reference}"), beside the rules the routes
    /// were added with: tests check one against the other, against the OpenAPI document and against an
    /// expected allow/deny table, so a route added any other way fails them.
    public static func routeInventory(services: Services) -> (registered: Set<String>, rules: [RouteRule]) {
        let (router, rules) = router(services: services)
        return (Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" }), rules)
    }

    /// The stylesheet of the pages, a resource of this module, read once (nil if missing: the route says 404).
    static let stylesheet: ByteBuffer? = Bundle.module.url(forResource: "Static/style", withExtension: "css")
        .flatMap { try? Data(contentsOf: $0) }.map { ByteBuffer(bytes: $0) }

    /// Refuses to start without the resources the routes serve, naming the one missing.
    static func checkResources() throws(RegisterError) {
        if stylesheet == nil { throw .configuration("the pages' stylesheet Static/style.css is missing from the build") }
        guard (try? JSONSerialization.jsonObject(with: Data(openAPIDocument))) as? [String: Any] != nil,
            Bundle.module.url(forResource: "openapi", withExtension: "json") != nil
        else { throw .configuration("the OpenAPI document openapi.json is missing from the build or is not JSON") }
    }

    /// The OpenAPI document as served: one buffer shared by every response (copy-on-write).
    static let openAPIBuffer = ByteBuffer(bytes: openAPIDocument)

    /// The OpenAPI 3.1 document, a resource of this module.
    public static let openAPIDocument: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"), let data = try? Data(contentsOf: url) else {
            return Array(#"{"error":"openapi.json missing from the bundle"}"#.utf8)
        }
        return Array(data)
    }()

    /// Runs the server until SIGTERM or SIGINT. `onRunning` gets the bound port (useful with port 0).
    public static func run(
        services: Services,
        logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let (router, _) = router(services: services)
        let configuration = services.configuration
        JSON.useFoundationEncoder(configuration.foundationJSONEncoder)
        let server: HTTPServerBuilder
        if let certificate = configuration.certificateFile, let key = configuration.keyFile {
            let chain = try NIOSSLCertificate.fromPEMFile(certificate).map { NIOSSLCertificateSource.certificate($0) }
            let tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain,
                privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
            )
            server = try .tls(.http1(), tlsConfiguration: tls)
        } else {
            server = .http1()
        }
        let app = Application(
            router: router,
            server: server,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "ehe-register"
            ),
            services: [Housekeeping(register: services.register, logger: logger)],
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger
        )
        try services.register.startBackgroundCheckpoints()
        try await app.runService(gracefulShutdownSignals: [UnixSignal.sigterm, .sigint])
        try services.register.close()
        logger.info("stopped; database closed")
    }
}

/// Failed sign-ins per client address in the last minute; over the limit, sign-in answers 429 without
/// checking the password.
final class SignInThrottle: Sendable {
    private let failures = Locked<[String: [Date]]>([:])
    let perMinute: Int

    init(perMinute: Int) {
        self.perMinute = perMinute
    }

    func allow(_ address: String, now: Date = Date()) -> Bool {
        let cutoff = now.addingTimeInterval(-60)
        var recent = 0
        failures.update { table in
            table[address] = table[address]?.filter { $0 > cutoff }
            recent = table[address]?.count ?? 0
            if table.count > 10_000 {
                table = table.compactMapValues { dates in
                    let recent = dates.filter { $0 > cutoff }
                    return recent.isEmpty ? nil : recent
                }
            }
        }
        return recent < perMinute
    }

    func recordFailure(_ address: String, now: Date = Date()) {
        failures.update { $0[address, default: []].append(now) }
    }
}

/// The service's background work, hourly: deletes expired sessions, and once each day runs the register's
/// maintenance (closing episodes of children past compulsory school age, recomputing reminders after a
/// policy change) as `system:maintenance`. Stops with the server.
struct Housekeeping: Service {
    let register: Register
    let logger: Logger

    func run() async throws {
        let register = register
        let logger = logger
        await cancelWhenGracefulShutdown {
            var lastMaintenance: LocalDate?
            while !Task.isCancelled {
                if let removed = try? await register.accounts.deleteExpiredSessions(), removed > 0 {
                    logger.info("expired sessions removed", metadata: ["count": "\(removed)"])
                }
                let today = register.today
                if lastMaintenance != today {
                    do {
                        let report = try await register.reminders.maintenance(asOf: today, actor: "system:maintenance")
                        lastMaintenance = today
                        logger.info(
                            "daily maintenance",
                            metadata: [
                                "closed": "\(report.closed.count)", "recomputed": "\(report.dueItemsRecomputed)",
                                "snapshots": "\(report.snapshotsWritten)",
                            ]
                        )
                    } catch {
                        logger.error("daily maintenance failed", metadata: ["error.type": "\(type(of: error))"])
                    }
                }
                try? await Task.sleep(for: .seconds(3600))
            }
        }
    }
}
