import ArgumentParser
import EHEApp
import EHECore

struct MaintenanceRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Close episodes of children past compulsory school age, and bring reminders up to date.",
        discussion: """
            Closes every open episode whose child passed the end of compulsory school age (the school leaving \
            date, last Friday in June of the year they turn 16) before --as-of, with end reason ceased_csa and \
            the leaving date as end date; and recomputes reminders if the reminder policy or bank holidays \
            changed; and, on a register upgraded from before statistics snapshots, writes each child's \
            snapshot (until then exports read the tables, more slowly). Safe to run any number of times: a \
            second run on the same date changes nothing.
            """
    )

    @OptionGroup var register: RegisterFlags
    @OptionGroup var output: OutputFlags

    @Option(name: .customLong("as-of"), help: "The date to run for (default: today).")
    var asOf: String?

    func run() async throws {
        let opened = try register.open()
        let date = try Arguments.optionalDate(asOf, option: "--as-of") ?? opened.today
        guard date <= opened.today else {
            throw RegisterError.invalid([
                ValidationProblem(
                    field: "--as-of",
                    rule: "date_in_future",
                    message: "must not be after today (\(opened.today)); episodes cannot be closed in the future"
                )
            ])
        }
        var progress: Terminal.Progress?
        let report = try await opened.reminders.maintenance(asOf: date) { done, total in
            if progress == nil { progress = Terminal.Progress(total: total, label: "Recomputing reminders") }
            progress?.update(done)
        }
        if output.json {
            print(try Terminal.json(report))
            return
        }
        if report.dueItemsRecomputed > 0 { print("Recomputed reminders for \(report.dueItemsRecomputed) cases.") }
        if report.snapshotsWritten > 0 { print("Wrote statistics snapshots for \(report.snapshotsWritten) cases.") }
        if report.closed.isEmpty {
            print("No episodes to close as of \(date).")
        } else {
            print("Closed \(report.closed.count) episode\(report.closed.count == 1 ? "" : "s") (ceased compulsory school age):")
            for closure in report.closed { print("  \(closure.reference) ended \(closure.endDate)") }
        }
    }
}
