import EHECore
import EHESQLite
import EHETestSupport
import Foundation
import GRDB
import Testing

@Suite("Clear-data snapshots for statistics", .serialized)
struct ClearSnapshotTests {
    /// Every clear case the store streams, in order.
    func stream(_ store: SQLiteCaseStore) async throws -> [ClearCase] {
        let all = Collector<ClearCase>()
        try await store.forEachClearCase { all.append($0) }
        return all.items
    }

    @Test("snapshots give exactly what the tables give, for varied cases, after changes and erasure")
    func snapshotsMatchTables() async throws {
        let database = try TestDatabase()
        defer { database.remove() }
        let store = database.store
        var canary = Fixtures.canaryRecord()
        canary.returnPlans.append(
            ReturnPlan(targetDate: LocalDate(2027, 9, 1), targetSchoolURN: nil, status: .intended, notes: nil)
        )
        let added = try await store.add([
            canary, Fixtures.simpleRecord(), Fixtures.simpleRecord(surname: "Nowak-Wiśniewska", dateOfBirth: LocalDate(2016, 2, 29)),
        ])
        _ = try await store.modify(added[1].reference, expectedVersion: nil) { record in
            record.contacts.append(
                Contact(date: LocalDate(2026, 11, 2), method: .phone, officer: "O. Officer", judgement: .suitable, substantive: false)
            )
            record.planningArea = nil
        }
        try await store.erase(added[2].reference, reason: "subject request", on: LocalDate(2026, 11, 30))

        // A register that never had snapshots marked complete reads the tables.
        #expect(try await store.clearSnapshotsComplete() == false)
        let fromTables = try await stream(store)
        #expect(fromTables.count == 3)
        // Every case was written with a snapshot; marking them complete switches exports to them.
        #expect(try await store.completeClearSnapshots(batchSize: 2) == 3)
        #expect(try await store.clearSnapshotsComplete())
        let fromSnapshots = try await stream(store)
        #expect(fromSnapshots == fromTables)
        // A later change keeps the snapshot current.
        _ = try await store.modify(added[0].reference, expectedVersion: nil) { $0.senProvision = .none }
        let changed = try await stream(store)
        #expect(changed[0].senProvision == .none)
        try await database.pool.write { db in
            try db.execute(sql: #"DELETE FROM "register_meta" WHERE "key" = 'clear_snapshots'"#)
        }
        #expect(try await stream(store) == changed)
    }

    @Test("an upgraded register (no snapshots yet) keeps exporting from the tables until maintenance fills them")
    func upgradedRegister() async throws {
        let database = try TestDatabase()
        defer { database.remove() }
        _ = try await database.store.add((0..<7).map { Fixtures.simpleRecord(surname: "Child\($0)") })
        let before = try await stream(database.store)
        try await database.pool.write { db in try db.execute(sql: #"UPDATE "child" SET "clear_snapshot" = NULL"#) }
        #expect(try await stream(database.store) == before)
        #expect(try await database.store.completeClearSnapshots(batchSize: 3) == 7)
        #expect(try await stream(database.store) == before)
        let filled = try await database.pool.read { db in
            try Int.fetchOne(db, sql: #"SELECT COUNT(*) FROM "child" WHERE "clear_snapshot" IS NOT NULL"#)
        }
        #expect(filled == 7)
        // A damaged snapshot is an integrity error naming the case, not a wrong count.
        try await database.pool.write { db in
            try db.execute(sql: #"UPDATE "child" SET "clear_snapshot" = x'01' WHERE "id" = 4"#)
        }
        await #expect(throws: RegisterError.integrity(CaseReference(number: 4), "the clear-data snapshot is not valid")) {
            try await stream(database.store)
        }
    }
}
