import ArgumentParser
import EHEApp

struct ConfigKeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "List every configuration key, its environment variable and flag, default and meaning (Markdown).",
        discussion: "This is the table in docs/configuration.md; a test fails when the two differ."
    )

    func run() throws {
        print(SettingKey.markdownTable)
    }
}
