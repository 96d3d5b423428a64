import EHECore
import EHECrypto
import EHESQLite
import Foundation
import GRDB
import Testing

@Suite("The audit log's own file")
struct AuditDatabaseTests {
    /// A register with its audit file opened and linked, and the log over both.
    struct Audited {
        let database: TestDatabase
        let auditPath: String
        let auditPool: DatabasePool
        let log: SQLiteAuditLog
        let signer: AuditKeys

        init() throws {
            database = try TestDatabase()
            auditPath = database.folder + "/" + AuditDatabase.fileName
            auditPool = try AuditDatabase.open(
                path: auditPath,
                register: database.pool,
                migrator: try Migrator(directory: TestDatabase.auditMigrations),
                migrate: false
            )
            try AuditDatabase.link(register: database.pool, log: auditPool)
            log = SQLiteAuditLog(register: database.pool, log: auditPool)
            signer = try AuditKeys(keyring: database.keyring)
        }

        func remove() {
            try? auditPool.close()
            database.remove()
        }

        func reopen(_ path: String? = nil) throws -> DatabasePool {
            try AuditDatabase.open(
                path: path ?? auditPath,
                register: database.pool,
                migrator: try Migrator(directory: TestDatabase.auditMigrations),
                migrate: false
            )
        }

        func entries() async throws -> [AuditEntry] {
            let collected = Locked<[AuditEntry]>([])
            try await log.forEachEntry(AuditQuery()) { entry in collected.update { $0.append(entry) } }
            return collected.value
        }
    }

    static func view(_ reference: String) -> AuditEvent {
        AuditEvent(actor: "user:officer", action: "case.view", caseReference: reference)
    }

    @Test("an audited read commits to audit.sqlite and leaves register.sqlite unchanged, so readers keep their caches")
    func readsDoNotTouchTheRegister() async throws {
        let audited = try Audited()
        defer { audited.remove() }
        // data_version changes, for this connection, whenever another connection commits to the file.
        let watcher = try DatabaseQueue(path: audited.database.path)
        defer { try? watcher.close() }
        let before = try await watcher.read { try Int.fetchOne($0, sql: "PRAGMA data_version") }
        _ = try audited.log.append([Self.view("EHE-000001"), Self.view("EHE-000002")], at: Date(), signer: audited.signer)
        let after = try await watcher.read { try Int.fetchOne($0, sql: "PRAGMA data_version") }
        #expect(before == after, "the register's file was written")
        // The watch itself works: a change's inbox event is written to the register.
        try await audited.database.pool.write { db in try SQLiteAuditLog.enqueue(db, [Self.view("EHE-000003")], at: Date()) }
        #expect(try await watcher.read { try Int.fetchOne($0, sql: "PRAGMA data_version") } != after)
        #expect(try await audited.entries().map(\.event.caseReference) == ["EHE-000001", "EHE-000002"])
        #expect(try await audited.log.verify(signer: audited.signer).firstBad == nil)
    }

    @Test("events a case change left in the inbox are chained once, even when a crash left them in the inbox too")
    func inboxChainedOnce() async throws {
        let audited = try Audited()
        defer { audited.remove() }
        let change = AuditEvent(actor: "user:officer", action: "case.update", caseReference: "EHE-000007")
        try await audited.database.pool.write { db in try SQLiteAuditLog.enqueue(db, [change, change], at: Date()) }
        let inboxRows = try await audited.database.pool.read { db in
            try Row.fetchAll(db, sql: #"SELECT "id", "at" FROM "audit_inbox""#).map { ($0["id"] as Int64, $0["at"] as String) }
        }
        #expect(inboxRows.count == 2)
        _ = try audited.log.append([], at: Date(), signer: audited.signer)
        #expect(try await audited.entries().count == 2)
        // A crash after the audit file's commit, before the inbox's deletion, leaves the rows behind.
        try await audited.database.pool.write { db in
            for (id, at) in inboxRows {
                try db.execute(
                    sql: #"INSERT INTO "audit_inbox" ("id", "at", "actor", "action", "case_ref", "outcome") VALUES (?, ?, ?, ?, ?, 'ok')"#,
                    arguments: [id, at, change.actor, change.action, change.caseReference]
                )
            }
        }
        _ = try audited.log.append([Self.view("EHE-000007")], at: Date(), signer: audited.signer)
        #expect(try await audited.entries().map(\.event.action) == ["case.update", "case.update", "case.view"])
        let left = try await audited.database.pool.read { db in try Int.fetchOne(db, sql: #"SELECT count(*) FROM "audit_inbox""#) }
        #expect(left == 0)
        // Ids are never reused, so a new event is not mistaken for one already chained.
        try await audited.database.pool.write { db in try SQLiteAuditLog.enqueue(db, [change], at: Date()) }
        _ = try audited.log.append([], at: Date(), signer: audited.signer)
        #expect(try await audited.entries().count == 4)
        #expect(try await audited.log.verify(signer: audited.signer).firstBad == nil)
    }

    @Test("a deleted audit file is refused, not silently started afresh")
    func missingFileRefused() throws {
        let audited = try Audited()
        defer { audited.remove() }
        _ = try audited.log.append([Self.view("EHE-000001")], at: Date(), signer: audited.signer)
        try audited.auditPool.close()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: audited.auditPath + suffix) }
        #expect {
            _ = try audited.reopen()
        } throws: { error in
            "\(error)".contains("audit log") && "\(error)".contains("is missing")
        }
        #expect(!FileManager.default.fileExists(atPath: audited.auditPath), "nothing was created in its place")
    }

