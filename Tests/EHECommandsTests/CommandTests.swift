import EHECore
import EHETestSupport
import Foundation
import Testing

@Suite("The ehe commands", .serialized)
struct CommandTests {
    @Test("year-group answers an officer's daily question, in text and JSON, without a register")
    func yearGroup() throws {
        var cli = CLI()
        defer { cli.remove() }
        let text = try cli.run("year-group", "--dob", "2019-09-01", "--as-of", "2025-10-02")
        #expect(text.status == 0)
        #expect(text.stdout.contains("Year 1 (NCY 1)"))
        #expect(text.stdout.contains("2024-12-31 to 2036-06-27"))
        let json = try cli.run("year-group", "--dob", "2010-06-30", "--as-of", "2026-06-27", "--json")
        let facts = try JSONDecoder().decode(SchoolAgeFacts.self, from: Data(json.stdout.utf8))
        #expect(facts.yearGroup == 11 && !facts.ofCompulsorySchoolAge && facts.compulsorySchoolAgeEnd == LocalDate(2026, 6, 26))
        let bad = try cli.run("year-group", "--dob", "2019-02-30")
        #expect(bad.status == 64 && bad.stderr.contains("--dob"))
        #expect(!FileManager.default.fileExists(atPath: cli.data))
    }

    @Test("invalid input lists every problem with its field, exits 65 and leaves the database unchanged")
    func invalidInputChangesNothing() throws {
        var cli = CLI()
        defer { cli.remove() }
        #expect(try cli.run("demo", "seed", "--children", "20").status == 0)
        let before = try cli.snapshot()
        let document = """
            {"child": {"forenames": "", "surname": "Test", "dateOfBirth": "2015-04-01", "sex": "x", "upn": "A999123456789",
                       "address": {"line1": "1 Road", "postcode": "XX"}},
             "episodes": [{"startDate": "2025-01-06", "notificationSource": "parent", "primaryReason": "mental_health",
                           "endDate": "2024-01-01", "endReason": "other"}],
             "enforcement": [{"kind": "s437_notice", "date": "2025-02-01", "periodDays": 14}]}
            """
        let result = try cli.run("case", "add", "--file", try cli.write(document, to: "bad.json"))
        #expect(result.status == 65)
        for field in [
            "child.forenames", "child.sex", "child.upn", "child.address.postcode", "episodes[0].endDate",
            "enforcement[0].periodDays",
        ] {
            #expect(result.stderr.contains(field), "\(field) not reported: \(result.stderr)")
        }
        #expect(result.stderr.contains("nothing was changed"))
        // A valid document and an invalid one together: neither is stored.
        let valid = CanaryTests.canaryDocument()
        let pair = "[\(valid), \(document)]"
        #expect(try cli.run("case", "add", "--file", try cli.write(pair, to: "pair.json")).status == 65)
        // Bad changes to an existing case.
        #expect(try cli.run("contact", "add", "EHE-000001", "--date", "2010-01-01", "--method", "email", "--officer", "O").status == 65)
        #expect(try cli.run("contact", "add", "EHE-000001", "--date", "2025-01-01", "--method", "pigeon", "--officer", "O").status == 64)
        #expect(try cli.run("case", "close", "EHE-000001", "--reason", "bored", "--date", "2025-01-01").status == 64)
        #expect(try cli.run("case", "update", "EHE-000001", "--file", try cli.write("{\"child\": 3}", to: "x.json")).status == 65)
        #expect(try cli.snapshot() == before)
    }

