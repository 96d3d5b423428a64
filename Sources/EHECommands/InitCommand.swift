import ArgumentParser
import EHEApp
import EHECore
import Foundation

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the register: data folder, database schema and (first run only) a development keyring.",
        discussion: """
            Safe to run again: an existing register is opened, its keyring checked and pending migrations applied. \
            The development keyring it creates is for trying the register out; for real children's data put a \
            keyring on a protected volume and set keyringFile (Config/settings.json) or EHE_KEYRING_FILE.
            """
    )

    @OptionGroup var register: RegisterFlags

    func run() async throws {
        let opened = try register.open(initialise: true, migrate: true)
        print("Register ready at \(opened.databasePath)")
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending database migrations from Migrations/sqlite, or list them with --status.",
        discussion: "Migrations are append-only: an applied file that has been changed is reported as an error."
    )

    @OptionGroup var register: RegisterFlags

    @Flag(help: "List every migration and whether it has been applied; change nothing.")
    var status = false

    func run() async throws {
        if status {
            let rows = try Register.migrationStatus(options: register.options)
            print(
                Terminal.table(
                    ["VERSION", "APPLIED", "NAME"],
                    rows.map { [String(format: "%04d", $0.version), $0.appliedAt ?? "pending", $0.name] }
                )
            )
            return
        }
        let before = try Register.migrationStatus(options: register.options).filter { !$0.applied }
        _ = try register.open(initialise: true, migrate: true)
        print(before.isEmpty ? "Up to date." : "Applied: " + before.map(\.name).joined(separator: ", "))
    }
}
