import ArgumentParser
import EHEApp
import EHECore
import EHEServer
import Foundation
import Logging
import Metrics
import Prometheus

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the register's service: the JSON API under /api/v1, health and metrics.",
        discussion: """
            Listens on server.host:server.port from Config/settings.json (EHE_HOST / EHE_PORT, or --host / \
            --port; default 127.0.0.1:8080). Plain HTTP unless server.tlsCertificateFile and server.tlsKeyFile \
            (EHE_TLS_CERT / EHE_TLS_KEY) name PEM files; behind a TLS reverse proxy keep it on loopback and set \
            server.trustForwardedFor so audited addresses are the clients'. On a fresh folder it creates the \
            register with a development keyring (with a warning). SIGTERM or SIGINT stop it gracefully: \
            requests in flight finish, then the database is closed.

            Sign in with POST /api/v1/session or use a token from `ehe token create`. The API is described by \
            /api/v1/openapi.json. Logs (one line per request, with its request id; never personal data) go to \
            standard error.
            """
    )

    @OptionGroup var register: RegisterFlags

    @Option(help: "Address to listen on (default server.host, 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on; 0 picks a free one (default server.port, 8080).")
    var port: Int?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    func run() async throws {
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("--log-level: use trace, debug, info, notice, warning, error or critical")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let metrics = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics))
        var flags: [String: String] = [:]
        if let host { flags["server.host"] = host }
        if let port { flags["server.port"] = String(port) }
        let opened = try register.open(initialise: true, settings: flags)
        try await opened.audit.chainInbox()
        let configuration = try APIServer.Configuration(settings: opened.settings)
        let users = try await opened.accounts.users()
        let logger = Logger(label: "ehe.serve")
        let scheme = configuration.tls ? "https" : "http"
        try await APIServer.run(
            services: try APIServer.Services(register: opened, options: register.options, configuration: configuration, metrics: metrics),
            logger: logger
        ) { port in
            var lines = [
                "ehe serve: listening on \(scheme)://\(configuration.host):\(port)",
                "  API: \(scheme)://\(configuration.host):\(port)/api/v1 (OpenAPI document at /api/v1/openapi.json)",
                "  Sign in: POST /api/v1/session with {\"name\": …, \"password\": …}, or use a token from `ehe token create`.",
            ]
            if users.isEmpty {
                lines.append("  No users yet. Create the first admin with: ehe user add admin --role admin")
                lines.append("  and an officer with: ehe user add NAME --role officer")
            }
            FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
    }
}
