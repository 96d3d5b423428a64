import ArgumentParser
import EHEApp
import EHECore

struct CaseUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Replace a case's details with an edited case JSON document.",
        discussion: """
            Take the document from `ehe case show REF --json`, edit it, and pass it back. Its version must still \
            be the case's version: if someone changed the case in between, the update is refused (exit 67) and \
            nothing changes. Every problem is listed with its field.

            Example: ehe case show EHE-000123 --json > c.json; (edit c.json); ehe case update EHE-000123 --file c.json
            """
    )

    @OptionGroup var register: RegisterFlags

    @Argument(help: "Case reference, e.g. EHE-000123.")
    var reference: String

    @Option(help: "Case JSON file; '-' or omitted reads standard input.")
    var file: String?

    func run() async throws {
        let reference = try Arguments.reference(reference)
        let document = try CaseDocument.decode(try Arguments.input(file: file))
        let opened = try register.open()
        let stored = try await opened.cases.update(reference, with: document)
        print("\(stored.reference) updated (version \(stored.version))")
    }
}

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

    @Argument(help: "Case reference, e.g. EHE-000123.")
    var reference: String

    @Option(help: "Why the episode ended (an end reason code).")
    var reason: String

    @Option(help: "The last day of home education, YYYY-MM-DD.")
    var date: String

    @Option(name: .customLong("return-urn"), help: "URN of the school the child returned to.")
    var returnURN: String?

    @Option(name: .customLong("expected-version"), help: "Refuse if the case is no longer at this version.")
    var expectedVersion: Int?

    func run() async throws {
        let reference = try Arguments.reference(reference)
        let reason = try Arguments.code(EndReason.self, reason, option: "--reason")
        let date = try Arguments.date(date, option: "--date")
        let opened = try register.open()
        let stored = try await opened.cases.close(
            reference,
            reason: reason,
            date: date,
            returnSchoolURN: returnURN,
            expectedVersion: expectedVersion
        )
        print("\(stored.reference) closed on \(date): \(reason.label) (version \(stored.version))")
    }
}

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

    @Argument(help: "Case reference, e.g. EHE-000123.")
    var reference: String

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

    @Option(name: .customLong("expected-version"), help: "Refuse if the case is no longer at this version.")
    var expectedVersion: Int?

    func run() async throws {
        let reference = try Arguments.reference(reference)
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
        let stored = try await opened.cases.reopen(reference, episode: episode, expectedVersion: expectedVersion)
        print("\(stored.reference) reopened: new episode from \(start) (version \(stored.version))")
    }
}