    @Test("the JSON that case show prints is accepted as-is by case update; a stale copy is refused with 67")
    func showUpdateRoundTrip() throws {
        var cli = CLI()
        defer { cli.remove() }
        let reference = try cli.run("case", "add", input: CanaryTests.canaryDocument()).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines
        )
        let shown = try cli.run("case", "show", reference, "--json").stdout
        let file = try cli.write(shown, to: "case.json")
        let update = try cli.run("case", "update", reference, "--file", file)
        #expect(update.status == 0 && update.stdout.contains("version 2"), "\(update.all)")
        let again = try cli.run("case", "show", reference, "--json").stdout
        var first = try CaseDocument.decode(Data(shown.utf8))
        let second = try CaseDocument.decode(Data(again.utf8))
        first.version = 2
        #expect(first == second, "an unchanged round trip changes nothing but the version")
        let stale = try cli.run("case", "update", reference, "--file", file)
        #expect(stale.status == 67 && stale.stderr.contains("changed since it was read"))
    }

    @Test("close, reopen and contacts through the CLI; exit codes for unknown cases and bad references")
    func lifecycle() throws {
        var cli = CLI()
        defer { cli.remove() }
        let reference = try cli.run("case", "add", input: CanaryTests.canaryDocument()).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines
        )
        #expect(
            try cli.run(
                "case",
                "close",
                reference,
                "--reason",
                "returned_to_school",
                "--date",
                "2025-09-03",
                "--return-urn",
                "123456"
            ).status == 0
        )
        #expect(try cli.run("case", "close", reference, "--reason", "other", "--date", "2025-09-04").status == 67)
        #expect(
            try cli.run(
                "case",
                "reopen",
                reference,
                "--date",
                "2026-01-05",
                "--reason",
                "mental_health",
                "--source",
                "deletion_return"
            ).status == 0
        )
        let contact = try cli.run(
            "contact",
            "add",
            reference,
            "--date",
            "2026-02-02",
            "--method",
            "phone",
            "--officer",
            "O",
            "--judgement",
            "suitable"
        )
        #expect(contact.status == 0 && contact.stdout.contains("next annual contact due 2027-02-02"))
        let shown = try cli.run("case", "show", reference)
        #expect(shown.stdout.contains("2024-09-02 – 2025-09-03") && shown.stdout.contains("2026-01-05 – open"))
        let list = try cli.run("case", "list", "--status", "open", "--json")
        let facts = try JSONDecoder().decode([CaseFacts].self, from: Data(list.stdout.utf8))
        #expect(facts.map(\.reference.description) == [reference])
        #expect(try cli.run("case", "show", "EHE-000999").status == 66)
        #expect(try cli.run("case", "show", "999").status == 64)
        #expect(try cli.run("migrate", "--status").stdout.contains("0001_register_core.sql"))
        #expect(try cli.run("migrate").stdout.contains("Up to date."))
    }

    @Test("a world-readable keyring stops every command with exit 68 and nothing written")
    func looseKeyring() throws {
        var cli = CLI()
        defer { cli.remove() }
        #expect(try cli.run("init").status == 0)
        #expect(try cli.run("demo", "seed", "--children", "5").status == 0)
        let before = try cli.snapshot()
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: cli.data + "/keyring.json")
        let seed = try cli.run("demo", "seed", "--children", "5")
        #expect(seed.status == 68 && seed.stderr.contains("chmod 600"))
        #expect(try cli.run("case", "add", input: CanaryTests.canaryDocument()).status == 68)
        #expect(try cli.snapshot() == before)
        try FileManager.default.removeItem(atPath: cli.data + "/keyring.json")
        #expect(try cli.run("case", "show", "EHE-000001").status == 68)
        #expect(try cli.run("demo", "seed", "--children", "5").status == 68)
        #expect(try cli.snapshot() == before)
    }

    @Test("every command has help an officer can read")
    func help() throws {
        var cli = CLI()
        defer { cli.remove() }
        for command in [
            ["init"], ["migrate"], ["case", "add"], ["case", "show"], ["case", "list"], ["case", "update"],
            ["case", "close"], ["case", "reopen"], ["case", "find"], ["case", "duplicates"], ["case", "erase"], ["case", "assign"],
            ["contact", "add"], ["keys", "status"], ["keys", "rotate"], ["keys", "rewrap"], ["keys", "reindex"], ["keys", "retire"],
            ["reminders"], ["workload"], ["maintenance", "run"], ["export", "dashboard"], ["export", "dfe-census"],
            ["export", "dfe-annual"],
            ["export", "place-planning"], ["year-group"],
            ["summary"], ["demo", "seed"],
        ] {
            let result = try cli.run(command + ["--help"])
            #expect(result.status == 0 && result.stdout.contains("USAGE"), "\(command)")
        }
        #expect(try cli.run("--help").stdout.contains("Exit codes"))
    }
}

@Suite("The README's examples")
struct ReadmeExampleTests {
    @Test("Examples/case.json, the README's complete case, is accepted and shows back")
    func exampleCase() throws {
        var cli = CLI()
        defer { cli.remove() }
        let added = try cli.run("case", "add", "--file", CLI.repositoryRoot + "/Examples/case.json")
        #expect(added.status == 0 && added.stdout == "EHE-000001\n", "\(added.all)")
        let shown = try cli.run("case", "show", "EHE-000001")
        #expect(shown.stdout.contains("Year 8 in 2026/27"))
        #expect(shown.stdout.contains("Planning area:  PA-EXE"))
        #expect(shown.stdout.contains("next review due 2025-05-02"))
    }
}
