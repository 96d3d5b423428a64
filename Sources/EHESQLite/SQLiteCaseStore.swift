public import EHECore
import Foundation
public import GRDB

/// The SQLite case store. Personal fields are sealed on the way in and opened on the way out
/// (`CaseRows`), so plaintext never reaches SQL. Each public method is one transaction.
public struct SQLiteCaseStore: CaseStore {
    let writer: any DatabaseWriter
    let sealer: any FieldSealer

    public init(writer: any DatabaseWriter, sealer: any FieldSealer) {
        self.writer = writer
        self.sealer = sealer
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
                try CaseRows.insertChild(db, reference: reference, version: 1, record: record, key: key, now: now)
                try db.cachedStatement(sql: #"INSERT INTO "data_key" ("child_id", "kek_id", "wrapped") VALUES (?, ?, ?)"#)
                    .execute(arguments: [next, wrapped.keyEncryptionKeyID, wrapped.sealed])
                try CaseRows.insertOwnedRows(db, reference: reference, record: record, key: key)
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
            return StoredCase(reference: reference, version: version, record: record)
        }
    }

    public func facts(_ query: CaseQuery) async throws -> [CaseFacts] {
        try await read { db in try CaseRows.facts(db, query: query) }
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
