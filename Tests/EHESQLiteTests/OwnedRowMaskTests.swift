import EHECore
import EHESQLite
import EHETestSupport
import Foundation
import GRDB
import Testing

@Suite("Opening a case reads only the tables it has rows in")
struct OwnedRowMaskTests {
    static let none: @Sendable ([StoredCase]) -> [AuditEvent] = { _ in [] }
    static let noEvent: @Sendable (StoredCase) -> [AuditEvent] = { _ in [] }

    func mask(_ database: TestDatabase, _ reference: CaseReference) async throws -> Int? {
        try await database.pool.read { db in
            try Int?.fetchOne(db, sql: #"SELECT "owned_rows" FROM "child" WHERE "id" = ?"#, arguments: [reference.number]) ?? nil
        }
    }

    @Test("the mask records exactly the lists a case has; the case opens whole with it, without it, and through changes")
    func maskFollowsTheRecord() async throws {
        let database = try TestDatabase()
        defer { database.remove() }
        let full = Fixtures.canaryRecord()
        let simple = Fixtures.simpleRecord()
        let added = try await database.store.add([full, simple], recording: Self.none)
        let (fullRef, simpleRef) = (added[0].reference, added[1].reference)
        // episode 1, contact 2, ehcp_review 4, social_care_status 8, return_plan 16, enforcement_event 32
        #expect(try await mask(database, fullRef) == 0b111111)
        #expect(try await mask(database, simpleRef) == 0b000001)
        #expect(try await database.store.load(fullRef).record == full)
        #expect(try await database.store.load(simpleRef).record == simple)

        let plan = ReturnPlan(targetDate: LocalDate(2027, 9, 1), targetSchoolURN: "123456", status: .intended)
        _ = try await database.store.modify(simpleRef, expectedVersion: 1, recording: Self.noEvent) { $0.returnPlans = [plan] }
        #expect(try await mask(database, simpleRef) == 0b010001)
        #expect(try await database.store.load(simpleRef).record.returnPlans == [plan])
        _ = try await database.store.modify(fullRef, expectedVersion: 1, recording: Self.noEvent) {
            $0.enforcement = []
            $0.contacts = []
        }
        #expect(try await mask(database, fullRef) == 0b011101)
        let changed = try await database.store.load(fullRef).record
        #expect(changed.enforcement.isEmpty && changed.contacts.isEmpty && changed.returnPlans == full.returnPlans)

        // A register from before the mask (NULL): every table is read.
        try await database.pool.write { db in try db.execute(sql: #"UPDATE "child" SET "owned_rows" = NULL"#) }
        #expect(try await database.store.load(fullRef).record == changed)
        #expect(try await database.store.load(simpleRef).record.returnPlans == [plan])
    }

    @Test("migration 0010's backfill gives every child the mask the store writes")
    func backfillMatchesTheStore() async throws {
        let database = try TestDatabase()
        defer { database.remove() }
        var onlyEnforcement = Fixtures.simpleRecord(surname: "Jones")
        onlyEnforcement.enforcement = [EnforcementEvent(kind: .informalEnquiry, date: LocalDate(2025, 1, 10))]
        var reviewsOnly = Fixtures.simpleRecord(surname: "Brown")
        reviewsOnly.ehcp = EHCP(issueDate: LocalDate(2022, 3, 10), reviews: [AnnualReview(meetingDate: LocalDate(2023, 3, 1))])
        var planNoReviews = Fixtures.simpleRecord(surname: "Green")
        planNoReviews.ehcp = EHCP(issueDate: LocalDate(2022, 3, 10))
        _ = try await database.store.add(
            [Fixtures.canaryRecord(), Fixtures.simpleRecord(), onlyEnforcement, reviewsOnly, planNoReviews],
            recording: Self.none
        )
        let masks = "SELECT \"id\", \"owned_rows\" FROM \"child\" ORDER BY \"id\""
        let written = try await database.pool.read { db in try Row.fetchAll(db, sql: masks).map { [$0[0] as Int64, $0[1] as Int64] } }
        #expect(written.map { $0[1] } == [0b111111, 0b000001, 0b100001, 0b000101, 0b000001])

        // The migration's statements after its ALTER TABLE, run on a register whose masks are unknown.
        let file = try String(contentsOfFile: TestDatabase.migrations + "/0010_owned_row_mask.sql", encoding: .utf8)
        let backfill = try #require(file.range(of: "UPDATE \"child\"")).lowerBound
        try await database.pool.write { db in
            try db.execute(sql: #"UPDATE "child" SET "owned_rows" = NULL"#)
            try db.execute(sql: String(file[backfill...]))
        }
        let filled = try await database.pool.read { db in try Row.fetchAll(db, sql: masks).map { [$0[0] as Int64, $0[1] as Int64] } }
        #expect(filled == written)
    }
}
