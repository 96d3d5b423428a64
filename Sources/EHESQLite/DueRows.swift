internal import EHECore
import Foundation
internal import GRDB

/// Due-item rows: recomputed with every write of a case, keeping each item's sequence.
enum DueRows {
    /// Replaces the case's due items with those computed for `record`.
    static func replace(_ db: Database, reference: CaseReference, record: CaseRecord, rules: DueRules, fresh: Bool) throws {
        var previous: [DueKind: (date: LocalDate, sequence: Int)] = [:]
        if !fresh {
            for row in try Row.fetchAll(
                db,
                sql: #"SELECT "kind", "due_date", "sequence" FROM "due_item" WHERE "child_id" = ?"#,
                arguments: [reference.number]
            ) {
                if let kind = DueKind(rawValue: row[0]), let date = LocalDate(iso: row[1]) { previous[kind] = (date, row[2]) }
            }
            try delete(db, child: reference.number)
        }
        let insert = try db.cachedStatement(
            sql: #"INSERT INTO "due_item" ("child_id", "kind", "due_date", "officer", "sequence") VALUES (?, ?, ?, ?, ?)"#
        )
        for item in DueSequencing.sequenced(rules.items(for: reference, record), previous: previous) {
            try insert.execute(arguments: [reference.number, item.kind.rawValue, item.dueDate.iso, item.officer, item.sequence])
        }
    }

    static func delete(_ db: Database, child id: Int64) throws {
        try db.cachedStatement(sql: #"DELETE FROM "due_item" WHERE "child_id" = ?"#).execute(arguments: [id])
    }

    static func forEach(_ db: Database, query: DueQuery, _ body: (DueItem) throws -> Void) throws {
        var sql = #"SELECT "child_id", "kind", "due_date", "officer", "sequence" FROM "due_item""#
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let latest = query.latestDate {
            conditions.append(#""due_date" <= ?"#)
            arguments += [latest.iso]
        }
        if let officer = query.officer {
            conditions.append(#""officer" = ?"#)
            arguments += [officer]
        }
        if query.unassignedOnly { conditions.append(#""officer" IS NULL"#) }
        if let reference = query.reference {
            conditions.append(#""child_id" = ?"#)
            arguments += [reference.number]
        }
        if let kind = query.kind {
            conditions.append(#""kind" = ?"#)
            arguments += [kind.rawValue]
        }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += #" ORDER BY "due_date", "child_id", "kind""#
        let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try cursor.next() {
            let reference = CaseReference(number: row[0])
            guard let kind = DueKind(rawValue: row[1]), let date = LocalDate(iso: row[2]) else {
                throw RegisterError.integrity(reference, "a stored due item is not valid")
            }
            try body(DueItem(reference: reference, kind: kind, dueDate: date, officer: row[3], sequence: row[4]))
        }
    }

    static func counts(_ db: Database, from: LocalDate, to: LocalDate) throws -> [DueCount] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT "officer", "kind", substr("due_date", 1, 7), COUNT(*) FROM "due_item"
                WHERE "due_date" >= ? AND "due_date" < ? GROUP BY 1, 2, 3 ORDER BY 1, 3, 2
                """,
            arguments: [from.iso, to.iso]
        ).compactMap { row in
            DueKind(rawValue: row[1]).map { DueCount(officer: row[0], kind: $0, month: row[2], count: row[3]) }
        }
    }

    static let fingerprintKey = "due_rules_fingerprint"

    static func storedFingerprint(_ db: Database) throws -> String? {
        try RegisterMeta.value(db, fingerprintKey)
    }

    static func setFingerprint(_ db: Database, _ value: String) throws {
        try RegisterMeta.set(db, fingerprintKey, value)
    }
}
