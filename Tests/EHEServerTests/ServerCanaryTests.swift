import EHECore
import EHETestSupport
import Foundation
import GRDB
import Testing

@Suite("No personal data leaks from the service", .serialized)
struct ServerCanaryTests {
    @Test(
        "after an API session that created, read, searched and changed canary cases: database, WAL, logs, metrics and audit hold no canary"
    )
    func canaryScan() async throws {
        let server = try ServerHarness(children: 10)
        defer { server.remove() }
        let officer = ServerHarness.bearer(try server.token("officer"))
        // Keep a reader open so the WAL is not checkpointed away before the scan.
        let holder = try DatabasePool(path: server.cli.database)
        defer { try? holder.close() }
        _ = try await holder.read { try Int.fetchOne($0, sql: #"SELECT COUNT(*) FROM "child""#) }

        let created = try await server.request("POST", "/api/v1/cases", raw: Data(Fixtures.canaryDocument().utf8), headers: officer)
        #expect(created.status == 201)
        let reference = try created.json()["reference"] as? String ?? ""
        let read = try await server.request("GET", "/api/v1/cases/\(reference)", headers: officer)
        #expect(read.text.contains(Canary.surname), "the API itself returns the child's details to an officer")
        let search = try await server.request(
            "POST",
            "/api/v1/search",
            json: ["soundsLike": Canary.surname, "dateOfBirth": Canary.dateOfBirth.iso],
            headers: officer
        )
        #expect(search.text.contains(reference))
        // Bad input echoing canaries must not reach logs or errors.
        let invalid = try await server.request(
            "POST",
            "/api/v1/search",
            json: ["upn": Canary.upn + "X", "postcode": Canary.street],
            headers: officer
        )
        #expect(invalid.status == 422)
        for canary in Canary.all { #expect(!invalid.text.contains(canary), "\(canary) echoed in an error") }
        let contact = try await server.request(
            "POST",
            "/api/v1/cases/\(reference)/contacts",
            json: [
                "date": "2026-11-21", "method": "phone", "officer": "O. Officer", "judgement": "suitable", "notes": Canary.contactNotes,
            ],
            headers: officer.merging(["If-Match": "\"1\""]) { $1 }
        )
        #expect(contact.status == 200, "\(contact.text)")
        let metrics = try await server.request("GET", "/metrics")
        #expect(server.stop() == 0)

        let trail = try server.cli.run("audit", "export", "--from", "2026-01-01", "--to", "2030-12-31")
        #expect(trail.stdout.contains("search.result"))
        var scanned: [String: Data] = try server.cli.dataFiles()
        scanned["server.log"] = Data(server.log.utf8)
        scanned["metrics"] = metrics.body
        scanned["audit export"] = Data(trail.stdout.utf8)
        #expect(scanned.keys.contains { $0.hasSuffix("-wal") })
        #expect(scanned.keys.contains("audit.sqlite"), "the audit log's file was scanned too")
        #expect(server.log.contains("route=/api/v1/cases/{reference}"))
        for (name, bytes) in scanned {
            for canary in Canary.all {
                #expect(bytes.range(of: Data(canary.utf8)) == nil, "\(canary) found in \(name)")
            }
        }
    }
}
