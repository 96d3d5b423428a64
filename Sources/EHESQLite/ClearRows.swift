internal import EHECore
import Foundation
internal import GRDB

/// Streams every case's clear data by merging ordered scans of each table (no sealed column is read).
enum ClearRows {
    /// A cursor over rows ordered by child id, one row ahead.
    struct Lookahead<Value> {
        let cursor: RowCursor
        let read: (Row) throws -> Value
        var pending: (id: Int64, value: Value)?

        init(_ db: Database, sql: String, read: @escaping (Row) throws -> Value) throws {
            self.cursor = try Row.fetchCursor(db, sql: sql)
            self.read = read
            try advance()
        }

        mutating func advance() throws {
            pending = try cursor.next().map { row in (row[0] as Int64, try read(row)) }
        }

        /// The values of child `id` (rows of lower ids, which have no child row, are skipped).
        mutating func take(_ id: Int64) throws -> [Value] {
            var values: [Value] = []
            while let current = pending, current.id <= id {
                if current.id == id { values.append(current.value) }
                try advance()
            }
            return values
        }
    }

    struct Bad: Error {}

    static func date(_ value: String?) throws -> LocalDate? {
        guard let value else { return nil }
        guard let date = LocalDate(iso: value) else { throw Bad() }
        return date
    }

    static func code<C: CodeList>(_ value: String?) throws -> C {
        guard let value, let code = C(rawValue: value) else { throw Bad() }
        return code
    }

    /// Streams the clear cases whose child id is in `ids` (all when nil), in id order: from the snapshots
    /// when every child has a current one, else from the tables.
    static func forEach(_ db: Database, ids: ClosedRange<Int64>? = nil, _ body: (ClearCase) throws -> Void) throws {
        if try snapshotsComplete(db) {
            try forEachSnapshot(db, ids: ids, body)
        } else {
            try forEachFromTables(db, ids: ids, body)
        }
    }

    static func snapshotsComplete(_ db: Database) throws -> Bool {
        try RegisterMeta.value(db, "clear_snapshots") == ClearSnapshot.completeMarker
    }

    static func markSnapshotsComplete(_ db: Database) throws {
        try RegisterMeta.set(db, "clear_snapshots", ClearSnapshot.completeMarker)
    }

