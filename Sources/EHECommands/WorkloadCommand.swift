import ArgumentParser
import EHEApp
import EHECore

struct WorkloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workload",
        abstract: "Workload forecast: contacts and reviews falling due each month, per officer and in total.",
        discussion: """
            For each officer (and unassigned cases): open caseload, items overdue now, and per month the \
            contacts (initial and annual), EHCP reviews and decisions, and other items (s.437 notices, return \
            plans, consent decisions) falling due. Counts only, no personal data.

            Example: ehe workload --months 12
            """
    )

    @OptionGroup var register: RegisterFlags
    @OptionGroup var output: OutputFlags

    @Option(help: "How many months ahead, from the current month.")
    var months = 12

    @Option(name: .customLong("as-of"), help: "The date to forecast from (default: today).")
    var asOf: String?

    func validate() throws {
        guard (1...60).contains(months) else { throw ValidationError("--months: must be 1 to 60") }
    }

    func run() async throws {
        let opened = try register.open()
        let date = try Arguments.optionalDate(asOf, option: "--as-of") ?? opened.today
        let workload = try await opened.reminders.workload(asOf: date, months: months)
        if output.json {
            print(try Terminal.json(workload))
            return
        }
        print("Workload forecast from \(date)")
        print("")
        print(
            Terminal.table(
                ["OFFICER", "OPEN CASES", "OVERDUE NOW"],
                (workload.officers + [workload.total]).enumerated().map { index, row in
                    [
                        index == workload.officers.count ? "TOTAL" : (row.officer ?? "(unassigned)"), String(row.openCases),
                        String(row.overdueNow),
                    ]
                }
            )
        )
        for (title, values) in [
            ("Contacts due (initial and annual)", \Workload.Row.contactsDue), ("EHCP reviews and decisions due", \Workload.Row.reviewsDue),
            ("Other items due (s.437, return plans, consent)", \Workload.Row.otherDue),
        ] {
            print("")
            print(title)
            print(
                Terminal.table(
                    ["OFFICER"] + workload.months,
                    (workload.officers + [workload.total]).enumerated().map { index, row in
                        [index == workload.officers.count ? "TOTAL" : (row.officer ?? "(unassigned)")]
                            + row[keyPath: values].map(String.init)
                    }
                )
            )
        }
    }
}
