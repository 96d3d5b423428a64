import EHEApp
import EHECore
import EHEServer
import EHETestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

/// What a route or page test needs of a running service: requests, tokens, and its register.
protocol HTTPHarness {
    func request(
        _ method: String,
        _ path: String,
        json body: Any?,
        raw: Data?,
        headers: [String: String]
    ) async throws
        -> ServerHarness.Reply
    func apiToken(_ role: String) async throws -> String
}

extension HTTPHarness {
    func request(
        _ method: String,
        _ path: String,
        json body: Any? = nil,
        raw: Data? = nil,
        headers: [String: String] = [:]
    ) async throws -> ServerHarness.Reply {
        try await request(method, path, json: body, raw: raw, headers: headers)
    }
}

extension ServerHarness: HTTPHarness {
    func apiToken(_ role: String) async throws -> String { try token(role) }
}

/// The service in this process: the real register (SQLite in a temporary folder, a development keyring),
/// the real services and router, driven through HummingbirdTesting's router client — no process, no
/// socket, no waiting for a server to start.
final class InProcessHarness: HTTPHarness, @unchecked Sendable {
    let folder: String
    let register: Register
    let services: APIServer.Services
    let application: Application<RouterResponder<APIContext>>

    /// A register of `children` synthetic cases ("today" is 2026-11-30, bcrypt at its cheapest cost).
    init(children: Int = 20) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ehe-inprocess-\(UUID().uuidString)").path
        let options = RegisterOptions(dataDirectory: folder + "/data")
        register = try Register.open(
            options: options,
            initialise: true,
            environment: ["EHE_HOME": CLI.repositoryRoot, "EHE_TODAY": "2026-11-30", "EHE_BCRYPT_COST": "4"],
            currentDirectory: CLI.repositoryRoot
        )
        if children > 0 { _ = try await register.cases.seedDemo(count: children, seed: 42) }
        services = try APIServer.Services(
            register: register,
            options: options,
            configuration: try APIServer.Configuration(settings: register.settings)
        )
        application = Application(router: APIServer.router(services: services).router)
    }

    /// Closes the register and removes its folder.
    func remove() {
        try? register.close()
        try? FileManager.default.removeItem(atPath: folder)
    }

    func addUser(_ name: String, role: Role, password: String) async throws {
        _ = try await register.accounts.addUser(name: name, role: role, password: password, by: "test")
    }

    func apiToken(_ role: String) async throws -> String {
        guard let role = Role(rawValue: role) else { throw HarnessError("no role \(role)") }
        return try await register.accounts.createToken(name: "\(role.rawValue)-client", role: role, days: 1, by: "test").token
    }

    /// The audit log's entries for a case.
    func auditActions(case reference: String) async throws -> [String] {
        let actions = Collector<String>()
        try await register.audit.forEachEntry(AuditQuery(caseReference: reference)) { actions.append($0.event.action) }
        return actions.items
    }

    func request(
        _ method: String,
        _ path: String,
        json body: Any?,
        raw: Data?,
        headers: [String: String]
    ) async throws
        -> ServerHarness.Reply
    {
        var fields = HTTPFields()
        var bytes: ByteBuffer?
        if let body {
            bytes = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
            fields[.contentType] = "application/json"
        } else if let raw {
            bytes = ByteBuffer(bytes: raw)
            fields[.contentType] = "application/json"
        }
        for (name, value) in headers {
            guard let field = HTTPField.Name(name) else { throw HarnessError("bad header \(name)") }
            fields[field] = value
        }
        let method = HTTPRequest.Method(method) ?? .get
        let (headerFields, body) = (fields, bytes)
        let reply = try await application.test(.router) { client in
            try await client.execute(uri: path, method: method, headers: headerFields, body: body)
        }
        var replyHeaders: [String: String] = [:]
        for field in reply.headers { replyHeaders[field.name.canonicalName] = field.value }
        return ServerHarness.Reply(status: Int(reply.status.code), headers: replyHeaders, body: Data(reply.body.readableBytesView))
    }
}
