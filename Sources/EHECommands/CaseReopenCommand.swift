import ArgumentParser
import EHEApp
import EHECore

struct CaseReopenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reopen",
        abstract: "Start a new EHE episode for a child whose case is closed.",
        discussion: """
            Notification sources: \(NotificationSource.allCodes.joined(separator: ", ")).
            Primary reasons: \(PrimaryReason.allCodes.joined(separator: ", ")).
            Example: ehe case reopen EHE-000123 --date 2026-11-02 --reason mental_health --source deletion_return
            """
    )

    @OptionGroup var register: RegisterFlags

    @OptionGroup var target: CaseChangeTarget

    @Option(help: "First day of home education, YYYY-MM-DD.")
    var date: String

    @Option(help: "Primary reason for EHE (a primary reason code).")
    var reason: String

    @Option(help: "How the LA learnt of it (a notification source code).")
    var source: String

    @Option(name: .customLong("notified"), help: "Date the LA was told, YYYY-MM-DD (default: the start date).")
    var notificationDate: String?

    @Option(name: .customLong("previous-school-type"), help: "Type of the school the child left.")
    var previousSchoolType: String?

    @Option(name: .customLong("previous-school-urn"), help: "URN of the school the child left.")
    var previousSchoolURN: String?

    func run() async throws {
        let reference = try target.caseReference()
        let start = try Arguments.date(date, option: "--date")
        let episode = Episode(
            startDate: start,
            notificationSource: try Arguments.code(NotificationSource.self, source, option: "--source"),
            notificationDate: try Arguments.optionalDate(notificationDate, option: "--notified") ?? start,
            previousSchool: try previousSchoolType.map {
                PreviousSchool(
                    urn: previousSchoolURN,
                    type: try Arguments.code(PreviousSchoolType.self, $0, option: "--previous-school-type")
                )
            },
            primaryReason: try Arguments.code(PrimaryReason.self, reason, option: "--reason")
        )
        let opened = try register.open()
        let stored = try await opened.cases.reopen(reference, episode: episode, expectedVersion: target.expectedVersion)
        print("\(stored.reference) reopened: new episode from \(start) (version \(stored.version))")
    }
}
