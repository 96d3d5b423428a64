import EHEApp
import EHECore
import EHETestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import EHEServer

/// Issue 15: a request that fails in a way nobody planned for answers 500 with a problem document and its
/// request id, is logged with its route and actor, is in the audit log when its route is audited — and the
/// service goes on answering.
@Suite("A route that fails unexpectedly is contained and attributed")
struct CrashContainmentTests {
    struct Unforeseen: Error {}

    /// Log lines, kept for the test to read.
    final class Lines: LogHandler, @unchecked Sendable {
        let lines = Locked<[(message: String, metadata: Logger.Metadata)]>([])
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            lines.update { $0.append(("\(event.message)", merged)) }
        }
    }

    @Test("500 with a problem document and request id, a log line naming route and actor, an audit entry; then business as usual")
    func contained() async throws {
        let server = try await InProcessHarness(children: 2)
        defer { server.remove() }
        let (router, _) = APIServer.router(services: server.services)
        var table = RouteTable(
            router: router,
            audit: server.register.audit,
            pages: server.services.pages,
            origin: OriginPolicy(secure: false, trustForwardedProto: false)
        )
        table.add(.get, "/api/v1/cases/{reference}/unforeseen", .permission(.readCases), action: "case.read") { _, _, _ in
            throw Unforeseen()
        }
        let lines = Lines()
        let app = Application(router: router, logger: Logger(label: "test") { _ in lines })
        let token = try await server.apiToken("officer")
        let headers: HTTPFields = [.authorization: "Bearer \(token)"]
        let (failed, after, missing) = try await app.test(.router) { client in
            let failed = try await client.execute(uri: "/api/v1/cases/EHE-000001/unforeseen", method: .get, headers: headers)
            let after = try await client.execute(uri: "/api/v1/cases/EHE-000001", method: .get, headers: headers)
            let missing = try await client.execute(uri: "/nowhere", method: .get, headers: headers)
            return (failed, after, missing)
        }
        // A path nothing serves is answered and logged like any other request.
        #expect(missing.status == .notFound)
        #expect(lines.lines.value.contains { $0.message == "request" && $0.metadata["status"]?.description == "404" })
        #expect(failed.status == .internalServerError)
        #expect(failed.headers[.contentType] == "application/problem+json")
        #expect(failed.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
        let document = try JSONSerialization.jsonObject(with: Data(failed.body.readableBytesView)) as? [String: Any]
        let id = failed.headers[HTTPField.Name("X-Request-Id")!]
        #expect(id != nil && document?["requestId"] as? String == id)
        #expect(document?["status"] as? Int == 500)
        #expect(after.status == .ok, "the service still answers")

        let failure = lines.lines.value.first { $0.message == "request failed" }
        #expect(failure?.metadata["route"]?.description == "/api/v1/cases/{reference}/unforeseen")
        #expect(failure?.metadata["actor"]?.description == "token:officer-client")
        #expect(failure?.metadata["error.type"]?.description == "Unforeseen")
        #expect(lines.lines.value.contains { $0.message == "request" && $0.metadata["status"]?.description == "500" })

        let outcomes = Locked<[String]>([])
        try await server.register.audit.forEachEntry(AuditQuery(caseReference: "EHE-000001")) { entry in
            outcomes.update { $0.append("\(entry.event.action) \(entry.event.outcome)") }
        }
        #expect(outcomes.value.contains("case.read failed"), "\(outcomes.value)")
    }
}
