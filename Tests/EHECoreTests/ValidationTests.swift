import EHECore
import EHETestSupport
import Foundation
import Testing

@Suite("Validating cases and case documents")
struct ValidationTests {
    let today = LocalDate(2026, 11, 30)

    @Test("the fixtures are valid")
    func fixturesAreValid() {
        #expect(Fixtures.canaryRecord().problems(today: today) == [])
        #expect(Fixtures.simpleRecord().problems(today: today) == [])
    }

    @Test("every problem in a record is reported at once, each with its field and rule")
    func everyProblemAtOnce() {
        var record = Fixtures.canaryRecord()
        record.child.surname = "  "
        record.child.upn = "A999123456789"
        record.child.address?.postcode = "NOT A POSTCODE"
        record.contacts[0].date = LocalDate(2024, 8, 1)
        record.enforcement.append(EnforcementEvent(kind: .s437Notice, date: LocalDate(2025, 2, 1), periodDays: 10))
        record.episodes[0].endReason = .returnedToSchool
        record.parents[0].email = "not-an-email"
        let found = Set(record.problems(today: today).map { "\($0.field) \($0.rule)" })
        #expect(
            found == [
                "child.surname required", "child.upn upn_check_letter", "child.address.postcode postcode_format",
                "contacts[0].date date_order", "enforcement[1].periodDays s437_period", "episodes[0].endDate required",
                "parents[0].email email_format",
            ]
        )
    }

    @Test("only the latest episode may be open, and episodes may not overlap")
    func episodeRules() {
        var record = Fixtures.simpleRecord(start: LocalDate(2024, 1, 8))
        record.episodes.append(Episode(startDate: LocalDate(2025, 1, 6), notificationSource: .parent, primaryReason: .other))
        #expect(record.problems(today: today).map(\.rule) == ["single_open_episode"])
        record.episodes[0].endDate = LocalDate(2025, 2, 1)
        record.episodes[0].endReason = .returnedToSchool
        #expect(record.problems(today: today).map(\.field) == ["episodes[1].startDate"])
    }

    @Test("a date of birth must make the child of or near compulsory school age when the episode starts")
    func plausibleDateOfBirth() {
        let tooOld = Fixtures.simpleRecord(dateOfBirth: LocalDate(2005, 1, 1), start: LocalDate(2025, 1, 6))
        #expect(tooOld.problems(today: today).map(\.rule) == ["plausible_dob"])
        let tooYoung = Fixtures.simpleRecord(dateOfBirth: LocalDate(2023, 1, 1), start: LocalDate(2025, 1, 6))
        #expect(tooYoung.problems(today: today).map(\.rule) == ["plausible_dob"])
        let future = Fixtures.simpleRecord(dateOfBirth: LocalDate(2027, 1, 1), start: LocalDate(2025, 1, 6))
        #expect(future.problems(today: today).contains { $0.field == "child.dateOfBirth" && $0.rule == "date_in_future" })
    }

    @Test("EHCP details need SEN provision 'ehcp', and review dates must be in order")
    func ehcpRules() {
        var record = Fixtures.simpleRecord()
        record.senProvision = .ehcp
        #expect(record.problems(today: today).map(\.field) == ["ehcp"])
        record.ehcp = EHCP(
            issueDate: LocalDate(2024, 5, 1),
            reviews: [AnnualReview(meetingDate: LocalDate(2024, 4, 1), decisionDate: LocalDate(2024, 3, 1))]
        )
        // A meeting before the issue date is a plan re-issued after that review (issue 16 item 6): allowed.
        // A decision before its meeting is not.
        #expect(record.problems(today: today).map(\.field) == ["ehcp.reviews[0].decisionDate"])
    }

    @Test("a document with unreadable fields reports each field once, plus the rules of the rest")
    func documentProblems() throws {
        let json = """
            {"child": {"forenames": "Sam", "dateOfBirth": "2015-02-30", "sex": "boy", "upn": "A999123456789"},
             "episodes": [{"startDate": "2025-01-06", "notificationSource": "parent", "primaryReason": "bored",
                           "endReason": "returned_to_school"}],
             "contacts": [{"date": "2020-01-01", "method": "home_visit", "officer": "O"}]}
            """
        let document = try CaseDocument.decode(Data(json.utf8))
        #expect(throws: RegisterError.self) { try document.record(today: today) }
        do {
            _ = try document.record(today: today)
        } catch {
            guard case .invalid(let problems) = error else {
                Issue.record("expected invalid")
                return
            }
            #expect(
                Set(problems.map { "\($0.field) \($0.rule)" }) == [
                    "child.surname required", "child.dateOfBirth date_format", "child.sex code",
                    "child.upn upn_check_letter", "episodes[0].primaryReason code", "episodes[0].endDate required",
                    "contacts[0].date date_order",
                ]
            )
            #expect(problems.allSatisfy { !$0.message.contains("A999123456789") })
        }
    }

    @Test("a JSON type error names the field")
    func typeError() {
        let json = #"{"child": {"forenames": 12}}"#
        #expect(throws: RegisterError.invalid([ValidationProblem(field: "child.forenames", rule: "type", message: "expected text")])) {
            _ = try CaseDocument.decode(Data(json.utf8))
        }
    }

    @Test("the document a case prints reads back as the same record")
    func documentRoundTrip() throws {
        var record = Fixtures.canaryRecord()
        record.child.address?.postcode = "EX1 3QZ"
        let stored = StoredCase(reference: CaseReference(number: 7), version: 3, record: record)
        let document = CaseDocument(stored, asOf: today)
        let reread = try CaseDocument.decode(document.encoded())
        #expect(reread == document)
        #expect(reread.version == 3 && reread.reference == "EHE-000007")
        #expect(try reread.record(today: today) == record)
        #expect(document.derived?.yearGroup == 8)  // born Feb 2014: aged 12 on 31 Aug 2026
    }
}
