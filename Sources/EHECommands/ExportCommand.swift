import ArgumentParser

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Anonymised statistics files, with disclosure control, made without the keyring.",
        subcommands: [ExportDashboardCommand.self, ExportCensusCommand.self, ExportAnnualCommand.self, ExportPlacePlanningCommand.self]
    )
}
