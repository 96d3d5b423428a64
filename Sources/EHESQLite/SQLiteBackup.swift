public import EHECore
import Foundation
import GRDB

extension SQLiteStorage {
    /// Online, consistent copies of both files while the register is in use, with SQLite's backup API in
    /// a single step (each copy is one read snapshot; writers are not held up). The register is copied
    /// first and the audit log after it, so the log copy holds an entry for every change in the register
    /// copy (entries are committed with or after their change); it may hold a few more, of reads and
    /// attempts made between the two. Each copy is created 0600.
    public func backup(registerTo registerCopy: String, auditTo auditCopy: String) throws(RegisterError) {
        try Self.copy(database, to: registerCopy)
        try Self.copy(auditDatabase, to: auditCopy)
    }

    static func copy(_ source: DatabasePool, to path: String) throws(RegisterError) {
        RegisterDatabase.restrictToOwner(path)
        do {
            let destination = try DatabaseQueue(path: path)
            try source.backup(to: destination)
            try destination.close()
        } catch {
            throw .storage("cannot copy \(source.path) to \(path): \(error)")
        }
    }

    /// Migration levels, the audit head, the number of cases and the keys needed, of the files at the
    /// two paths (a backup's copies), read without any key.
    public static func facts(registerAt registerPath: String, auditAt auditPath: String) throws(RegisterError) -> BackupContents {
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let register = try DatabaseQueue(path: registerPath, configuration: configuration)
            let audit = try DatabaseQueue(path: auditPath, configuration: configuration)
            defer {
                try? register.close()
                try? audit.close()
            }
            let level = "SELECT IFNULL(MAX(\"version\"), 0) FROM \"schema_migration\""
            let (registerSchema, cases, keyIDs) = try register.read { db in
                (
                    try Int.fetchOne(db, sql: level) ?? 0,
                    try Int.fetchOne(db, sql: #"SELECT COUNT(*) FROM "child""#) ?? 0,
                    try String.fetchAll(db, sql: #"SELECT "kek_id" FROM "key_check" ORDER BY "kek_id""#)
                )
            }
            let (auditSchema, head) = try audit.read { db in
                (
                    try Int.fetchOne(db, sql: level) ?? 0,
                    try Row.fetchOne(db, sql: #"SELECT "seq", "mac" FROM "audit_entry" ORDER BY "seq" DESC LIMIT 1"#)
                )
            }
            return BackupContents(
                registerSchema: registerSchema,
                auditSchema: auditSchema,
                auditHeadSequence: head.map { $0["seq"] },
                auditHeadMAC: head.map { ($0["mac"] as Data).hexString },
                cases: cases,
                keyIDs: keyIDs
            )
        } catch {
            throw .storage("cannot read the copies \(registerPath) and \(auditPath): \(error)")
        }
    }
}
