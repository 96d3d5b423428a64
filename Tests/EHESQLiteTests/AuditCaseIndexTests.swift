import EHECore
import Foundation
import GRDB
import Testing

@testable import EHESQLite

@Suite("The audit log's per-case index, filled in batches")
struct AuditCaseIndexTests {
    typealias Audited = AuditDatabaseTests.Audited

    static func sequences(_ log: SQLiteAuditLog, _ query: AuditQuery) async throws -> [Int] {
        let found = Locked<[Int]>([])
        try await log.forEachEntry(query) { entry in found.update { $0.append(entry.sequence) } }
        return found.value
    }

    static func view(_ number: Int) -> AuditEvent {
        AuditDatabaseTests.view(CaseReference(number: Int64(number)).description)
    }

    @Test("a query by case finds every entry of the case, before, during and after the index catches up")
    func completeWhateverTheIndexHolds() async throws {
        let audited = try Audited()
        defer { audited.remove() }
        let log = audited.log
        // Entries 1–5: cases 1, 2, 1, 3, 1; and one without a case.
        _ = try log.append(
            [1, 2, 1, 3, 1].map(Self.view) + [AuditEvent(actor: "user:x", action: "sign_in")],
            at: Date(),
            signer: audited.signer
        )
        let case1 = AuditQuery(caseReference: "EHE-000001")
        #expect(try await Self.sequences(log, case1) == [1, 3, 5], "from the log's tail alone")

        #expect(try await log.indexCases(batchSize: 4) == 6)
        #expect(try await Self.sequences(log, case1) == [1, 3, 5], "from the index alone")
        let progress = try await audited.auditPool.read { db in
            try (
                Int.fetchOne(db, sql: #"SELECT "through" FROM "audit_case_progress""#),
                Int.fetchOne(db, sql: #"SELECT count(*) FROM "audit_case""#)
            )
        }
        #expect(progress.0 == 6)
        #expect(progress.1 == 5, "entries without a case are not indexed")

        _ = try log.append([Self.view(1), Self.view(2)], at: Date(), signer: audited.signer)
        #expect(try await Self.sequences(log, case1) == [1, 3, 5, 7], "index and tail together")
        var newest = case1
        newest.newestFirst = true
        newest.limit = 2
        #expect(try await Self.sequences(log, newest) == [7, 5])
        var later = case1
        later.afterSequence = 3
        #expect(try await Self.sequences(log, later) == [5, 7])
        #expect(try await Self.sequences(log, AuditQuery(caseReference: "EHE-000002")) == [2, 8])
        #expect(try await Self.sequences(log, AuditQuery(caseReference: "EHE-000009")) == [])

        #expect(try await log.indexCases(batchSize: 1) == 2, "one entry per transaction")
        #expect(try await log.indexCases(batchSize: 1) == 0, "caught up: nothing to do")
        #expect(try await Self.sequences(log, AuditQuery(caseReference: "EHE-000002")) == [2, 8])
        #expect(try await log.verify(signer: audited.signer).firstBad == nil)
    }

    @Test("the per-case index is append-only, like the log")
    func appendOnly() async throws {
        let audited = try Audited()
        defer { audited.remove() }
        _ = try audited.log.append([Self.view(1)], at: Date(), signer: audited.signer)
        _ = try await audited.log.indexCases(batchSize: 10)
        for statement in [#"DELETE FROM "audit_case""#, #"UPDATE "audit_case" SET "seq" = 99"#] {
            await #expect(throws: DatabaseError.self) {
                try await audited.auditPool.write { db in try db.execute(sql: statement) }
            }
        }
        #expect(try await Self.sequences(audited.log, AuditQuery(caseReference: "EHE-000001")) == [1])
    }

    @Test("a query by case reads the index and a range of the log's tail, never the whole log")
    func queryPlan() async throws {
        let audited = try Audited()
        defer { audited.remove() }
        var query = AuditQuery(caseReference: "EHE-000001")
        query.newestFirst = true
        query.limit = 50
        let (sql, arguments) = SQLiteAuditLog.selection(query)
        let plan = try await audited.auditPool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("audit_case") && $0.contains("PRIMARY KEY") }, "\(plan)")
        #expect(plan.contains { $0.contains("SEARCH audit_entry USING INTEGER PRIMARY KEY (rowid>?)") }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN audit_entry") }, "\(plan)")
    }

    @Test("upgrading a log fills the index from its entries")
    func migrationBackfills() async throws {
        let audited = try Audited()
        defer { audited.remove() }
        _ = try audited.log.append([1, 2, 1].map(Self.view), at: Date(), signer: audited.signer)
        // Back to before migration 0002: the entries, no per-case table.
        try await audited.auditPool.write { db in
            try db.execute(
                sql: """
                    DROP TABLE "audit_case"; DROP TABLE "audit_case_progress";
                    CREATE INDEX "audit_entry_case" ON "audit_entry" ("case_ref", "seq") WHERE "case_ref" IS NOT NULL;
                    DELETE FROM "schema_migration" WHERE "version" = 2;
                    """
            )
        }
        try Migrator(directory: TestDatabase.auditMigrations).migrate(audited.auditPool)
        let indexed = try await audited.auditPool.read { db in
            try Row.fetchAll(db, sql: #"SELECT "case_ref", "seq" FROM "audit_case" ORDER BY "case_ref", "seq""#)
                .map { "\($0["case_ref"] as String)#\($0["seq"] as Int)" }
        }
        #expect(indexed == ["EHE-000001#1", "EHE-000001#3", "EHE-000002#2"])
        #expect(try await audited.log.indexCases(batchSize: 10) == 0, "the upgrade left nothing to index")
        #expect(try await Self.sequences(audited.log, AuditQuery(caseReference: "EHE-000001")) == [1, 3])
    }
}
