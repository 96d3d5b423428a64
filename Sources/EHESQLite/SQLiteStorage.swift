public import EHECore
public import Foundation
internal import GRDB

/// The register's SQLite storage: the two database files (`register.sqlite` and the audit log's file),
/// their migrations, and every port the application uses — case store, accounts, audit log, key
/// maintenance, a keyless case store for statistics — handed out from this one object, which owns the
/// connection pools. The application opens and closes it; it never sees the database library.
public final class SQLiteStorage: Sendable {
    /// Where the files and their migrations are.
    public struct Location: Sendable, Hashable {
        public var databasePath: String
        public var auditDatabasePath: String
        public var migrationsDirectory: String
        public var auditMigrationsDirectory: String

        public init(databasePath: String, auditDatabasePath: String, migrationsDirectory: String, auditMigrationsDirectory: String) {
            self.databasePath = databasePath
            self.auditDatabasePath = auditDatabasePath
            self.migrationsDirectory = migrationsDirectory
            self.auditMigrationsDirectory = auditMigrationsDirectory
        }

        /// Whether the register's database file exists (a register was created here).
        public var exists: Bool { FileManager.default.fileExists(atPath: databasePath) }
    }

    public let location: Location
    /// Cases, sealed with the keyring's keys.
    public let cases: SQLiteCaseStore
    /// The same cases with no keys at all, for statistics: clear data only; any use of a key is refused.
    public let keylessCases: SQLiteCaseStore
    public let accounts: SQLiteAccountStore
    public let auditLog: SQLiteAuditLog
    /// Rewrapping, reindexing and key checks for `ehe keys`.
    public let keyMaintenance: KeyMaintenance
    /// Key check values by key-encryption key id, as stored when the storage was opened.
    public let storedKeyChecks: [String: Data]
    let database: DatabasePool
    let auditDatabase: DatabasePool
    let migrator: Migrator
    let auditMigrator: Migrator
    private let checkpointers = Locked<[BackgroundCheckpointer]>([])

    private init(
        location: Location,
        database: DatabasePool,
        auditDatabase: DatabasePool,
        migrator: Migrator,
        auditMigrator: Migrator,
        storedKeyChecks: [String: Data],
        sealer: any FieldSealer,
        indexer: any IndexHasher,
        dueRules: DueRules
    ) {
        self.location = location
        self.database = database
        self.auditDatabase = auditDatabase
        self.migrator = migrator
        self.auditMigrator = auditMigrator
        self.storedKeyChecks = storedKeyChecks
        self.cases = SQLiteCaseStore(writer: database, sealer: sealer, indexer: indexer, dueRules: dueRules)
        self.keylessCases = SQLiteCaseStore(writer: database, sealer: NoKeys(), indexer: NoKeys(), dueRules: dueRules)
        self.accounts = SQLiteAccountStore(writer: database)
        self.auditLog = SQLiteAuditLog(register: database, log: auditDatabase)
        self.keyMaintenance = KeyMaintenance(writer: database)
    }

    /// Opens the register's files.
    ///
    /// - Parameters:
    ///   - initialise: create the files and schema when there is no register here yet (or finish a first
    ///     initialisation that was interrupted). Without it a missing register is an error.
    ///   - migrate: apply pending migrations; without it, pending migrations are an error.
    ///   - verifyKeys: given the stored key checks before anything is written, throws to refuse a keyring
    ///     that is not this register's.
    public static func open(
        _ location: Location,
        initialise: Bool = false,
        migrate: Bool = false,
        sealer: any FieldSealer,
        indexer: any IndexHasher,
        dueRules: DueRules,
        verifyKeys: ([String: Data]) throws(RegisterError) -> Void
    ) throws(RegisterError) -> SQLiteStorage {
        let existed = location.exists
        if !existed && !initialise {
            throw .configuration("no register at \(location.databasePath); run `ehe init` first")
        }
        let migrator = try Migrator(directory: location.migrationsDirectory)
        let auditMigrator = try Migrator(directory: location.auditMigrationsDirectory)
        let database = try RegisterDatabase.open(path: location.databasePath)
        // Key checks and migration state read once; written only when something is new.
        let knownKeys = existed ? try keyChecks(database) : [:]
        try verifyKeys(knownKeys)
        let states = existed ? try migrator.status(database) : []
        // A database whose first initialisation was interrupted has no migration applied: finish it.
        let unfinished = initialise && states.allSatisfy { !$0.applied }
        let migrating = !existed || migrate || unfinished
        if !migrating && !states.allSatisfy(\.applied) {
            throw .configuration("the database schema is behind this version of ehe; run `ehe migrate`")
        }
        // The audit log's file: opened (or created) before the register's migrations, which drop the
        // entries of a register from before it once they are copied across.
        let auditDatabase = try AuditDatabase.open(
            path: location.auditDatabasePath,
            register: database,
            migrator: auditMigrator,
            migrate: migrating
        )
        if migrating {
            try AuditDatabase.adoptEntries(from: database, into: auditDatabase)
            try migrator.migrate(database)
        }
        try AuditDatabase.link(register: database, log: auditDatabase)
        let storage = SQLiteStorage(
            location: location,
            database: database,
            auditDatabase: auditDatabase,
            migrator: migrator,
            auditMigrator: auditMigrator,
            storedKeyChecks: knownKeys,
            sealer: sealer,
            indexer: indexer,
            dueRules: dueRules
        )
        try storage.cases.markDueItemsCurrentIfEmpty()
        return storage
    }

