import ArgumentParser
import EHEApp
import Foundation

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract:
            "Apply pending migrations (Migrations/sqlite for register.sqlite, Migrations/sqlite-audit for audit.sqlite), or list them with --status.",
        discussion:
            "Migrations are append-only: an applied file that has been changed is reported as an error. Upgrading a register from before audit.sqlite copies its audit entries there first."
    )

    @OptionGroup var register: RegisterFlags

    @Flag(help: "List every migration and whether it has been applied; change nothing.")
    var status = false

    func run() async throws {
        if status {
            let rows = try Register.migrationStatus(options: register.options)
            print(
                Terminal.table(
                    ["FILE", "VERSION", "APPLIED", "NAME"],
                    rows.map { [$0.file, String(format: "%04d", $0.version), $0.appliedAt ?? "pending", $0.name] }
                )
            )
            return
        }
        let before = try Register.migrationStatus(options: register.options).filter { !$0.applied }
        _ = try register.open(initialise: true, migrate: true)
        print(before.isEmpty ? "Up to date." : "Applied: " + before.map(\.name).joined(separator: ", "))
    }
}
