import ArgumentParser
import EHEApp
import EHECore

struct CaseS437OutcomeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "s437-outcome",
        abstract: "Record how a s.437(1) notice ended; its notice-period reminder ends with it.",
        discussion: """
            Applies to the latest s.437(1) notice still awaiting an outcome. Outcomes: \
            \(S437Outcome.allCases.map { "\($0.rawValue) (\($0.label))" }.joined(separator: ", ")).

            Example: ehe case s437-outcome EHE-000123 --outcome satisfied --date 2026-11-20
            """
    )

    @OptionGroup var register: RegisterFlags
    @OptionGroup var target: CaseChangeTarget

    @Option(help: "How the notice ended (an s.437 notice outcome code).")
    var outcome: String

    @Option(help: "The day the LA decided, YYYY-MM-DD.")
    var date: String

    func run() async throws {
        let reference = try target.caseReference()
        let decision = S437Decision(
            outcome: try Arguments.code(S437Outcome.self, outcome, option: "--outcome"),
            date: try Arguments.date(date, option: "--date")
        )
        let opened = try register.open()
        let stored = try await Arguments.flags(["outcome": "--outcome", "date": "--date"]) {
            try await opened.cases.recordS437Outcome(reference, decision, expectedVersion: target.expectedVersion)
        }
        print("\(stored.reference): s.437(1) notice outcome recorded: \(decision.outcome.label) (version \(stored.version))")
    }
}
