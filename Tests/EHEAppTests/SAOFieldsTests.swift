import EHEApp
import EHECore
import EHETestSupport
import Foundation
import Testing

/// Issue 16 item 8: a school attendance order names a school, and a revoked one says why; both are stored
/// (clear), read back, and held to their own kind of step.
@Suite("School attendance orders: the named school and the revocation reason")
struct SAOFieldsTests {
    @Test("an SAO issued with its school and revoked with a reason is stored and read back from SQLite")
    func roundTrip() async throws {
        let workspace = Workspace()
        let register = try workspace.open(initialise: true)
        defer { try? register.close() }
        let record = Fixtures.simpleRecord(start: LocalDate(2025, 1, 6))
        let document = CaseDocument(
            StoredCase(reference: CaseReference(number: 1), version: 1, record: record),
            asOf: LocalDate(2026, 11, 30)
        )
        let added = try await register.cases.add(document, newChild: true)
        _ = try await register.cases.recordEnforcementStep(
            added.reference,
            EnforcementEvent(kind: .saoIssued, date: LocalDate(2026, 3, 2), namedSchoolURN: "113001")
        )
        _ = try await register.cases.recordEnforcementStep(
            added.reference,
            EnforcementEvent(kind: .saoRevoked, date: LocalDate(2026, 6, 1), revocationReason: .suitableEducationArranged)
        )
        let shown = try await register.cases.show(added.reference)
        #expect(shown.record.enforcement.map(\.namedSchoolURN) == ["113001", nil])
        #expect(shown.record.enforcement.map(\.revocationReason) == [nil, .suitableEducationArranged])
        // And through the document a driver prints and reads.
        let printed = CaseDocument(shown, asOf: LocalDate(2026, 11, 30))
        #expect(printed.enforcement?.last?.revocationReason == "suitable_education_arranged")
        #expect(try printed.record(today: LocalDate(2026, 11, 30)) == shown.record)
    }

    @Test("a named school only on an order issued, a 6-digit URN; a revocation reason only on an order revoked")
    func rules() {
        var record = Fixtures.simpleRecord(start: LocalDate(2025, 1, 6))
        record.enforcement = [
            EnforcementEvent(kind: .informalEnquiry, date: LocalDate(2026, 1, 5), namedSchoolURN: "113001"),
            EnforcementEvent(kind: .saoIssued, date: LocalDate(2026, 3, 2), namedSchoolURN: "11300"),
            EnforcementEvent(kind: .saoIssued, date: LocalDate(2026, 3, 3), revocationReason: .other),
        ]
        let found = Set(record.problems(today: LocalDate(2026, 11, 30)).map { "\($0.field) \($0.rule)" })
        #expect(
            found == [
                "enforcement[0].namedSchoolURN not_applicable", "enforcement[1].namedSchoolURN urn_format",
                "enforcement[2].revocationReason not_applicable",
            ]
        )
    }
}
