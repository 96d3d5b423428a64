import ArgumentParser
import EHEApp
import EHECore

struct CaseListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List cases: reference, status, year group, primary reason, dates, officer (no personal data).",
        discussion: "Example: ehe case list --status open --limit 20"
    )

    @OptionGroup var register: RegisterFlags
    @OptionGroup var output: OutputFlags

    @Option(help: "Only cases with this status: open or closed.")
    var status: String?

    @Option(help: "Only cases assigned to this officer.")
    var officer: String?

    @Flag(help: "Only cases with no officer assigned.")
    var unassigned = false

    @Option(help: "At most this many cases.")
    var limit: Int?

    @Option(help: "Skip this many cases first.")
    var offset = 0

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit: must be at least 1") }
        if offset < 0 { throw ValidationError("--offset: must not be negative") }
    }

    func run() async throws {
        let status = try status.map { try Arguments.code(CaseStatus.self, $0, option: "--status") }
        let opened = try register.open()
        let facts = try await opened.cases.list(
            CaseQuery(status: status, officer: officer, unassignedOnly: unassigned, limit: limit, offset: offset)
        )
        if output.json {
            print(try Terminal.json(facts))
            return
        }
        let today = opened.today
        print(
            Terminal.table(
                ["REFERENCE", "STATUS", "YEAR GROUP", "PRIMARY REASON", "STARTED", "ENDED", "OFFICER"],
                facts.map {
                    [
                        $0.reference.description, $0.status.rawValue, SchoolCalendar.yearGroupLabel($0.yearGroup(on: today)),
                        $0.primaryReason.rawValue, $0.episodeStart.iso, $0.episodeEnd?.iso ?? "", $0.assignedOfficer ?? "",
                    ]
                }
            )
        )
    }
}
