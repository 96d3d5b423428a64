internal import CSQLiteSettings
public import EHECore
import Foundation
public import GRDB

#if canImport(Glibc)
import Glibc
#endif

/// Opens the register's SQLite database: one `DatabasePool` per process (WAL mode, foreign keys on),
/// with a busy timeout so a second `ehe` process waits instead of failing.
public enum RegisterDatabase {
    public static func configuration() -> Configuration {
        _ = processSettings
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        // Statement arguments can hold sealed values; keep them out of error messages and logs.
        configuration.publicStatementArguments = false
        configuration.prepareDatabase { db in
            // FULL: a transaction acknowledged to the caller survives power loss as well as a crash.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Overwrite deleted content, so an erased child's data key and sealed values do not linger in
            // free pages of the file.
            try db.execute(sql: "PRAGMA secure_delete = ON")
            // Page cache: up to 128 MiB for the writer (the blind index is a large B-tree written at random
            // places; the audit log's indexes are written near their ends), 4 MiB for each reader, so reads of
            // a large register (reminders, workload) stay small in memory. A cache grows only as pages are used.
            try db.execute(sql: db.configuration.readonly ? "PRAGMA cache_size = -4096" : "PRAGMA cache_size = -131072")
        }
        return configuration
    }

    /// Made once, before the process's first connection: SQLite's memory statistics off, so its
    /// allocations do not all take one global mutex (reader threads contended for it on every case read).
    /// Nothing reads the statistics.
    static let processSettings: Int32 = ehe_sqlite_disable_memory_statistics()

    /// Opens (creating if needed) the database file at `path`.
    public static func open(path: String) throws(RegisterError) -> DatabasePool {
        let folder = (path as NSString).deletingLastPathComponent
        if FileManager.default.fileExists(atPath: folder), access(folder, W_OK) != 0, errno == EROFS || errno == EACCES {
            throw .storage(
                "the data folder \(folder) is read-only; nothing was changed. The register writes there even to read "
                    + "(its write-ahead log and audit entries)"
            )
        }
        restrictToOwner(path)
        do {
            let pool = try DatabasePool(path: path, configuration: configuration())
            FileIdentity.remember(path)
            return pool
        } catch {
            throw .storage("cannot open the database at \(path): \(error)")
        }
    }

    /// Makes the database file readable and writable by its owner only (0600), creating it so when it is
    /// new: SQLite gives its `-wal` and `-shm` files the database file's mode, so they follow. A register
    /// made by an earlier version (0644) is narrowed, with any `-wal` and `-shm` beside it. On a read-only
    /// folder nothing can change; opening then says why.
    static func restrictToOwner(_ path: String) {
        let files = FileManager.default
        if !files.fileExists(atPath: path) {
            _ = files.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        for file in [path, path + "-wal", path + "-shm"] where files.fileExists(atPath: file) {
            try? files.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        }
    }
}