    @Test("another register's audit file is refused")
    func swappedFileRefused() throws {
        let audited = try Audited()
        defer { audited.remove() }
        let other = try Audited()
        defer { other.remove() }
        _ = try other.log.append([Self.view("EHE-000001")], at: Date(), signer: other.signer)
        let copy = audited.database.folder + "/other-audit.sqlite"
        try other.auditPool.backup(to: DatabaseQueue(path: copy))
        #expect {
            _ = try audited.reopen(copy)
        } throws: { error in
            "\(error)".contains("is not this register's")
        }
        // Its own file still opens.
        try audited.reopen().close()
    }

    @Test("upgrading a register from before the audit file copies its chain across, inbox included, and can be rerun")
    func legacyEntriesAdopted() async throws {
        let audited = try Audited()
        defer { audited.remove() }
        _ = try audited.log.append((1...5).map { Self.view("EHE-00000\($0)") }, at: Date(), signer: audited.signer)
        let pending = AuditEvent(actor: "cli:someone", action: "export.census")
        // Rebuild the state before migration 0009: entries and head inside the register, no audit file.
        try await audited.database.pool.writeWithoutTransaction { db in
            try db.execute(sql: "ATTACH DATABASE ? AS log", arguments: [audited.auditPath])
            try db.execute(
                sql: """
                    CREATE TABLE "audit_entry" AS SELECT * FROM log."audit_entry";
                    CREATE TABLE "audit_head" AS SELECT "id", "seq", "mac", "key_id", "head_mac" FROM log."audit_head";
                    CREATE TRIGGER "audit_entry_no_update" BEFORE UPDATE ON "audit_entry" BEGIN SELECT RAISE(ABORT, 'x'); END;
                    CREATE TRIGGER "audit_entry_no_delete" BEFORE DELETE ON "audit_entry" BEGIN SELECT RAISE(ABORT, 'x'); END;
                    DELETE FROM "register_meta" WHERE "key" = 'audit_log_id';
                    DELETE FROM "schema_migration" WHERE "version" = 9;
                    """
            )
            try db.execute(sql: "DETACH DATABASE log")
            try SQLiteAuditLog.enqueue(db, [pending], at: Date())
        }
        try audited.auditPool.close()
        for suffix in ["", "-wal", "-shm"] { try FileManager.default.removeItem(atPath: audited.auditPath + suffix) }

        let upgraded = try AuditDatabase.open(
            path: audited.auditPath,
            register: audited.database.pool,
            migrator: try Migrator(directory: TestDatabase.auditMigrations),
            migrate: true
        )
        defer { try? upgraded.close() }
        try AuditDatabase.adoptEntries(from: audited.database.pool, into: upgraded)
        // An interrupted upgrade run again copies nothing twice.
        try AuditDatabase.adoptEntries(from: audited.database.pool, into: upgraded)
        try Migrator(directory: TestDatabase.migrations).migrate(audited.database.pool)
        try AuditDatabase.link(register: audited.database.pool, log: upgraded)

        let log = SQLiteAuditLog(register: audited.database.pool, log: upgraded)
        _ = try log.append([Self.view("EHE-000006")], at: Date(), signer: audited.signer)
        let collected = Locked<[String]>([])
        try await log.forEachEntry(AuditQuery()) { entry in collected.update { $0.append(entry.event.action) } }
        #expect(collected.value == Array(repeating: "case.view", count: 5) + ["export.census", "case.view"])
        let verification = try await log.verify(signer: audited.signer)
        #expect(verification.firstBad == nil, "\(verification.problem ?? "")")
        #expect(verification.entries == 7)
        let legacyLeft = try await audited.database.pool.read { db in try db.tableExists("audit_entry") }
        #expect(!legacyLeft)
    }
}
