internal import EHECore
import Foundation
internal import GRDB

/// Blind-index rows: written with a case, replaced when it changes, searched by token. The child row
/// records which index key its entries were made with.
enum IndexRows {
    /// Writes the child's index entries and records the index key on the child row.
    static func insert(_ db: Database, child id: Int64, _ child: Child, indexer: any IndexHasher) throws {
        try insertEntries(db, child: id, child, indexer: indexer)
        try db.cachedStatement(sql: #"UPDATE "child" SET "index_key_id" = ? WHERE "id" = ?"#).execute(arguments: [indexer.primaryKeyID, id])
    }

    /// Writes the child's index entries only (for a new child whose row already names the index key).
    static func insertEntries(_ db: Database, child id: Int64, _ child: Child, indexer: any IndexHasher) throws {
        let statement = try db.cachedStatement(sql: #"INSERT INTO "blind_index" ("token", "kind", "child_id") VALUES (?, ?, ?)"#)
        for token in Set(indexer.primaryTokens(IndexTerm.terms(for: child))) {
            try statement.execute(arguments: [token.value, token.kind.number, id])
        }
    }

    static func delete(_ db: Database, child id: Int64) throws {
        try db.cachedStatement(sql: #"DELETE FROM "blind_index" WHERE "child_id" = ?"#).execute(arguments: [id])
    }

    /// Ids of children having, for every term, an entry under any of the searchable index keys.
    static func candidates(_ db: Database, terms: [IndexTerm], indexer: any IndexHasher) throws -> [Int64] {
        var parts: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        for term in terms {
            let tokens = indexer.keyIDs.compactMap { indexer.token(term, keyID: $0) }
            guard !tokens.isEmpty else { return [] }
            parts.append(
                #"SELECT "child_id" FROM "blind_index" WHERE "kind" = ? AND "token" IN ("#
                    + Array(repeating: "?", count: tokens.count).joined(separator: ", ") + ")"
            )
            arguments.append(term.kind.number)
            arguments += tokens.map { $0.value as (any DatabaseValueConvertible)? }
        }
        guard !parts.isEmpty else { return [] }
        let sql = parts.joined(separator: " INTERSECT ") + " ORDER BY 1 LIMIT 10001"
        return try Int64.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
    }
}
