import EHECore
import EHETestSupport
import Foundation
import Testing

/// The officer actions the command line gained with the application façade: EHCP reviews, return plans,
/// enforcement steps and the outcome of a s.437(1) notice.
@Suite("Officer actions from the command line", .serialized)
struct OfficerActionCommandTests {
    static let child = """
        {"child": {"forenames": "Ada", "surname": "Oyelaran", "dateOfBirth": "2013-03-03", "sex": "female"},
         "senProvision": "ehcp", "ehcp": {"issueDate": "2024-01-15"},
         "episodes": [{"startDate": "2026-09-07", "notificationSource": "parent", "primaryReason": "dissatisfaction_send"}]}
        """

    @Test("a notice is served and its outcome recorded: the s437_expiry reminder comes and goes; wrong input names the flag")
    func s437() throws {
        var cli = CLI()
        defer { cli.remove() }
        let reference = try cli.run("case", "add", "--new-child", input: Self.child).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(reference.hasPrefix("EHE-"))
        func expiries() throws -> [String] {
            let listed = try cli.run("reminders", "--kind", "s437_expiry", "--format", "json")
            #expect(listed.status == 0, "\(listed.stderr)")
            return try JSONDecoder().decode([DueItem].self, from: Data(listed.stdout.utf8)).map(\.reference.description)
        }
        let short = try cli.run("case", "enforcement", reference, "--kind", "s437_notice", "--date", "2026-11-02", "--period", "10")
        #expect(short.status == 65)
        #expect(short.stderr.contains("--period") && short.stderr.contains("s437_period"))
        let served = try cli.run("case", "enforcement", reference, "--kind", "s437_notice", "--date", "2026-11-02", "--period", "15")
        #expect(served.status == 0, "\(served.stderr)")
        #expect(try expiries() == [reference])

        let early = try cli.run("case", "s437-outcome", reference, "--outcome", "satisfied", "--date", "2026-10-30")
        #expect(early.status == 65)
        #expect(early.stderr.contains("--date") && early.stderr.contains("before_notice"))
        #expect(try cli.run("case", "s437-outcome", reference, "--outcome", "perhaps", "--date", "2026-11-20").status == 64)
        let recorded = try cli.run(
            "case",
            "s437-outcome",
            reference,
            "--outcome",
            "satisfied",
            "--date",
            "2026-11-20",
            "--expected-version",
            "2"
        )
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(recorded.stdout.contains("Parent satisfied the LA"))
        #expect(try expiries().isEmpty)
        #expect(try cli.run("case", "s437-outcome", reference, "--outcome", "satisfied", "--date", "2026-11-21").status == 67)
        let shown = try cli.run("case", "show", reference, "--json")
        #expect(shown.stdout.contains("\"outcome\" : \"satisfied\"") || shown.stdout.contains("\"outcome\":\"satisfied\""))
    }

    @Test("EHCP review meeting then decision, and a return plan moved on by number")
    func reviewsAndPlans() throws {
        var cli = CLI()
        defer { cli.remove() }
        let reference = try cli.run("case", "add", "--new-child", input: Self.child).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let decidedFirst = try cli.run("case", "review", reference, "--decision", "maintain", "--decided", "2026-11-01")
        #expect(decidedFirst.status == 67, "no meeting awaits a decision yet: \(decidedFirst.stderr)")
        let meeting = try cli.run("case", "review", reference, "--meeting", "2026-11-10")
        #expect(meeting.status == 0 && meeting.stdout.contains("next review due"), "\(meeting.stderr)")
        #expect(try cli.run("case", "review", reference, "--decision", "maintain", "--decided", "2026-11-20").status == 0)
        #expect(try cli.run("case", "review", reference).status == 64)

        #expect(try cli.run("case", "return-plan", reference, "--target", "2027-01-05", "--status", "intended").status == 0)
        let missing = try cli.run("case", "return-plan", reference, "--target", "2027-01-05", "--status", "applied", "--plan", "2")
        #expect(missing.status == 65 && missing.stderr.contains("--plan"))
        let moved = try cli.run(
            "case",
            "return-plan",
            reference,
            "--target",
            "2027-01-05",
            "--status",
            "applied",
            "--urn",
            "100001",
            "--plan",
            "1"
        )
        #expect(moved.status == 0, "\(moved.stderr)")
        let shown = try cli.run("case", "show", reference, "--json")
        let document = try JSONDecoder().decode(CaseDocument.self, from: Data(shown.stdout.utf8))
        #expect(document.returnPlans?.map(\.status) == ["applied"])
        #expect(document.ehcp?.reviews?.first?.decision == "maintain")
    }
}
