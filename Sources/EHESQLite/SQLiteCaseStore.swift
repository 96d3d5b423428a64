public import EHECore
import Foundation
public import GRDB

/// The SQLite case store. Personal fields are sealed on the way in and opened on the way out
/// (`CaseRows`), so plaintext never reaches SQL. Each public method is one transaction.
public struct SQLiteCaseStore: CaseStore {
    let writer: any DatabaseWriter
    let sealer: any FieldSealer
    let indexer: any IndexHasher

    public init(writer: any DatabaseWriter, sealer: any FieldSealer, indexer: any IndexHasher) {
        self.writer = writer
        self.sealer = sealer
        self.indexer = indexer
    }

    public func add(_ records: [CaseRecord]) async throws -> [StoredCase] {
        try await perform { db in
            let now = Self.timestamp()
            var next = try Int64.fetchOne(db, sql: #"SELECT COALESCE(MAX("id"), 0) FROM "child""#) ?? 0
            var stored: [StoredCase] = []
            stored.reserveCapacity(records.count)
            for record in records {
                next += 1
                let reference = CaseReference(number: next)
                let owner = CaseRows.owner(reference)
                let (key, wrapped) = try sealer.makeDataKey(for: owner)
                try CaseRows.insertChild(
                    db,
                    reference: reference,
                    version: 1,
                    record: record,
                    key: key,
                    indexKeyID: indexer.primaryKeyID,
                    now: now
                )
                try db.cachedStatement(sql: #"INSERT INTO "data_key" ("child_id", "kek_id", "wrapped") VALUES (?, ?, ?)"#)
                    .execute(arguments: [next, wrapped.keyEncryptionKeyID, wrapped.sealed])
                try CaseRows.insertOwnedRows(db, reference: reference, record: record, key: key)
                try IndexRows.insertEntries(db, child: next, record.child, indexer: indexer)
                stored.append(StoredCase(reference: reference, version: 1, record: record))
            }
            return stored
        }
    }

    public func load(_ reference: CaseReference) async throws -> StoredCase {
        try await read { db in try CaseRows.load(db, reference: reference, sealer: sealer).stored }
    }

    public func modify(
        _ reference: CaseReference,
        expectedVersion: Int?,
        _ change: @escaping @Sendable (inout CaseRecord) throws -> Void
    ) async throws -> StoredCase {
        try await perform { db in
            let (current, key) = try CaseRows.load(db, reference: reference, sealer: sealer)
            if let expectedVersion, expectedVersion != current.version {
                throw RegisterError.conflict(reference, expected: expectedVersion, actual: current.version)
            }
            var record = current.record
            try change(&record)
            let version = current.version + 1
            try CaseRows.updateChild(db, reference: reference, version: version, record: record, key: key, now: Self.timestamp())
            try CaseRows.deleteOwnedRows(db, reference: reference)
            try CaseRows.insertOwnedRows(db, reference: reference, record: record, key: key)
            if record.child != current.record.child {
                try IndexRows.delete(db, child: reference.number)
                try IndexRows.insert(db, child: reference.number, record.child, indexer: indexer)
            }
            return StoredCase(reference: reference, version: version, record: record)
        }
    }

    public func facts(_ query: CaseQuery) async throws -> [CaseFacts] {
        try await read { db in try CaseRows.facts(db, query: query) }
    }

    public func search(_ terms: [IndexTerm]) async throws -> [SearchHit] {
        try await read { db in
            try IndexRows.candidates(db, terms: terms, indexer: indexer).compactMap { id in
                try CaseRows.openChild(db, reference: CaseReference(number: id), sealer: sealer)
            }
        }
    }

    public func sharedIndexEntries(_ kind: IndexKind) async throws -> [[CaseReference]] {
        try await read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT group_concat("child_id") FROM "blind_index" WHERE "kind" = ?
                    GROUP BY "token" HAVING COUNT(*) > 1
                    """,
                arguments: [kind.number]
            )
            var groups: [[CaseReference]] = []
            while let row = try rows.next() {
                let list: String = row[0]
                groups.append(list.split(separator: ",").compactMap { Int64($0).map(CaseReference.init(number:)) })
            }
            return groups
        }
    }

    public func children(_ references: [CaseReference]) async throws -> [SearchHit] {
        try await read { db in
            try references.compactMap { try CaseRows.openChild(db, reference: $0, sealer: sealer) }
        }
    }

    public func erase(_ reference: CaseReference, reason: String, on date: LocalDate) async throws {
        try await perform { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: #"SELECT "erased_at", "erasure_reason" FROM "child" WHERE "id" = ?"#,
                    arguments: [reference.number]
                )
            else { throw RegisterError.notFound(reference) }
            if let erased: String = row["erased_at"] {
                throw RegisterError.erased(reference, on: erased, reason: row["erasure_reason"] ?? "")
            }
            let id = reference.number
            try db.execute(sql: #"DELETE FROM "data_key" WHERE "child_id" = ?"#, arguments: [id])
            try IndexRows.delete(db, child: id)
            try db.execute(
                sql: """
                    UPDATE "child" SET "identity_sealed" = x'', "address_sealed" = x'', "family_sealed" = x'',
                      "notes_sealed" = x'', "erased_at" = ?, "erasure_reason" = ?, "index_key_id" = NULL, "version" = "version" + 1,
                      "updated_at" = ?
                    WHERE "id" = ?
                    """,
                arguments: [date.iso, reason, Self.timestamp(), id]
            )
            try db.execute(sql: #"UPDATE "episode" SET "reason_notes_sealed" = NULL WHERE "child_id" = ?"#, arguments: [id])
            for table in ["contact", "return_plan", "enforcement_event"] {
                try db.execute(sql: "UPDATE \"\(table)\" SET \"notes_sealed\" = NULL WHERE \"child_id\" = ?", arguments: [id])
            }
        }
        // Move the change out of the write-ahead log, so old page images holding the key go too.
        _ = try? await writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    /// Writes in one transaction, mapping database failures to `RegisterError.storage`.
    private func perform<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        try await mappingDatabaseErrors { try await writer.write(body) }
    }

    private func read<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        try await mappingDatabaseErrors { try await writer.read(body) }
    }

    /// Domain errors pass through; SQLite errors become `RegisterError.storage` with the result code only
    /// (never the statement's arguments, which can be sealed values).
    private func mappingDatabaseErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DatabaseError {
            throw RegisterError.storage("database error \(error.resultCode)")
        }
    }

    static func timestamp() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}
