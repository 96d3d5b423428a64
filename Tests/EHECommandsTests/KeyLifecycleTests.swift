import EHEApp
import EHECore
import EHETestSupport
import Foundation
import GRDB
import Testing

@Suite("Key lifecycle and erasure, end to end", .serialized)
struct KeyLifecycleTests {
    func keyStatus(_ cli: inout CLI) throws -> [KeyService.KeyStatus] {
        let result = try cli.run("keys", "status", "--json", record: false)
        return try JSONDecoder().decode([KeyService.KeyStatus].self, from: Data(result.stdout.utf8))
    }

    /// After a kill: the database checks out and every child still has exactly one data key.
    func checkAfterKill(_ database: String) throws {
        let queue = try DatabaseQueue(path: database)
        defer { try? queue.close() }
        try queue.read { db in
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            let children = try Int.fetchOne(db, sql: #"SELECT COUNT(*) FROM "child""#)
            let keys = try Int.fetchOne(db, sql: #"SELECT COUNT(*) FROM "data_key""#)
            #expect(children == keys && children == 3_000)
        }
    }

    @Test("rotate, then re-wrap killed at 21 random points and re-run: every key moves, every case opens, old keys retire")
    func rotateRewrapWithKills() async throws {
        var cli = CLI()
        defer { cli.remove() }
        #expect(try cli.run("demo", "seed", "--children", "3000", "--batch-size", "1000").status == 0)
        let first = try keyStatus(&cli).first { $0.purpose == "kek" }!.id
        #expect(try cli.run("keys", "rotate").status == 0)
        var generator = SystemRandomNumberGenerator()
        var rotations = 1
        var killedMidway = 0
        for _ in 0..<21 {
            let status = try keyStatus(&cli)
            if status.filter({ $0.purpose == "kek" && $0.state != "primary" }).allSatisfy({ $0.children == 0 }) {
                // The last run finished: rotate again so the next kill lands in real work.
                #expect(try cli.run("keys", "rotate").status == 0)
                rotations += 1
            }
            let process = cli.process(["keys", "rewrap", "--batch-size", "1"])
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            try await Task.sleep(for: .milliseconds(Int.random(in: 150...700, using: &generator)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try checkAfterKill(cli.database)
            let moved = try keyStatus(&cli).first { $0.purpose == "kek" && $0.state == "primary" }!.children
            if moved > 0 && moved < 3_000 { killedMidway += 1 }
        }
        #expect(killedMidway >= 5, "kills landed part-way through a re-wrap \(killedMidway) times")
        // Re-run to the end.
        let finish = try cli.run("keys", "rewrap")
        #expect(finish.status == 0, "\(finish.stderr)")
        let status = try keyStatus(&cli)
        let primary = status.first { $0.purpose == "kek" && $0.state == "primary" }!
        #expect(primary.children == 3_000)
        #expect(rotations >= 1)
        // Every case opens.
        let register = try Register.open(
            options: RegisterOptions(dataDirectory: cli.data),
            environment: ["EHE_HOME": CLI.repositoryRoot, "EHE_TODAY": "2026-11-30"]
        )
        for number in 1...3_000 {
            _ = try await register.store.load(CaseReference(number: Int64(number)))
        }
        // Every old key retires; the primary does not.
        for key in status where key.purpose == "kek" && key.state == "active" {
            let retired = try cli.run("keys", "retire", key.id)
            #expect(retired.status == 0, "\(retired.stderr)")
        }
        #expect(try keyStatus(&cli).first { $0.id == first }?.state == "retired")
        #expect(try cli.run("keys", "retire", primary.id).status == 68)
        #expect(try cli.run("case", "show", "EHE-000042").status == 0)
    }

    @Test("retiring a key still in use is refused")
    func retireInUse() throws {
        var cli = CLI()
        defer { cli.remove() }
        #expect(try cli.run("demo", "seed", "--children", "10").status == 0)
        let old = try keyStatus(&cli).first { $0.purpose == "kek" }!.id
        #expect(try cli.run("keys", "rotate").status == 0)
        let refused = try cli.run("keys", "retire", old)
        #expect(refused.status == 68 && refused.stderr.contains("still wraps 10"))
    }

    @Test("index-key rotation: re-index, search still finds, the old index key retires")
    func indexRotation() throws {
        var cli = CLI()
        defer { cli.remove() }
        #expect(try cli.run("case", "add", "--file", CLI.repositoryRoot + "/Examples/case.json").status == 0)
        #expect(try cli.run("demo", "seed", "--children", "300").status == 0)
        let old = try keyStatus(&cli).first { $0.purpose == "index" }!.id
        #expect(try cli.run("keys", "rotate", "--index").status == 0)
        // Before re-indexing, searches still work through the old key.
        #expect(try cli.run("case", "find", "--surname", "Lovelace").stdout.contains("EHE-000001"))
        #expect(try cli.run("keys", "reindex", "--batch-size", "50").stdout.contains("Re-indexed 301"))
        #expect(try cli.run("keys", "retire", old).status == 0)
        #expect(try cli.run("case", "find", "--surname", "Lovelace").stdout.contains("EHE-000001"))
        #expect(try cli.run("case", "find", "--sounds-like", "Lovlace", "--dob", "2013-12-10").stdout.contains("EHE-000001"))
    }

    @Test("erasure destroys the data key, sealed data and indexes; show says when and why; counts keep the child")
    func erase() throws {
        var cli = CLI()
        defer { cli.remove() }
        #expect(try cli.run("case", "add", input: CanaryTests.canaryDocument()).status == 0)
        #expect(try cli.run("case", "add", "--file", CLI.repositoryRoot + "/Examples/case.json").status == 0)
        // What an attacker with the keyring would need: the wrapped data key and the sealed values.
        let pool = try DatabasePool(path: cli.database)
        let secrets: [Data] = try pool.read { db in
            let row = try Row.fetchOne(
                db,
                sql:
                    #"SELECT k."wrapped", c."identity_sealed", c."family_sealed" FROM "child" c JOIN "data_key" k ON k."child_id" = c."id" WHERE c."id" = 1"#
            )!
            return [row[0], row[1], row[2]]
        }
        try pool.close()
        let erased = try cli.run("case", "erase", "EHE-000001", "--reason", "retention period ended")
        #expect(erased.status == 0, "\(erased.stderr)")
        for (name, bytes) in try cli.dataFiles() {
            for secret in secrets {
                #expect(bytes.range(of: secret) == nil, "an erased secret is still in \(name)")
            }
            for canary in Canary.all { #expect(bytes.range(of: Data(canary.utf8)) == nil) }
        }
        let shown = try cli.run("case", "show", "EHE-000001")
        #expect(shown.status == 66 && shown.stderr.contains("erased on 2026-11-30 (retention period ended)"))
        #expect(try cli.run("case", "find", "--surname", Canary.surname).stdout.contains("No child matches"))
        #expect(try cli.run("case", "erase", "EHE-000001", "--reason", "again").status == 66)
        let summary = try JSONDecoder().decode(RegisterSummary.self, from: Data(try cli.run("summary", "--json").stdout.utf8))
        #expect(summary.totalCases == 2 && summary.bySENProvision["ehcp"] == 2)
        #expect(try cli.run("case", "show", "EHE-000002").status == 0)
    }
}

@Suite("Reminders, workload and maintenance, end to end", .serialized)
struct ReminderCommandTests {
    @Test("an officer's iCalendar feed parses with an independent parser and holds no personal data")
    func icalendarFeed() throws {
        var cli = CLI()
        defer { cli.remove() }
        #expect(try cli.run("case", "add", input: CanaryTests.canaryDocument()).status == 0)
        #expect(try cli.run("demo", "seed", "--children", "300").status == 0)
        #expect(try cli.run("case", "assign", "EHE-000001", "--officer", "Officer One").status == 0)
        let feed = try cli.run("reminders", "--officer", "Officer One", "--format", "ics")
        #expect(feed.status == 0, "\(feed.stderr)")
        for canary in Canary.all { #expect(!feed.stdout.contains(canary)) }
        let path = try cli.write(feed.stdout, to: "feed.ics")
        let parser = Process()
        parser.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        parser.arguments = [
            "python3", "-c",
            """
            import sys, icalendar
            cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
            events = [c for c in cal.walk('VEVENT')]
            assert events, 'no events'
            for e in events:
                assert str(e['UID']).startswith('EHE-000001-'), e['UID']
                assert e['DTSTART'].dt is not None and e.walk('VALARM')
            print(len(events), sorted(str(e['UID']).split('@')[0] for e in events))
            """,
            path,
        ]
        let out = Pipe()
        parser.standardOutput = out
        parser.standardError = out
        try parser.run()
        parser.waitUntilExit()
        let report = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(parser.terminationStatus == 0, "python icalendar: \(report)")
        // The canary case: EHCP review (its last meeting was 2023), CSA end, return plan, and the annual contact.
        #expect(report.contains("EHE-000001-ehcp_review") && report.contains("EHE-000001-csa_end"), "\(report)")
    }

    @Test("reminders filter by window, kind and officer; JSON streams every item; a changed date bumps SEQUENCE")
    func remindersAndSequence() throws {
        var cli = CLI()
        defer { cli.remove() }
        #expect(try cli.run("case", "add", "--file", CLI.repositoryRoot + "/Examples/case.json").status == 0)
        struct Item: Decodable {
            var reference: String
            var kind: String
            var dueDate: String
            var status: String
            var officer: String?
            var sequence: Int
        }
        func items(_ arguments: String...) throws -> [Item] {
            try JSONDecoder().decode([Item].self, from: Data(try cli.run(["reminders", "--format", "json"] + arguments).stdout.utf8))
        }
        // Example case: annual contact due 2026-10-14 (contact 2025-10-14), EHCP review overdue (last meeting 2024-05-02).
        let all = try items()
        let annual = try #require(all.first { $0.kind == "annual_contact" })
        #expect(annual.dueDate == "2026-10-14" && annual.status == "overdue" && annual.officer == "J. Officer" && annual.sequence == 0)
        #expect(try items("--kind", "ehcp_review").map(\.dueDate) == ["2025-05-02"])
        #expect(try items("--overdue").allSatisfy { $0.status == "overdue" })
        #expect(try items("--officer", "Somebody Else").isEmpty)
        #expect(try items("--within", "0").allSatisfy { $0.dueDate <= "2026-11-30" })
        // A new contact moves the annual contact: same UID, sequence 1.
        #expect(
            try cli.run("contact", "add", "EHE-000001", "--date", "2026-11-20", "--method", "home_visit", "--officer", "J. Officer").status
                == 0
        )
        let moved = try #require(try items().first { $0.kind == "annual_contact" })
        #expect(moved.dueDate == "2027-11-20" && moved.sequence == 1)
        // Unassigning shows the case's items as unassigned.
        #expect(try cli.run("case", "assign", "EHE-000001", "--unassign").status == 0)
        #expect(try items("--unassigned").count == all.count)
        #expect(try cli.run("case", "list", "--unassigned").stdout.contains("EHE-000001"))
    }

    @Test("maintenance closes episodes past compulsory school age; a second run on the same date changes nothing")
    func maintenanceTwice() throws {
        var cli = CLI()
        defer { cli.remove() }
        #expect(try cli.run("demo", "seed", "--children", "400").status == 0)
        cli.environment["EHE_TODAY"] = "2027-07-01"
        let first = try cli.run("maintenance", "run", "--json")
        #expect(first.status == 0, "\(first.stderr)")
        let report = try JSONDecoder().decode(MaintenanceReport.self, from: Data(first.stdout.utf8))
        #expect(!report.closed.isEmpty && report.closed.allSatisfy { $0.endDate == LocalDate(2027, 6, 25) })
        let before = try cli.snapshot()
        let second = try cli.run("maintenance", "run")
        #expect(second.status == 0 && second.stdout.contains("No episodes to close"))
        #expect(try cli.snapshot() == before)
        let closed = try cli.run("case", "show", report.closed[0].reference.description)
        #expect(closed.stdout.contains("ended: Ceased compulsory school age"))
        // A date after today is refused.
        #expect(try cli.run("maintenance", "run", "--as-of", "2027-07-02").status == 65)
    }

    @Test("the workload forecast counts per officer and month, and totals add up")
    func workload() throws {
        var cli = CLI()
        defer { cli.remove() }
        #expect(try cli.run("demo", "seed", "--children", "500").status == 0)
        let result = try cli.run("workload", "--months", "6", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let workload = try JSONDecoder().decode(Workload.self, from: Data(result.stdout.utf8))
        #expect(workload.months.first == "2026-11" && workload.months.count == 6)
        #expect(workload.total.openCases == workload.officers.reduce(0) { $0 + $1.openCases })
        for month in 0..<6 {
            #expect(workload.total.contactsDue[month] == workload.officers.reduce(0) { $0 + $1.contactsDue[month] })
        }
        #expect(workload.total.contactsDue.reduce(0, +) > 0)
        #expect(try cli.run("workload").stdout.contains("TOTAL"))
    }
}