    /// Opens an existing, current register without any keys, for statistics and exports: its `cases`
    /// refuse every use of a key. Nothing is migrated or created.
    public static func openWithoutKeys(_ location: Location, dueRules: DueRules) throws(RegisterError) -> SQLiteStorage {
        guard location.exists else { throw .configuration("no register at \(location.databasePath)") }
        let migrator = try Migrator(directory: location.migrationsDirectory)
        let auditMigrator = try Migrator(directory: location.auditMigrationsDirectory)
        let database = try RegisterDatabase.open(path: location.databasePath)
        guard try migrator.isCurrent(database) else {
            throw .configuration("the database schema is behind this version of ehe; run `ehe migrate`")
        }
        let auditDatabase = try AuditDatabase.open(
            path: location.auditDatabasePath,
            register: database,
            migrator: auditMigrator,
            migrate: false
        )
        return SQLiteStorage(
            location: location,
            database: database,
            auditDatabase: auditDatabase,
            migrator: migrator,
            auditMigrator: auditMigrator,
            storedKeyChecks: [:],
            sealer: NoKeys(),
            indexer: NoKeys(),
            dueRules: dueRules
        )
    }

    /// The migrations of both files and whether each is applied, without opening the register for use
    /// (for `ehe migrate --status`; no keyring needed). A missing file has every migration pending.
    public static func migrationStatus(_ location: Location) throws(RegisterError) -> [(file: String, status: Migrator.Status)] {
        func states(_ directory: String, _ path: String) throws(RegisterError) -> [(file: String, status: Migrator.Status)] {
            let migrator = try Migrator(directory: directory)
            let file = (path as NSString).lastPathComponent
            guard FileManager.default.fileExists(atPath: path) else {
                return migrator.migrations.map {
                    (file, Migrator.Status(version: $0.version, name: $0.name, applied: false, appliedAt: nil))
                }
            }
            return try migrator.status(try RegisterDatabase.open(path: path)).map { (file, $0) }
        }
        return try states(location.migrationsDirectory, location.databasePath)
            + states(location.auditMigrationsDirectory, location.auditDatabasePath)
    }

    /// Records check values (`check(id)`) for the keys in `ids` the register does not know yet (first run),
    /// unless the register already knows other keys but not `primaryKeyID` (then the keyring is not this
    /// register's, which opening has refused already). A check is worked out only for a key not yet known.
    public func registerKeyChecks(
        for ids: [String],
        primaryKeyID: String,
        check: (String) -> Data?
    ) throws(RegisterError) {
        let unknown = ids.filter { storedKeyChecks[$0] == nil }
        guard !unknown.isEmpty else { return }
        let checks = unknown.compactMap { id in check(id).map { (id, $0) } }
        do {
            try database.write { db in
                let known = try Set(String.fetchAll(db, sql: #"SELECT "kek_id" FROM "key_check""#))
                guard known.isEmpty || known.contains(primaryKeyID) else { return }
                for (id, check) in checks.sorted(by: { $0.0 < $1.0 }) where !known.contains(id) {
                    try db.execute(
                        sql: #"INSERT INTO "key_check" ("kek_id", "check_value", "registered_at") VALUES (?, ?, ?)"#,
                        arguments: [id, check, Date().iso8601()]
                    )
                }
            }
        } catch {
            throw .storage("cannot record the keyring's key checks")
        }
    }

    /// Whether the database answers and both files' schemas are current.
    public func health() async -> (reachable: Bool, current: Bool) {
        let database = self.database
        // Reachable, and still the files it opened (not replaced underneath it).
        let reachable =
            (try? await database.read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
            && FileIdentity.isInPlace(database.path) && FileIdentity.isInPlace(auditDatabase.path)
        let current = (try? migrator.isCurrent(database)) == true && (try? auditMigrator.isCurrent(auditDatabase)) == true
        return (reachable, current)
    }

    /// For a long-running service: the write-ahead logs are copied back to the database files on threads
    /// of their own, so no commit carries a checkpoint. Stopped by `close()`.
    public func startBackgroundCheckpoints() throws {
        let started = [try BackgroundCheckpointer(pool: database), try BackgroundCheckpointer(pool: auditDatabase)]
        checkpointers.update { $0 = started }
    }

    /// Closes both files (after the service has stopped taking requests).
    public func close() throws(RegisterError) {
        for checkpointer in checkpointers.value { checkpointer.stop() }
        cases.closeReaders()
        keylessCases.closeReaders()
        auditLog.closeReaders()
        do {
            try database.close()
            try auditDatabase.close()
        } catch {
            throw RegisterError.storage("closing the database failed")
        }
    }

    /// The key check values the register holds, by key-encryption key id.
    static func keyChecks(_ database: DatabasePool) throws(RegisterError) -> [String: Data] {
        do {
            return try database.read { db in
                guard try db.tableExists("key_check") else { return [:] }
                let rows = try Row.fetchAll(db, sql: #"SELECT "kek_id", "check_value" FROM "key_check""#)
                return Dictionary(uniqueKeysWithValues: rows.map { ($0["kek_id"] as String, $0["check_value"] as Data) })
            }
        } catch {
            throw .storage("cannot read the key checks")
        }
    }
}
