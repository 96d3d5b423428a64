import ArgumentParser
import EHEApp
import EHECore

struct CaseAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Register a child from a case JSON document; prints the new case reference.",
        discussion: """
            Reads one case document, or a JSON list of them, from --file or standard input. The format is the \
            one `ehe case show --json` prints (see docs/case-format.md); reference, version, status, \
            derived and planningArea are ignored. Every problem is listed with its field, and nothing is \
            stored unless every document is valid. A child who may already be on the register (same UPN; same \
            surname and date of birth; a sound-alike surname with the same date of birth and forename initial) \
            is refused, listing the possible matches (exit 67): check them, use `ehe case reopen` for a returning \
            child, or add again with --new-child if it really is someone else. Creates the register on first run.

            Example: ehe case add --file child.json
            """
    )

    @OptionGroup var register: RegisterFlags

    @Option(help: "Case JSON file; '-' or omitted reads standard input.")
    var file: String?

    @Flag(name: .customLong("new-child"), help: "Add even though the child looks like one already on the register.")
    var newChild = false

    func run() async throws {
        let data = try Arguments.input(file: file)
        let documents: [CaseDocument]
        if data.first(where: { !$0.isWhitespaceByte }) == UInt8(ascii: "[") {
            documents = try CaseDocument.decodeList(data)
        } else {
            documents = [try CaseDocument.decode(data)]
        }
        guard !documents.isEmpty else { throw ValidationError("the input holds no case documents") }
        let opened = try register.open(initialise: true)
        for stored in try await opened.cases.add(documents, newChild: newChild) {
            print(stored.reference)
        }
    }
}

extension UInt8 {
    var isWhitespaceByte: Bool { self == 0x20 || self == 0x0A || self == 0x0D || self == 0x09 }
}
