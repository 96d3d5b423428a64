import EHECore
import EHESQLite
import Foundation
import GRDB
import Testing

@Suite("SQL migrations")
struct MigratorTests {
    func folderWithMigrations(_ files: [String: String]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ehe-migrations-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, sql) in files {
            try sql.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
        }
        return folder
    }

    @Test("migrations apply in order, once, and are recorded with checksums")
    func appliesInOrder() throws {
        let folder = try folderWithMigrations([
            "0002_second.sql": #"ALTER TABLE "thing" ADD COLUMN "b" TEXT;"#,
            "0001_first.sql": #"CREATE TABLE "thing" ("a" TEXT);"#,
        ])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let queue = try DatabaseQueue()
        let migrator = try Migrator(directory: folder)
        #expect(try migrator.migrate(queue) == ["0001_first.sql", "0002_second.sql"])
        #expect(try migrator.migrate(queue) == [])
        #expect(try migrator.isCurrent(queue))
        let checksums = try queue.read { try String.fetchAll($0, sql: #"SELECT "checksum" FROM "schema_migration""#) }
        #expect(checksums.count == 2 && checksums.allSatisfy { $0.count == 64 })
    }

    @Test("an applied migration that was edited afterwards is an error, and nothing more is applied")
    func editedMigration() throws {
        let folder = try folderWithMigrations(["0001_first.sql": #"CREATE TABLE "thing" ("a" TEXT);"#])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let queue = try DatabaseQueue()
        try Migrator(directory: folder).migrate(queue)
        try #"CREATE TABLE "thing" ("a" TEXT, "sneaky" TEXT);"#.write(toFile: folder + "/0001_first.sql", atomically: true, encoding: .utf8)
        try #"CREATE TABLE "other" ("x" TEXT);"#.write(toFile: folder + "/0002_second.sql", atomically: true, encoding: .utf8)
        #expect {
            try Migrator(directory: folder).migrate(queue)
        } throws: { error in
            guard case .configuration(let message) = error as? RegisterError else { return false }
            return message.contains("0001_first.sql") && message.contains("modified")
        }
        #expect(try queue.read { try !$0.tableExists("other") })
    }

    @Test("a failing migration leaves the database as it was")
    func failingMigration() throws {
        let folder = try folderWithMigrations([
            "0001_first.sql": #"CREATE TABLE "thing" ("a" TEXT);"#,
            "0002_broken.sql": #"CREATE TABLE "half" ("x" TEXT); THIS IS NOT SQL;"#,
        ])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let queue = try DatabaseQueue()
        #expect(throws: RegisterError.self) { try Migrator(directory: folder).migrate(queue) }
        #expect(try queue.read { try !$0.tableExists("half") && !$0.tableExists("thing") })
    }

    @Test("badly named migration files are refused")
    func badNames() throws {
        let folder = try folderWithMigrations(["1_first.sql": "SELECT 1;"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: RegisterError.self) { try Migrator(directory: folder) }
    }

    @Test("the shipped migrations create a schema with foreign keys enforced")
    func shippedSchema() async throws {
        let database = try TestDatabase()
        defer { database.remove() }
        let (tables, foreignKeys, journal) = try await database.pool.read { db in
            (
                try db.tableExists("child") && db.tableExists("data_key") && db.tableExists("episode"),
                try Bool.fetchOne(db, sql: "PRAGMA foreign_keys"),
                try String.fetchOne(db, sql: "PRAGMA journal_mode")
            )
        }
        #expect(tables)
        #expect(foreignKeys == true)
        #expect(journal == "wal")
        await #expect(throws: (any Error).self) {
            try await database.pool.write { db in
                try db.execute(
                    sql: #"INSERT INTO "data_key" ("child_id", "kek_id", "wrapped") VALUES (424242, 'k', x'00')"#
                )
            }
        }
    }
}
