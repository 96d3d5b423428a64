import EHECore
import Foundation
import GRDB
import Testing

@testable import EHESQLite

@Suite("The audit log's case index, keyed by block of sequence numbers, then case")
struct AuditCaseIndexTests {
    typealias Audited = AuditDatabaseTests.Audited

    static func sequences(_ log: SQLiteAuditLog, _ query: AuditQuery) async throws -> [Int] {
        let found = Locked<[Int]>([])
        try await log.forEachEntry(query) { entry in found.update { $0.append(entry.sequence) } }
        return found.value
    }

    /// Entry `sequence`'s case in `fill`: cases 1–7 in turn, and every tenth entry without a case.
    static func caseNumber(_ sequence: Int) -> Int? {
        sequence % 10 == 0 ? nil : sequence % 7 + 1
    }

    static func fill(_ audited: Audited, through last: Int) throws {
        for start in stride(from: 1, through: last, by: 1000) {
            let events = (start...min(last, start + 999)).map { sequence in
                AuditEvent(
                    actor: "user:officer",
                    action: "case.view",
                    caseReference: caseNumber(sequence).map { CaseReference(number: Int64($0)).description }
                )
            }
            _ = try audited.log.append(events, at: Date(), signer: audited.signer)
        }
    }

    @Test("a query by case finds every entry of the case, in order, across blocks, and pages and limits as asked")
    func completeAcrossBlocks() async throws {
        let audited = try Audited()
        defer { audited.remove() }
        let log = audited.log
        #expect(try await Self.sequences(log, AuditQuery(caseReference: "EHE-000003")) == [], "an empty log")
        // 3,500 entries: blocks 0–3 of 1,024 sequence numbers.
        try Self.fill(audited, through: 3500)
        let expected = (1...3500).filter { Self.caseNumber($0) == 3 }
        #expect(try await Self.sequences(log, AuditQuery(caseReference: "EHE-000003")) == expected)

        var newest = AuditQuery(caseReference: "EHE-000003")
        newest.newestFirst = true
        newest.limit = 3
        #expect(try await Self.sequences(log, newest) == Array(expected.reversed().prefix(3)))
        var after = AuditQuery(caseReference: "EHE-000003", limit: 5)
        after.afterSequence = 1000
        #expect(try await Self.sequences(log, after) == [1003, 1017, 1024, 1031, 1038], "a page that crosses a block's edge")
        after.afterSequence = 3490
        #expect(try await Self.sequences(log, after) == expected.filter { $0 > 3490 }, "a page in the last block")
        #expect(try await Self.sequences(log, AuditQuery(caseReference: "EHE-000009")) == [])
        // Entries at a block's edges: 1,023 and 1,024 (1,024 >> 10 = 1).
        #expect(try await Self.sequences(log, AuditQuery(caseReference: "EHE-000002", sequence: 1023)) == [1023])
        #expect(try await Self.sequences(log, AuditQuery(caseReference: "EHE-000003", sequence: 1024)) == [1024])
        #expect(try await log.verify(signer: audited.signer).firstBad == nil)
    }

    @Test("a query by case searches the index block by block, never scanning the log")
    func queryPlan() async throws {
        let audited = try Audited()
        defer { audited.remove() }
        var query = AuditQuery(caseReference: "EHE-000001", limit: 50)
        query.newestFirst = true
        let (sql, arguments) = SQLiteAuditLog.selection(query)
        let plan = try await audited.auditPool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("INDEX audit_entry_case (<expr>=? AND case_ref=?)") }, "\(plan)")
        #expect(plan.contains { $0.contains("SEARCH audit_entry USING INTEGER PRIMARY KEY (rowid=?)") }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN audit_entry") || $0.hasPrefix("SCAN entry") }, "\(plan)")
    }

    @Test("upgrading a log re-keys its case index; queries find the same entries")
    func migrationRekeys() async throws {
        let audited = try Audited()
        defer { audited.remove() }
        try Self.fill(audited, through: 1500)
        // Back to before migration 0002: the index keyed by case alone.
        try await audited.auditPool.write { db in
            try db.execute(
                sql: """
                    DROP INDEX "audit_entry_case";
                    CREATE INDEX "audit_entry_case" ON "audit_entry" ("case_ref", "seq") WHERE "case_ref" IS NOT NULL;
                    DELETE FROM "schema_migration" WHERE "version" = 2;
                    """
            )
        }
        try Migrator(directory: TestDatabase.auditMigrations).migrate(audited.auditPool)
        let definition = try await audited.auditPool.read { db in
            try String.fetchOne(db, sql: #"SELECT "sql" FROM "sqlite_master" WHERE "name" = 'audit_entry_case'"#)
        }
        #expect(definition?.contains(#"("seq" >> 10, "case_ref")"#) == true, "\(definition ?? "")")
        let expected = (1...1500).filter { Self.caseNumber($0) == 5 }
        #expect(try await Self.sequences(audited.log, AuditQuery(caseReference: "EHE-000005")) == expected)
    }
}

extension AuditCaseIndexTests {
    @Test("a query bounded to the log's last entries returns only those entries")
    func boundedToTheLatest() async throws {
        let audited = try Audited()
        defer { audited.remove() }
        try Self.fill(audited, through: 3500)
        let all = (1...3500).filter { Self.caseNumber($0) == 6 }
        var recent = AuditQuery(caseReference: "EHE-000006")
        recent.withinLast = 1000
        #expect(try await Self.sequences(audited.log, recent) == all.filter { $0 > 2500 })
        recent.newestFirst = true
        recent.limit = 2
        #expect(try await Self.sequences(audited.log, recent) == Array(all.reversed().prefix(2)))
        recent.withinLast = 0
        #expect(try await Self.sequences(audited.log, recent) == [])
        recent.withinLast = 10_000
        recent.limit = nil
        #expect(try await Self.sequences(audited.log, recent) == all.reversed())
        // Without a case, the bound applies the same way.
        var tail = AuditQuery()
        tail.withinLast = 3
        #expect(try await Self.sequences(audited.log, tail) == [3498, 3499, 3500])
    }
}
