import ArgumentParser

struct MaintenanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maintenance",
        abstract: "Daily housekeeping of the register.",
        subcommands: [MaintenanceRunCommand.self]
    )
}
