public import EHECore
import Foundation
public import GRDB

/// The SQLite case store. Personal fields are sealed on the way in and opened on the way out
/// (`CaseRows`), so plaintext never reaches SQL. Each public method is one transaction.
public struct SQLiteCaseStore: CaseStore {
    let writer: any DatabaseWriter
    let sealer: any FieldSealer
    let indexer: any IndexHasher
    let dueRules: DueRules
    /// Connections for loading one case on the calling thread (nil for an in-memory or queue database).
    let pointReaders: PointReaders?

    public init(writer: any DatabaseWriter, sealer: any FieldSealer, indexer: any IndexHasher, dueRules: DueRules) {
        self.writer = writer
        self.sealer = sealer
        self.indexer = indexer
        self.dueRules = dueRules
        pointReaders = (writer as? DatabasePool).map(PointReaders.init(pool:))
    }

    /// Closes the connections kept for point reads (before the database itself is closed).
    public func closeReaders() {
        pointReaders?.close()
    }

    public func add(
        _ records: [CaseRecord],
        recording: @escaping @Sendable ([StoredCase]) -> [AuditEvent]
    ) async throws
        -> [StoredCase]
    {
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
                try DueRows.replace(db, reference: reference, record: record, rules: dueRules, fresh: true)
                stored.append(StoredCase(reference: reference, version: 1, record: record))
            }
            try SQLiteAuditLog.enqueue(db, recording(stored), at: Date())
            return stored
        }
    }

    public func load(_ reference: CaseReference) async throws -> StoredCase {
        let sealer = sealer
        if let loaded = try DatabaseAccess.mappingDatabaseErrorsNow({
            try pointReaders?.read { db in try CaseRows.load(db, reference: reference, sealer: sealer).stored }
        }) {
            return loaded
        }
        return try await read { db in try CaseRows.load(db, reference: reference, sealer: sealer).stored }
    }

    public func modify(
        _ reference: CaseReference,
        expectedVersion: Int?,
        recording: @escaping @Sendable (StoredCase) -> [AuditEvent],
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
            try DueRows.replace(db, reference: reference, record: record, rules: dueRules, fresh: false)
            if record.child != current.record.child {
                try IndexRows.delete(db, child: reference.number)
                try IndexRows.insert(db, child: reference.number, record.child, indexer: indexer)
            }
            let stored = StoredCase(reference: reference, version: version, record: record)
            try SQLiteAuditLog.enqueue(db, recording(stored), at: Date())
            return stored
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

    public func forEachDueItem(_ query: DueQuery, _ body: @escaping @Sendable (DueItem) throws -> Void) async throws {
        try await read { db in try DueRows.forEach(db, query: query, body) }
    }

    public func dueCounts(from: LocalDate, to: LocalDate) async throws -> [DueCount] {
        try await read { db in try DueRows.counts(db, from: from, to: to) }
    }

    public func forEachClearCase(_ body: @escaping @Sendable (ClearCase) throws -> Void) async throws {
        try await read { db in try ClearRows.forEach(db, body) }
    }

    /// The clear data of the cases whose number is in `ids`, in order (one reader; several can run at once).
    public func forEachClearCase(ids: ClosedRange<Int64>, _ body: @escaping @Sendable (ClearCase) throws -> Void) async throws {
        try await read { db in try ClearRows.forEach(db, ids: ids, body) }
    }

    /// The lowest and highest case numbers (nil for an empty register).
    public func caseNumberRange() async throws -> ClosedRange<Int64>? {
        try await read { db in
            let row = try Row.fetchOne(db, sql: #"SELECT MIN("id"), MAX("id") FROM "child""#)
            guard let low = row?[0] as Int64?, let high = row?[1] as Int64? else { return nil }
            return low...high
        }
    }

    public func openCaseload() async throws -> [String?: Int] {
        try await read { db in
            var caseload: [String?: Int] = [:]
            for row in try Row.fetchAll(
                db,
                sql: #"SELECT "assigned_officer", COUNT(*) FROM "child" WHERE "status" = 'open' GROUP BY 1"#
            ) {
                caseload[row[0] as String?] = row[1]
            }
            return caseload
        }
    }

    /// Whether exports read the compact per-child snapshots (true once every child has a current one).
    public func clearSnapshotsComplete() async throws -> Bool {
        try await read { db in try ClearRows.snapshotsComplete(db) }
    }

    /// Writes the clear-data snapshot of every child, for a register upgraded from before snapshots (or
    /// after a change of code lists). Resumable: each batch is one transaction.
    /// The batches run on a dispatch queue, not on a Swift concurrency thread: on a large register this
    /// takes seconds, and the service's few cooperative threads must keep answering requests meanwhile.
    public func completeClearSnapshots(
        batchSize: Int,
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> Int {
        let writer = writer
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Result {
                        try DatabaseAccess.mappingDatabaseErrorsNow {
                            try ClearRows.completeSnapshots(writer, batchSize: batchSize, progress: progress)
                        }
                    }
                )
            }
        }
    }

    /// On a register with no cases, records that its (no) due items are current under the current rules.
    public func markDueItemsCurrentIfEmpty() throws(RegisterError) {
        let fingerprint = dueRules.fingerprint
        do {
            // Read first: on every register but a new one there is nothing to write.
            let needed = try writer.read { db in
                try !Bool.fetchOne(db, sql: #"SELECT EXISTS (SELECT 1 FROM "child")"#)!
                    && (DueRows.storedFingerprint(db) != fingerprint || !ClearRows.snapshotsComplete(db))
            }
            guard needed else { return }
            // A new register: every child will be written with current due items and a snapshot.
            try writer.write { db in
                try DueRows.setFingerprint(db, fingerprint)
                try ClearRows.markSnapshotsComplete(db)
            }
        } catch {
            throw .storage("cannot record the reminder rules")
        }
    }

    /// Whether the stored due items were computed under the current rules.
    public func dueItemsAreCurrent() async throws -> Bool {
        let fingerprint = dueRules.fingerprint
        return try await read { db in try DueRows.storedFingerprint(db) == fingerprint }
    }

    /// Recomputes every case's due items under the current rules, `batchSize` cases per transaction,
    /// then records the rules' fingerprint. Returns how many cases were recomputed.
    public func recomputeDueItems(batchSize: Int, progress: (Int, Int) -> Void = { _, _ in }) async throws -> Int {
        let total = try await read { db in try Int.fetchOne(db, sql: #"SELECT COUNT(*) FROM "child""#) ?? 0 }
        var last: Int64 = 0
        var done = 0
        while true {
            let (count, highest) = try await perform { [last] db -> (Int, Int64) in
                let ids = try Int64.fetchAll(
                    db,
                    sql: #"SELECT "id" FROM "child" WHERE "id" > ? ORDER BY "id" LIMIT ?"#,
                    arguments: [last, batchSize]
                )
                for id in ids {
                    let reference = CaseReference(number: id)
                    do {
                        let (stored, _) = try CaseRows.load(db, reference: reference, sealer: sealer)
                        try DueRows.replace(db, reference: reference, record: stored.record, rules: dueRules, fresh: false)
                    } catch RegisterError.erased {
                        try DueRows.delete(db, child: id)
                    }
                }
                return (ids.count, ids.last ?? last)
            }
            if count == 0 { break }
            done += count
            last = highest
            progress(done, total)
        }
        let fingerprint = dueRules.fingerprint
        try await perform { db in try DueRows.setFingerprint(db, fingerprint) }
        return done
    }

    public func erase(_ reference: CaseReference, reason: String, on date: LocalDate, recording: [AuditEvent]) async throws {
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
            try DueRows.delete(db, child: id)
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
            try SQLiteAuditLog.enqueue(db, recording, at: Date())
        }
        // Move the change out of the write-ahead log, so old page images holding the key go too.
        _ = try? await writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    /// Writes in one transaction, mapping database failures to `RegisterError.storage`.
    private func perform<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        try await DatabaseAccess(writer: writer).write(body)
    }

    private func read<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        try await DatabaseAccess(writer: writer).read(body)
    }

    static func timestamp() -> String {
        Date().iso8601()
    }
}
