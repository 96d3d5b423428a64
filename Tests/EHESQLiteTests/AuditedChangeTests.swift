import EHECore
import EHESQLite
import EHETestSupport
import Foundation
import GRDB
import Testing

@Suite("A change and its audit entry are kept or lost together")
struct AuditedChangeTests {
    struct Refused: Error {}

    static func event(_ action: String) -> @Sendable (StoredCase) -> [AuditEvent] {
        { stored in [AuditEvent(actor: "user:test", action: action, caseReference: stored.reference.description)] }
    }

    func inbox(_ database: TestDatabase) async throws -> [String] {
        try await database.pool.read { db in
            try Row.fetchAll(db, sql: #"SELECT "action", "case_ref" FROM "audit_inbox" ORDER BY "id""#).map {
                "\($0[0] as String) \($0[1] as String)"
            }
        }
    }

    @Test("add, modify and erase write their events in the same transaction; a refused change writes none")
    func sameTransaction() async throws {
        let database = try TestDatabase()
        defer { database.remove() }
        let added = try await database.store.add([Fixtures.simpleRecord()]) { $0.flatMap(Self.event("case.create")) }
        #expect(try await inbox(database) == ["case.create EHE-000001"])
        await #expect(throws: Refused.self) {
            _ = try await database.store.modify(added[0].reference, expectedVersion: 1, recording: Self.event("case.update")) { _ in
                throw Refused()
            }
        }
        #expect(try await inbox(database) == ["case.create EHE-000001"])
        _ = try await database.store.modify(added[0].reference, expectedVersion: 1, recording: Self.event("case.update")) {
            $0.notes = "changed"
        }
        try await database.store.erase(
            added[0].reference,
            reason: "request",
            on: LocalDate(2026, 11, 30),
            recording: [AuditEvent(actor: "user:test", action: "case.erase", caseReference: "EHE-000001")]
        )
        #expect(try await inbox(database) == ["case.create EHE-000001", "case.update EHE-000001", "case.erase EHE-000001"])
    }
}
