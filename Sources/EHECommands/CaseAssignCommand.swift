import ArgumentParser
import EHEApp
import EHECore

struct CaseAssignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Assign a case to an officer (or take it off them with --unassign).",
        discussion: "Example: ehe case assign EHE-000123 --officer \"J. Officer\"; see unassigned cases with `ehe case list --unassigned`."
    )

    @OptionGroup var register: RegisterFlags
    @OptionGroup var target: CaseChangeTarget

    @Option(help: "The officer's name, as used across the register.")
    var officer: String?

    @Flag(help: "Leave the case with no officer.")
    var unassign = false

    func validate() throws {
        guard (officer != nil) != unassign else { throw ValidationError("give either --officer NAME or --unassign") }
    }

    func run() async throws {
        let reference = try target.caseReference()
        let opened = try register.open()
        let stored = try await Arguments.flags(["officer": "--officer"]) {
            try await opened.cases.assign(reference, officer: unassign ? nil : officer, expectedVersion: target.expectedVersion)
        }
        print(
            "\(stored.reference) " + (stored.record.assignedOfficer.map { "assigned to \($0)" } ?? "unassigned")
                + " (version \(stored.version))"
        )
    }
}
