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
