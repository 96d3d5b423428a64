internal import Crypto
public import EHECore
import Foundation
public import GRDB

/// Applies the plain-SQL migrations in `Migrations/sqlite/NNNN_description.sql` in order, each in its own
/// transaction, recording name and SHA-256 checksum in `schema_migration`. An applied file that has since
/// changed, or disappeared, is an error: migrations are append-only.
public struct Migrator: Sendable {
    public struct Migration: Sendable, Hashable {
        public var version: Int
        public var name: String
        public var sql: String
        public var checksum: String
    }

    /// State of one migration for `ehe migrate --status`.
    public struct Status: Sendable, Hashable, Codable {
        public var version: Int
        public var name: String
        public var applied: Bool
        public var appliedAt: String?

        public init(version: Int, name: String, applied: Bool, appliedAt: String?) {
            self.version = version
            self.name = name
            self.applied = applied
            self.appliedAt = appliedAt
        }
    }

    public let migrations: [Migration]

    /// Reads every `NNNN_*.sql` file of `directory`.
    public init(directory: String) throws(RegisterError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw .configuration("no migrations folder at \(directory)")
        }
        var migrations: [Migration] = []
        for name in names.sorted() where name.hasSuffix(".sql") {
            guard let version = Int(name.prefix(while: \.isNumber)), name.prefix(while: \.isNumber).count == 4 else {
                throw .configuration("migration file \(name) must be named NNNN_description.sql")
            }
            guard let data = FileManager.default.contents(atPath: directory + "/" + name) else {
                throw .configuration("cannot read migration \(name)")
            }
            let checksum = Array(SHA256.hash(data: data)).hexString
            migrations.append(
                Migration(version: version, name: name, sql: String(decoding: data, as: UTF8.self), checksum: checksum)
            )
        }
        guard !migrations.isEmpty else { throw .configuration("no migrations found in \(directory)") }
        guard Set(migrations.map(\.version)).count == migrations.count else {
            throw .configuration("two migration files in \(directory) share a version number")
        }
        self.migrations = migrations
    }

    static let ledgerSQL = """
        CREATE TABLE IF NOT EXISTS "schema_migration" (
            "version" INTEGER PRIMARY KEY, "name" TEXT NOT NULL, "checksum" TEXT NOT NULL, "applied_at" TEXT NOT NULL
        ) STRICT
        """

    /// Applies pending migrations; returns the names applied.
    @discardableResult
    public func migrate(_ writer: some DatabaseWriter) throws(RegisterError) -> [String] {
        do {
            return try writer.write { db in
                try db.execute(sql: Self.ledgerSQL)
                let applied = try verify(db)
                var done: [String] = []
                for migration in migrations where applied[migration.version] == nil {
                    try db.inSavepoint {
                        try db.execute(sql: migration.sql)
                        try db.execute(
                            sql: """
                                INSERT INTO "schema_migration" ("version", "name", "checksum", "applied_at")
                                VALUES (?, ?, ?, ?)
                                """,
                            arguments: [migration.version, migration.name, migration.checksum, Self.timestamp()]
                        )
                        return .commit
                    }
                    done.append(migration.name)
                }
                return done
            }
        } catch let error as RegisterError {
            throw error
        } catch {
            throw .storage("migration failed: \(error)")
        }
    }

    /// Pending and applied migrations, after checking the applied ones are unchanged.
    public func status(_ reader: some DatabaseReader) throws(RegisterError) -> [Status] {
        do {
            return try reader.read { db in
                guard try db.tableExists("schema_migration") else {
                    return migrations.map { Status(version: $0.version, name: $0.name, applied: false, appliedAt: nil) }
                }
                _ = try verify(db)
                let rows = try Row.fetchAll(db, sql: #"SELECT "version", "applied_at" FROM "schema_migration""#)
                let appliedAt = Dictionary(uniqueKeysWithValues: rows.map { ($0["version"] as Int, $0["applied_at"] as String) })
                return migrations.map {
                    Status(version: $0.version, name: $0.name, applied: appliedAt[$0.version] != nil, appliedAt: appliedAt[$0.version])
                }
            }
        } catch let error as RegisterError {
            throw error
        } catch {
            throw .storage("cannot read migration status: \(error)")
        }
    }

    /// Whether every migration has been applied.
    public func isCurrent(_ reader: some DatabaseReader) throws(RegisterError) -> Bool {
        try status(reader).allSatisfy(\.applied)
    }

    /// Checks applied migrations against the files; returns version → name of those applied.
    private func verify(_ db: Database) throws -> [Int: String] {
        let rows = try Row.fetchAll(db, sql: #"SELECT "version", "name", "checksum" FROM "schema_migration""#)
        let files = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        var applied: [Int: String] = [:]
        for row in rows {
            let version: Int = row["version"]
            let name: String = row["name"]
            guard let file = files[version] else {
                throw RegisterError.configuration("applied migration \(name) is missing from the migrations folder")
            }
            guard file.checksum == row["checksum"] as String else {
                throw RegisterError.configuration(
                    "applied migration \(name) has been modified since it was applied (checksum differs); migrations are append-only — add a new file instead"
                )
            }
            applied[version] = name
        }
        return applied
    }

    static func timestamp() -> String {
        Date().iso8601()
    }
}
