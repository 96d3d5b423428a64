public import EHECore
public import Foundation
public import GRDB

/// Key lifecycle work on the SQLite register: counts per key, re-wrapping data keys under a new
/// key-encryption key, and re-computing blind indexes under a new index key. Each batch is one
/// transaction and picks up whatever is not yet done, so a run killed at any point is finished by the
/// next run with nothing lost.
public struct KeyMaintenance: Sendable {
    let writer: any DatabaseWriter

    public init(writer: any DatabaseWriter) {
        self.writer = writer
    }

    /// How many children's data keys each key-encryption key wraps.
    public func dataKeyCounts() throws -> [String: Int] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: #"SELECT "kek_id", COUNT(*) FROM "data_key" GROUP BY "kek_id""#)
            return Dictionary(uniqueKeysWithValues: rows.map { ($0[0] as String, $0[1] as Int) })
        }
    }

    /// How many children have index entries under each index key.
    public func indexKeyCounts() throws -> [String: Int] {
        try read { db in
            let rows = try Row.fetchAll(
                db,
                sql: #"SELECT "index_key_id", COUNT(*) FROM "child" WHERE "index_key_id" IS NOT NULL GROUP BY "index_key_id""#
            )
            return Dictionary(uniqueKeysWithValues: rows.map { ($0[0] as String, $0[1] as Int) })
        }
    }

    /// Records the check value of a key-encryption key (before the keyring names it primary).
    public func registerKeyCheck(id: String, value: Data) throws {
        try write { db in
            try db.execute(
                sql: #"INSERT OR IGNORE INTO "key_check" ("kek_id", "check_value", "registered_at") VALUES (?, ?, ?)"#,
                arguments: [id, value, Date().iso8601()]
            )
        }
    }

    /// Data keys not yet under `primaryKeyID`.
    public func remainingToRewrap(primaryKeyID: String) throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: #"SELECT COUNT(*) FROM "data_key" WHERE "kek_id" != ?"#, arguments: [primaryKeyID]) ?? 0
        }
    }

    /// Re-wraps, in one transaction, up to `limit` data keys not under the sealer's primary key, of children
    /// after `after`; returns how many and the last child id seen (pass it back as `after`). Walking forward
    /// by id reads each row once; a run restarted from 0 after a crash skips what is already done.
    public func rewrapBatch(sealer: any FieldSealer, after: Int64, limit: Int) throws -> (count: Int, last: Int64) {
        try write { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT "child_id", "kek_id", "wrapped" FROM "data_key" WHERE "child_id" > ? AND "kek_id" != ?
                    ORDER BY "child_id" LIMIT ?
                    """,
                arguments: [after, sealer.primaryKeyID, limit]
            )
            let update = try db.cachedStatement(sql: #"UPDATE "data_key" SET "kek_id" = ?, "wrapped" = ? WHERE "child_id" = ?"#)
            for row in rows {
                let reference = CaseReference(number: row["child_id"])
                let wrapped: WrappedDataKey
                do {
                    wrapped = try sealer.rewrap(
                        WrappedDataKey(keyEncryptionKeyID: row["kek_id"], sealed: row["wrapped"]),
                        for: CaseRows.owner(reference)
                    )
                } catch {
                    throw RegisterError.integrity(reference, "the case's data key could not be re-wrapped: \(error)")
                }
                try update.execute(arguments: [wrapped.keyEncryptionKeyID, wrapped.sealed, reference.number])
            }
            return (rows.count, rows.last?["child_id"] ?? after)
        }
    }

    /// Children (not erased) whose index entries are not yet all under `primaryKeyID`.
    public func remainingToReindex(primaryKeyID: String) throws -> Int {
        try read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM "child" WHERE "erased_at" IS NULL AND "index_key_id" IS NOT ?
                    """,
                arguments: [primaryKeyID]
            ) ?? 0
        }
    }

    /// Re-computes, in one transaction, the index entries of up to `limit` children after `after` whose
    /// entries are not under the primary index key; returns how many and the last child id seen.
    public func reindexBatch(
        sealer: any FieldSealer,
        indexer: any IndexHasher,
        after: Int64,
        limit: Int
    ) throws -> (
        count: Int, last: Int64
    ) {
        try write { db in
            let ids = try Int64.fetchAll(
                db,
                sql: """
                    SELECT "id" FROM "child" WHERE "id" > ? AND "erased_at" IS NULL AND "index_key_id" IS NOT ?
                    ORDER BY "id" LIMIT ?
                    """,
                arguments: [after, indexer.primaryKeyID, limit]
            )
            for id in ids {
                guard let hit = try CaseRows.openChild(db, reference: CaseReference(number: id), sealer: sealer) else { continue }
                try IndexRows.delete(db, child: id)
                try IndexRows.insert(db, child: id, hit.child, indexer: indexer)
            }
            return (ids.count, ids.last ?? after)
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        try DatabaseAccess.mappingDatabaseErrorsNow { try writer.read(body) }
    }

    private func write<T>(_ body: (Database) throws -> T) throws -> T {
        try DatabaseAccess.mappingDatabaseErrorsNow { try writer.write(body) }
    }

}