    static func forEachSnapshot(_ db: Database, ids: ClosedRange<Int64>?, _ body: (ClearCase) throws -> Void) throws {
        let own = ids.map { #"WHERE "id" BETWEEN \#($0.lowerBound) AND \#($0.upperBound)"# } ?? ""
        let rows = try Row.fetchCursor(db, sql: #"SELECT "id", "clear_snapshot" FROM "child" \#(own) ORDER BY "id""#)
        while let row = try rows.next() {
            let reference = CaseReference(number: row[0])
            let clear: ClearCase
            do {
                clear = try row.withUnsafeData(atIndex: 1) { data in
                    guard let data else { throw ClearSnapshot.Malformed() }
                    return try data.withUnsafeBytes { try ClearSnapshot.decode($0, reference: reference) }
                }
            } catch is ClearSnapshot.Stale {
                throw RegisterError.configuration("statistics snapshots were written under other code lists; run `ehe maintenance run`")
            } catch is ClearSnapshot.Malformed {
                throw RegisterError.integrity(reference, "the clear-data snapshot is not valid")
            }
            try body(clear)
        }
    }

    /// Writes the snapshot of every child that has none (or an outdated one), `batchSize` per transaction,
    /// from the tables; then marks the snapshots complete. Returns how many were written.
    static func completeSnapshots(_ writer: any DatabaseWriter, batchSize: Int, progress: (Int, Int) -> Void) throws -> Int {
        let (low, high) = try writer.read { db in
            (
                try Int64.fetchOne(db, sql: #"SELECT MIN("id") FROM "child""#) ?? 1,
                try Int64.fetchOne(db, sql: #"SELECT MAX("id") FROM "child""#) ?? 0
            )
        }
        var written = 0
        var start = low
        while start <= high {
            let end = min(start + Int64(batchSize) - 1, high)
            written += try writer.write { db in
                var count = 0
                let update = try db.cachedStatement(sql: #"UPDATE "child" SET "clear_snapshot" = ? WHERE "id" = ?"#)
                try forEachFromTables(db, ids: start...end) { clear in
                    try update.execute(arguments: [ClearSnapshot.encode(clear), clear.reference.number])
                    count += 1
                }
                return count
            }
            progress(Int(end - low + 1), Int(high - low + 1))
            start = end + 1
        }
        try writer.write { db in try markSnapshotsComplete(db) }
        return written
    }

    /// Streams from the tables (no sealed column is read), merging one ordered scan per table.
    static func forEachFromTables(_ db: Database, ids: ClosedRange<Int64>? = nil, _ body: (ClearCase) throws -> Void) throws {
        // Integers only: safe to put into the SQL text.
        let owned = ids.map { #"WHERE "child_id" BETWEEN \#($0.lowerBound) AND \#($0.upperBound)"# } ?? ""
        let own = ids.map { #"WHERE "id" BETWEEN \#($0.lowerBound) AND \#($0.upperBound)"# } ?? ""
        var episodes = try Lookahead(
            db,
            sql: """
                SELECT "child_id", "start_date", "end_date", "end_reason", "primary_reason", "previous_school_type",
                  "notification_source" FROM "episode" \(owned) ORDER BY "child_id", "seq"
                """
        ) { row in
            ClearCase.ClearEpisode(
                start: try date(row[1])!,
                end: try date(row[2]),
                endReason: try (row[3] as String?).map { try code($0) },
                primaryReason: try code(row[4]),
                previousSchoolType: try (row[5] as String?).map { try code($0) },
                notificationSource: try code(row[6])
            )
        }
        var contacts = try Lookahead(
            db,
            sql: #"SELECT "child_id", "contact_date", "substantive" FROM "contact" \#(owned) ORDER BY "child_id", "seq""#
        ) { row in (try date(row[1])!, row[2] as Bool) }
        var socialCare = try Lookahead(
            db,
            sql: #"SELECT "child_id", "flag", "from_date", "to_date" FROM "social_care_status" \#(owned) ORDER BY "child_id", "seq""#
        ) { row in SocialCareStatus(flag: try code(row[1]), from: try date(row[2])!, to: try date(row[3])) }
        var reviews = try Lookahead(
            db,
            sql: #"SELECT "child_id", "meeting_date" FROM "ehcp_review" \#(owned) ORDER BY "child_id", "seq""#
        ) { row in try date(row[1])! }
        var enforcement = try Lookahead(
            db,
            sql: #"SELECT "child_id", "kind", "event_date" FROM "enforcement_event" \#(owned) ORDER BY "child_id", "seq""#
        ) { row in ClearCase.EnforcementStep(kind: try code(row[1]), date: try date(row[2])!) }
        var returnPlans = try Lookahead(
            db,
            sql: #"SELECT "child_id", "target_date", "target_school_urn", "status" FROM "return_plan" \#(owned) ORDER BY "child_id", "seq""#
        ) { row in ClearCase.ClearReturnPlan(targetDate: try date(row[1])!, targetSchoolURN: row[2], status: try code(row[3])) }
        let children = try Row.fetchCursor(
            db,
            sql: """
                SELECT "id", "sex", "birth_academic_year", "csa_start", "csa_end", "sen_provision", "planning_area",
                  "lives_in_la", "ehcp_issue_date" FROM "child" \(own) ORDER BY "id"
                """
        )
        while let row = try children.next() {
            let id: Int64 = row[0]
            let reference = CaseReference(number: id)
            do {
                let contactRows = try contacts.take(id)
                try body(
                    ClearCase(
                        reference: reference,
                        sex: try code(row[1]),
                        birthAcademicYear: row[2],
                        compulsorySchoolAgeStart: try date(row[3])!,
                        compulsorySchoolAgeEnd: try date(row[4])!,
                        senProvision: try code(row[5]),
                        planningArea: row[6],
                        livesInLA: row[7],
                        episodes: try episodes.take(id),
                        socialCare: try socialCare.take(id),
                        contactDates: contactRows.map(\.0),
                        substantiveContactDates: contactRows.filter(\.1).map(\.0),
                        ehcpIssueDate: try date(row[8]),
                        reviewMeetings: try reviews.take(id),
                        enforcement: try enforcement.take(id),
                        returnPlans: try returnPlans.take(id)
                    )
                )
            } catch is Bad {
                throw RegisterError.integrity(reference, "a stored code or date is not valid")
            }
        }
    }
}
