import ArgumentParser
import EHEApp
import EHECore

struct CaseCloseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "End the open EHE episode of a case.",
        discussion: """
            End reasons: \(EndReason.allCodes.joined(separator: ", ")).
            Example: ehe case close EHE-000123 --reason returned_to_school --date 2026-09-03 --return-urn 123456
            """
    )

    @OptionGroup var register: RegisterFlags

    @OptionGroup var target: CaseChangeTarget

    @Option(help: "Why the episode ended (an end reason code).")
    var reason: String

    @Option(help: "The last day of home education, YYYY-MM-DD.")
    var date: String

    @Option(name: .customLong("return-urn"), help: "URN of the school the child returned to.")
    var returnURN: String?

    func run() async throws {
        let reference = try target.caseReference()
        let reason = try Arguments.code(EndReason.self, reason, option: "--reason")
        let date = try Arguments.date(date, option: "--date")
        let opened = try register.open()
        let stored = try await Arguments.flags(["endDate": "--date", "endReason": "--reason", "returnSchoolURN": "--return-urn"]) {
            try await opened.cases.close(
                reference,
                reason: reason,
                date: date,
                returnSchoolURN: returnURN,
                expectedVersion: target.expectedVersion
            )
        }
        print("\(stored.reference) closed on \(date): \(reason.label) (version \(stored.version))")
    }
}
