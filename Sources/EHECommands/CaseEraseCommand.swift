import ArgumentParser
import EHEApp
import EHECore

struct CaseEraseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase a child's personal data for good (crypto-shredding).",
        discussion: """
            Destroys the child's data key, sealed data and search indexes. The anonymised clear facts (sex, \
            year of birth group, dates, reasons, SEN) stay so that statistics still count the child. Afterwards \
            `ehe case show` says when and why the record was erased. This cannot be undone. Copies of the \
            database made before (backups) become unreadable for this child once the key-encryption key they \
            were wrapped under is retired (`ehe keys rotate`, `rewrap`, `retire`). The reason is stored as \
            written: do not put personal data in it.

            Example: ehe case erase EHE-000123 --reason "retention period ended (DPO ref R-2026-14)"
            """
    )

    @OptionGroup var register: RegisterFlags

    @Argument(help: "Case reference, e.g. EHE-000123.")
    var reference: String

    @Option(help: "Why the record is erased (kept with the case).")
    var reason: String

    func run() async throws {
        let reference = try Arguments.reference(reference)
        let opened = try register.open()
        try await Arguments.flags(["reason": "--reason"]) { try await opened.cases.erase(reference, reason: reason) }
        print("\(reference): personal data erased on \(opened.today)")
    }
}
