public import EHECore
import Foundation
public import GRDB

/// The audit log's own file, `audit.sqlite`, kept beside `register.sqlite`.
///
/// Every audited read commits an entry. SQLite drops a reader connection's page cache whenever the
/// write-ahead log changed since that connection's last read, so with the log inside the register each
/// case read on a busy service found its cache emptied and re-read its pages from the operating system.
/// In a file of its own, audit commits leave the register's readers' caches alone.
///
/// The two files are tied together: a random id is written to this file's `audit_meta` ('log_id') and the
/// register's `register_meta` ('audit_log_id') when the log is created, so a deleted or swapped audit file
/// is refused with a clear error instead of a new, empty log starting silently.
public enum AuditDatabase {
    /// The file name within the data folder.
    public static let fileName = "audit.sqlite"

    /// Opens the audit file at `path` for the register in `register`, creating it when the register has
    /// never had one, and applying `migrator`'s migrations when it is new or `migrate` is set.
    ///
    /// Throws when the register names an audit file that is not there, or a different one.
    public static func open(
        path: String,
        register: DatabasePool,
        migrator: Migrator,
        migrate: Bool
    ) throws(RegisterError) -> DatabasePool {
        let exists = FileManager.default.fileExists(atPath: path)
        let expected = try registerLogID(register)
        if !exists, expected != nil {
            throw .configuration(
                "the audit log \(path) is missing; restore it from the backup taken with register.sqlite (the two files belong together)"
            )
        }
        let pool = try RegisterDatabase.open(path: path)
        let states = try migrator.status(pool)
        if !states.allSatisfy(\.applied) {
            guard !exists || migrate else {
                throw .configuration("the audit log's schema is behind this version of ehe; run `ehe migrate`")
            }
            try migrator.migrate(pool)
        }
        if let expected {
            let found = try access { try pool.read { db in try logID(db) } }
            guard found == expected else {
                throw .configuration(
                    "the audit log \(path) is not this register's (its id differs from the one register.sqlite records); restore the matching backup"
                )
            }
        }
        return pool
    }

    /// Gives a new log its id in both files (the audit file first, so a crash between the two writes is
    /// completed by the next opening). Call after `open`, once the register's own migrations are applied.
    /// A register that already names its log (which `open` checked) costs one read, and nothing is written.
    public static func link(register: DatabasePool, log: DatabasePool) throws(RegisterError) {
        guard try registerLogID(register) == nil else { return }
        try access {
            let id = try log.write { db in
                if let id = try logID(db) { return id }
                let id = UUID().uuidString.lowercased()
                try db.execute(sql: #"INSERT INTO "audit_meta" ("key", "value") VALUES ('log_id', ?)"#, arguments: [id])
                return id
            }
            try register.write { db in
                guard try RegisterMeta.value(db, "audit_log_id") == nil else { return }
                try RegisterMeta.set(db, "audit_log_id", id)
            }
        }
    }

    /// Copies the entries and head of a register from before the audit file (migration 0009 then drops
    /// them from the register). Copies only entries the file lacks, so an interrupted upgrade can be run
    /// again.
    public static func adoptEntries(from register: DatabasePool, into log: DatabasePool) throws(RegisterError) {
        try access {
            let legacy = try register.read { db in try db.tableExists("audit_entry") }
            guard legacy else { return }
            try log.writeWithoutTransaction { db in
                try db.execute(sql: "ATTACH DATABASE ? AS legacy", arguments: [register.path])
                defer { try? db.execute(sql: "DETACH DATABASE legacy") }
                try db.inTransaction {
                    try db.execute(
                        sql: """
                            INSERT INTO "audit_entry" SELECT * FROM legacy."audit_entry"
                            WHERE "seq" > (SELECT coalesce(max("seq"), 0) FROM main."audit_entry") ORDER BY "seq"
                            """
                    )
                    try db.execute(
                        sql: """
                            INSERT OR REPLACE INTO "audit_head" ("id", "seq", "mac", "key_id", "head_mac", "inbox_id")
                            SELECT "id", "seq", "mac", "key_id", "head_mac", 0 FROM legacy."audit_head"
                            WHERE "seq" >= (SELECT coalesce(max("seq"), 0) FROM main."audit_head")
                            """
                    )
                    return .commit
                }
            }
        }
    }

    static func registerLogID(_ register: DatabasePool) throws(RegisterError) -> String? {
        try access {
            try register.read { db in
                try db.tableExists("register_meta") ? try RegisterMeta.value(db, "audit_log_id") : nil
            }
        }
    }

    static func logID(_ db: Database) throws -> String? {
        guard try db.tableExists("audit_meta") else { return nil }
        return try String.fetchOne(db, sql: #"SELECT "value" FROM "audit_meta" WHERE "key" = 'log_id'"#)
    }

    /// The store's error mapping (result codes only), as the typed error these functions throw.
    private static func access<T>(_ body: () throws -> T) throws(RegisterError) -> T {
        do {
            return try DatabaseAccess.mappingDatabaseErrorsNow(body)
        } catch let error as RegisterError {
            throw error
        } catch {
            throw .storage("audit log: \(error)")
        }
    }
}
