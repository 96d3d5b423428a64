import EHETestSupport
import Foundation
import GRDB
import Testing

@Suite("Crash safety: kill -9 during demo seed", .serialized)
struct CrashSafetyTests {
    /// Opens the register after a kill and checks it holds only whole cases.
    static func check(_ database: String, batchSize: Int) throws -> Int {
        guard FileManager.default.fileExists(atPath: database) else { return 0 }
        let queue = try DatabaseQueue(path: database)
        defer { try? queue.close() }
        return try queue.read { db in
            guard try db.tableExists("child") else { return 0 }
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            let children = try Int.fetchOne(db, sql: #"SELECT COUNT(*) FROM "child""#) ?? -1
            let withoutKey = try Int.fetchOne(
                db,
                sql: #"SELECT COUNT(*) FROM "child" c WHERE NOT EXISTS (SELECT 1 FROM "data_key" k WHERE k."child_id" = c."id")"#
            )
            let withoutEpisode = try Int.fetchOne(
                db,
                sql: #"SELECT COUNT(*) FROM "child" c WHERE NOT EXISTS (SELECT 1 FROM "episode" e WHERE e."child_id" = c."id")"#
            )
            let orphanKeys = try Int.fetchOne(
                db,
                sql: #"SELECT COUNT(*) FROM "data_key" k WHERE NOT EXISTS (SELECT 1 FROM "child" c WHERE c."id" = k."child_id")"#
            )
            #expect(withoutKey == 0 && withoutEpisode == 0 && orphanKeys == 0)
            #expect(children % batchSize == 0, "only whole batches: \(children) children")
            let maxID = try Int.fetchOne(db, sql: #"SELECT COALESCE(MAX("id"), 0) FROM "child""#)
            #expect(maxID == children, "references have no gaps")
            return children
        }
    }

    @Test("24 kills at random moments leave a database that opens, checks out and holds only whole cases")
    func killDuringSeed() async throws {
        var cli = CLI()
        defer { cli.remove() }
        var generator = SystemRandomNumberGenerator()
        let batchSize = 250
        var lastCount = 0
        for trial in 0..<24 {
            // The first trials kill early, during first-run set-up; later ones mid-way through batches.
            let delay = trial < 4 ? Double.random(in: 0.0...0.15, using: &generator) : Double.random(in: 0.15...0.8, using: &generator)
            let process = cli.process(["demo", "seed", "--children", "1000000", "--batch-size", String(batchSize), "--seed", String(trial)])
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let count = try Self.check(cli.database, batchSize: batchSize)
            #expect(count >= lastCount, "no acknowledged batch lost")
            lastCount = count
        }
        // The register still works: the newest case opens and a further seed adds to it.
        let after = try cli.run("demo", "seed", "--children", "10", "--batch-size", "10")
        #expect(after.status == 0, "\(after.stderr)")
        let newest = String(format: "EHE-%06d", lastCount + 10)
        #expect(try cli.run("case", "show", newest).status == 0)
        #expect(try cli.run("summary").status == 0)
        #expect(lastCount > 0, "some trials got as far as storing cases")
    }
}
