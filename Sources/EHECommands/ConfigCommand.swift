import ArgumentParser

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "The register's configuration: what is in effect, and where each value came from.",
        subcommands: [ConfigShowCommand.self, ConfigKeysCommand.self]
    )
}
