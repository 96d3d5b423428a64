import EHECore
import EHETestSupport
import Foundation
import GRDB
import Testing

@Suite("End to end: no personal data in plaintext anywhere but the case view", .serialized)
struct CanaryTests {
    static func canaryDocument() -> String { Fixtures.canaryDocument() }

    @Test("cases added and worked through the CLI leave no canary in the database, WAL, output or errors")
    func canaryScan() throws {
        var cli = CLI()
        defer { cli.remove() }
        // Given a register with the canary child and a reader holding the database open (so the WAL stays)
        let file = try cli.write(Self.canaryDocument(), to: "canary.json")
        let added = try cli.run("case", "add", "--file", file)
        #expect(added.status == 0, "\(added.stderr)")
        let reference = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(reference == "EHE-000001")
        let holder = try DatabasePool(path: cli.database)
        defer { try? holder.close() }
        _ = try holder.read { try Int.fetchOne($0, sql: #"SELECT COUNT(*) FROM "child""#) }

        // When an officer works the case
        #expect(
            try cli.run(
                "contact",
                "add",
                reference,
                "--date",
                "2025-02-03",
                "--method",
                "home_visit",
                "--officer",
                "Officer One",
                "--judgement",
                "suitable",
                "--notes-stdin",
                input: Canary.contactNotes
            ).status == 0
        )
        #expect(try cli.run("case", "list").status == 0)
        #expect(try cli.run("case", "list", "--json").status == 0)
        #expect(try cli.run("summary").status == 0)
        #expect(try cli.run("summary", "--json").status == 0)
        #expect(try cli.run("demo", "seed", "--children", "50").status == 0)
        // ... including mistakes: an invalid document full of canaries, a duplicate-looking add, a bad update
        var broken = Self.canaryDocument().replacingOccurrences(of: "\"2014-02-17\"", with: "\"2014-02-31\"")
        broken = broken.replacingOccurrences(of: Canary.postcode, with: "Marigoldcanary postcode")
        let invalid = try cli.run("case", "add", "--file", try cli.write(broken, to: "broken.json"))
        #expect(invalid.status == 65)
        #expect(invalid.stderr.contains("child.dateOfBirth") && invalid.stderr.contains("child.address.postcode"))
        let show = try cli.run("case", "show", reference, "--json", record: false)
        #expect(show.stdout.contains(Canary.surname), "the case view does show the child to the officer")
        let edited = show.stdout.replacingOccurrences(of: Canary.caseNotes, with: Canary.caseNotes + " (updated)")
        #expect(try cli.run("case", "update", reference, "--file", try cli.write(edited, to: "edit.json")).status == 0)
        #expect(try cli.run("case", "update", reference, "--file", try cli.cliPath("edit.json")).status == 67)
        #expect(try cli.run("case", "close", reference, "--reason", "returned_to_school", "--date", "2025-09-03").status == 0)

        // Then no canary is on disk or in anything printed
        let files = try cli.dataFiles()
        #expect(files.keys.contains("register.sqlite-wal"), "the WAL was scanned too")
        #expect(files.keys.contains("audit.sqlite"), "the audit log's file was scanned too")
        for (name, bytes) in files {
            for canary in Canary.all {
                #expect(bytes.range(of: Data(canary.utf8)) == nil, "\(canary) found in \(name)")
            }
        }
        for result in cli.transcript {
            for canary in Canary.all {
                #expect(!result.all.contains(canary), "\(canary) printed: \(result.all.prefix(300))")
            }
        }
        // Left over inputs are the officer's own files; remove them as an officer should.
        for name in ["canary.json", "broken.json", "edit.json"] { try? FileManager.default.removeItem(atPath: cli.folder + "/" + name) }
    }
}

extension CLI {
    func cliPath(_ name: String) throws -> String { folder + "/" + name }
}

@Suite("End to end: tampering is reported, never shown", .serialized)
struct TamperTests {
    @Test("a flipped byte in a sealed value makes case show exit 68 naming the case, and shows nothing of it")
    func flippedByte() throws {
        var cli = CLI()
        defer { cli.remove() }
        #expect(try cli.run("case", "add", input: CanaryTests.canaryDocument()).status == 0)
        #expect(try cli.run("case", "add", "--new-child", input: CanaryTests.canaryDocument()).status == 0)
        let pool = try DatabasePool(path: cli.database)
        try pool.write { db in
            var blob = try #require(try Data.fetchOne(db, sql: #"SELECT "family_sealed" FROM "child" WHERE "id" = 2"#))
            blob[blob.count - 3] ^= 0x01
            try db.execute(sql: #"UPDATE "child" SET "family_sealed" = ? WHERE "id" = 2"#, arguments: [blob])
        }
        try pool.close()
        let shown = try cli.run("case", "show", "EHE-000002")
        #expect(shown.status == 68)
        #expect(shown.stderr.contains("EHE-000002") && shown.stderr.contains("integrity"))
        #expect(shown.stdout.isEmpty)
        #expect(try cli.run("case", "show", "EHE-000001").status == 0)
    }
}
