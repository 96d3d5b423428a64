import ArgumentParser
import EHEApp
import EHECore

struct SummaryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Counts of cases by status, and of live EHE children by reason, year group, sex and SEN.",
        discussion: """
            Live EHE on a date: an open episode covering the date, with the child of compulsory school age. \
            Exact counts for the EHE team: not disclosure-controlled, not for publication. Uses clear columns \
            only; no personal data is read.

            Example: ehe summary --as-of 2026-10-01
            """
    )

    @OptionGroup var register: RegisterFlags
    @OptionGroup var output: OutputFlags

    @Option(name: .customLong("as-of"), help: "The date to count on (default: today).")
    var asOf: String?

    func run() async throws {
        let opened = try register.open()
        let date = try Arguments.optionalDate(asOf, option: "--as-of") ?? opened.today
        let summary = try await opened.cases.summary(asOf: date)
        if output.json {
            print(try Terminal.json(summary))
            return
        }
        var lines = [
            "Register summary on \(date) (exact counts — not for publication)",
            "Cases: \(summary.totalCases) (open \(summary.openCases), closed \(summary.closedCases))",
            "Live EHE (open and of compulsory school age): \(summary.liveEHE)",
            "Open but not of compulsory school age: \(summary.openNotOfCompulsorySchoolAge)",
            "",
        ]
        lines.append(
            Terminal.table(
                ["PRIMARY REASON", "LIVE EHE"],
                PrimaryReason.allCases.map { [$0.label, String(summary.byPrimaryReason[$0.rawValue] ?? 0)] }
            )
        )
        lines.append("")
        let yearLabels = (-1...13).map(SchoolCalendar.yearGroupLabel).filter { summary.byYearGroup[$0] != nil }
        lines.append(Terminal.table(["YEAR GROUP", "LIVE EHE"], yearLabels.map { [$0, String(summary.byYearGroup[$0] ?? 0)] }))
        lines.append("")
        lines.append(Terminal.table(["SEX", "LIVE EHE"], Sex.allCases.map { [$0.label, String(summary.bySex[$0.rawValue] ?? 0)] }))
        lines.append("")
        lines.append(
            Terminal.table(
                ["SEN PROVISION", "LIVE EHE"],
                SENProvision.allCases.map { [$0.label, String(summary.bySENProvision[$0.rawValue] ?? 0)] }
            )
        )
        print(lines.joined(separator: "\n"))
    }
}
