import ArgumentParser
import Foundation

/// `ehe reference`: the command-line reference in docs/cli-reference.md, made from every command's help
/// (a test fails when the page and the commands differ).
struct ReferenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reference",
        abstract: "Print the command-line reference (docs/cli-reference.md) from every command's help.",
        shouldDisplay: false
    )

    func run() throws {
        print(Self.markdown(), terminator: "")
    }

    /// Every command, depth first, with its full help at a fixed width.
    static func markdown() -> String {
        var text = """
            # Command-line reference

            Made from each command's `--help` by `ehe reference`; a test fails when this page and the commands \
            differ (regenerate it with `swift run ehe reference > docs/cli-reference.md`).


            """
        func visit(_ command: any ParsableCommand.Type, path: [String]) {
            let name = command.configuration.commandName ?? "ehe"
            let full = path + [name]
            if command.configuration.shouldDisplay {
                let help = EHE.helpMessage(for: command, columns: 100)
                    .split(separator: "\n", omittingEmptySubsequences: false)
                    .map { $0.replacing(/\s+$/, with: "") }
                    .joined(separator: "\n")
                    .trimmingCharacters(in: .newlines)
                text += "## `\(full.joined(separator: " "))`\n\n```text\n\(help)\n```\n\n"
            }
            for subcommand in command.configuration.subcommands { visit(subcommand, path: full) }
        }
        visit(EHE.self, path: [])
        return text
    }
}
