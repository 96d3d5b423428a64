import EHETestSupport
import Foundation
import GRDB
import Testing

@Suite("The tamper-evident audit log", .serialized)
struct AuditTests {
    @Test("reading a case through the API records who viewed it, from where")
    func viewIsAudited() async throws {
        let server = try ServerHarness(children: 3)
        defer { server.remove() }
        let officer = ServerHarness.bearer(try server.token("officer"))
        #expect(try await server.request("GET", "/api/v1/cases/EHE-000002", headers: officer).status == 200)
        let manager = ServerHarness.bearer(try server.token("manager"))
        let trail = try await server.request("GET", "/api/v1/audit?case=EHE-000002", headers: manager)
        #expect(trail.status == 200)
        let entries = try #require(try JSONSerialization.jsonObject(with: trail.body) as? [[String: Any]])
        #expect(
            entries.contains {
                $0["action"] as? String == "case.view" && $0["actor"] as? String == "token:officer-client"
                    && $0["address"] as? String == "127.0.0.1"
            }
        )
        server.stop()
        let shown = try server.cli.run("audit", "show", "--case", "EHE-000002")
        #expect(shown.stdout.contains("token:officer-client") && shown.stdout.contains("case.view"))
        #expect(try server.cli.run("audit", "verify").status == 0)
    }

    /// A register whose audit log has entries 1…N (CLI views and searches), and N.
    static func registerWithEntries() throws -> (CLI, Int) {
        var cli = CLI()
        #expect(try cli.run("demo", "seed", "--children", "6").status == 0)
        for number in 1...6 { #expect(try cli.run("case", "show", String(format: "EHE-%06d", number)).status == 0) }
        let verified = try cli.run("audit", "verify")
        #expect(verified.status == 0, "\(verified.stderr)")
        let count = try DatabaseQueue(path: cli.auditDatabase).read {
            try Int.fetchOne($0, sql: #"SELECT MAX("seq") FROM "audit_entry""#) ?? 0
        }
        #expect(count >= 6)
        return (cli, count)
    }

    /// Runs `tamper` directly on the database (with the append-only triggers dropped, as an attacker
    /// would), then expects `ehe audit verify` to fail with exit 68 naming `firstBad` (a negative number
    /// counts back from the last entry: -1 is the one before it).
    func expectDetected(_ description: String, firstBad: Int, _ tamper: (Database, Int) throws -> Void) throws {
        var (cli, count) = try Self.registerWithEntries()
        defer { cli.remove() }
        let queue = try DatabaseQueue(path: cli.auditDatabase)
        try queue.write { db in
            try db.execute(sql: #"DROP TRIGGER "audit_entry_no_update"; DROP TRIGGER "audit_entry_no_delete""#)
            try tamper(db, count)
        }
        try queue.close()
        let result = try cli.run("audit", "verify")
        #expect(result.status == 68, "\(description): \(result.all)")
        #expect(
            result.stderr.contains("first bad entry \(firstBad < 0 ? count + firstBad : firstBad):"),
            "\(description): \(result.stderr)"
        )
    }

    @Test("editing an entry is detected at that entry")
    func edit() throws {
        try expectDetected("edit", firstBad: 3) { db, _ in
            try db.execute(sql: #"UPDATE "audit_entry" SET "actor" = 'cli:somebody-else' WHERE "seq" = 3"#)
        }
    }

    @Test("deleting an entry is detected at the gap")
    func delete() throws {
        try expectDetected("delete", firstBad: 4) { db, _ in
            try db.execute(sql: #"DELETE FROM "audit_entry" WHERE "seq" = 4"#)
        }
    }

    @Test("reordering entries (swapping their contents) is detected at the first moved entry")
    func reorder() throws {
        try expectDetected("reorder", firstBad: 2) { db, _ in
            let columns = #""at", "actor", "action", "case_ref", "address", "outcome", "detail", "key_id", "mac""#
            try db.execute(sql: #"CREATE TEMP TABLE "swap" AS SELECT "seq", \#(columns) FROM "audit_entry" WHERE "seq" IN (2, 5)"#)
            for (target, source) in [(2, 5), (5, 2)] {
                try db.execute(
                    sql: #"""
                        UPDATE "audit_entry" SET ("at", "actor", "action", "case_ref", "address", "outcome", "detail", "key_id", "mac") =
                        (SELECT \#(columns) FROM "swap" WHERE "seq" = \#(source)) WHERE "seq" = \#(target)
                        """#
                )
            }
        }
    }

    @Test("removing entries from the end is detected by the MACed head record")
    func truncateTail() throws {
        try expectDetected("truncate", firstBad: -1) { db, count in
            try db.execute(sql: #"DELETE FROM "audit_entry" WHERE "seq" >= ?"#, arguments: [count - 1])
        }
    }

    @Test("deleting the head record too is detected")
    func truncateTailAndHead() throws {
        try expectDetected("truncate with head", firstBad: -2) { db, count in
            try db.execute(sql: #"DELETE FROM "audit_entry" WHERE "seq" >= ?"#, arguments: [count - 1])
            try db.execute(sql: #"DELETE FROM "audit_head""#)
        }
    }

    @Test("a truncated log stays detectably truncated after new entries are added")
    func truncationSurvivesNewEntries() throws {
        var (cli, count) = try Self.registerWithEntries()
        defer { cli.remove() }
        let queue = try DatabaseQueue(path: cli.auditDatabase)
        try queue.write { db in
            try db.execute(sql: #"DROP TRIGGER "audit_entry_no_delete""#)
            try db.execute(sql: #"DELETE FROM "audit_entry" WHERE "seq" >= ?"#, arguments: [count - 1])
        }
        try queue.close()
        #expect(try cli.run("case", "show", "EHE-000001").status == 0)
        let result = try cli.run("audit", "verify")
        #expect(result.status == 68)
        #expect(result.stderr.contains("first bad entry \(count - 1):"), "\(result.stderr)")
    }

    @Test("a rollback of the audit log to an older copy is caught by checking a head kept elsewhere")
    func rollback() throws {
        var (cli, _) = try Self.registerWithEntries()
        defer { cli.remove() }
        // An older copy of the database, taken now.
        let old = cli.folder + "/old.sqlite"
        try DatabaseQueue(path: cli.auditDatabase).backup(to: DatabaseQueue(path: old))
        #expect(try cli.run("case", "show", "EHE-000003").status == 0)
        let verified = try cli.run("audit", "verify")
        let head = try #require(verified.stdout.split(separator: "\n").first { $0.hasPrefix("Head ") }).dropFirst(5)
        #expect(try cli.run("audit", "verify", "--expect", String(head)).status == 0)
        // Someone restores the older copy: the chain is intact, but the head kept elsewhere is gone.
        try DatabaseQueue(path: old).backup(to: DatabaseQueue(path: cli.auditDatabase))
        let rolledBack = try cli.run("audit", "verify", "--expect", String(head))
        #expect(rolledBack.status == 68, "\(rolledBack.all)")
        #expect(rolledBack.stderr.contains("rolled back"))
    }

    @Test("key operations are recorded, and the chain still verifies after a key rotation")
    func keyOperations() throws {
        var (cli, _) = try Self.registerWithEntries()
        defer { cli.remove() }
        #expect(try cli.run("keys", "rotate").status == 0)
        #expect(try cli.run("keys", "rewrap").status == 0)
        #expect(try cli.run("audit", "verify").status == 0)
        let trail = try cli.run("audit", "export", "--from", "2026-01-01", "--to", "2030-12-31")
        #expect(trail.stdout.contains(",keys.rotate,") && trail.stdout.contains(",keys.rewrap,"))
    }

    @Test("exports made without the keyring are recorded, and chained by the next keyed command")
    func keylessExportIsChained() throws {
        var (cli, _) = try Self.registerWithEntries()
        defer { cli.remove() }
        try FileManager.default.moveItem(atPath: cli.data + "/keyring.json", toPath: cli.folder + "/keyring.json")
        #expect(try cli.run("export", "dfe-annual", "--year", "2025/26", "--out", cli.folder + "/out").status == 0)
        try FileManager.default.moveItem(atPath: cli.folder + "/keyring.json", toPath: cli.data + "/keyring.json")
        #expect(try cli.run("audit", "verify").status == 0)
        let trail = try cli.run("audit", "export", "--from", "2026-01-01", "--to", "2030-12-31")
        #expect(trail.stdout.contains(",export,") && trail.stdout.contains("kind=dfe-annual disclosure=dfe"))
    }
}
