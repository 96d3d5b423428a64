import ArgumentParser
import EHEApp
import EHECore

struct CaseDuplicatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duplicates",
        abstract: "List groups of cases that may be the same child (no names printed).",
        discussion: """
            Rules: same_upn; same_surname_dob (same surname or surname part and date of birth); \
            sounds_alike_dob_initial (sound-alike surname, same date of birth and forename initial). Check each \
            group with `ehe case show`.
            """
    )

    @OptionGroup var register: RegisterFlags
    @OptionGroup var output: OutputFlags

    func run() async throws {
        let opened = try register.open()
        let groups = try await opened.cases.duplicateGroups()
        if output.json {
            print(try Terminal.json(groups))
            return
        }
        guard !groups.isEmpty else {
            print("No possible duplicates.")
            return
        }
        print(
            Terminal.table(["RULE", "CASES"], groups.map { [$0.rule.rawValue, $0.references.map(\.description).joined(separator: " ")] })
        )
        print("\(groups.count) group\(groups.count == 1 ? "" : "s")")
    }
}
