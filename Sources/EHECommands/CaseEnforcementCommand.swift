import ArgumentParser
import EHEApp
import EHECore

struct CaseEnforcementCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enforcement",
        abstract: "Record a step on the enforcement route (informal enquiry, s.437(1) notice, SAO, ...).",
        discussion: """
            Steps: \(EnforcementKind.allCodes.joined(separator: ", ")). A s.437(1) notice needs --period, at least \
            15 days (EA 1996 s.437(2)); its end is then a reminder until its outcome is recorded with \
            `ehe case s437-outcome`. A school attendance order issued may name its school (--named-school URN); \
            one revoked may give the reason (--revocation-reason: \(SAORevocationReason.allCodes.joined(separator: ", "))).

            Example: ehe case enforcement EHE-000123 --kind s437_notice --date 2026-11-02 --period 15
            """
    )

    @OptionGroup var register: RegisterFlags
    @OptionGroup var target: CaseChangeTarget

    @Option(help: "The step (an enforcement kind code).")
    var kind: String

    @Option(help: "Date of the step (for a notice, the day it was served), YYYY-MM-DD.")
    var date: String

    @Option(help: "For a s.437(1) notice: the days the parent has to respond (at least 15).")
    var period: Int?

    @Option(name: .customLong("named-school"), help: "For a school attendance order issued: the URN of the school it names.")
    var namedSchool: String?

    @Option(name: .customLong("revocation-reason"), help: "For a school attendance order revoked: why (a reason code).")
    var revocationReason: String?

    func run() async throws {
        let reference = try target.caseReference()
        let step = EnforcementEvent(
            kind: try Arguments.code(EnforcementKind.self, kind, option: "--kind"),
            date: try Arguments.date(date, option: "--date"),
            periodDays: period,
            namedSchoolURN: namedSchool,
            revocationReason: try revocationReason.map { try Arguments.code(SAORevocationReason.self, $0, option: "--revocation-reason") }
        )
        let opened = try register.open()
        let stored = try await Arguments.flags([
            "step.kind": "--kind", "step.date": "--date", "step.periodDays": "--period",
            "step.namedSchoolURN": "--named-school", "step.revocationReason": "--revocation-reason",
        ]) {
            try await opened.cases.recordEnforcementStep(reference, step, expectedVersion: target.expectedVersion)
        }
        print("\(stored.reference): \(step.kind.label) on \(step.date) recorded (version \(stored.version))")
    }
}
