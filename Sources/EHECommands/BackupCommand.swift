import ArgumentParser
import EHEApp
import EHECore
import Foundation

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write an online, consistent copy of the register and its audit log, with a manifest, to one file.",
        discussion: """
            Safe while `ehe serve` runs: each database file is copied in one read snapshot with SQLite's backup \
            API, the register first and then the audit log. The file (a tar archive, mode 0600) holds \
            manifest.json (checksums, migration levels, the audit log's head, the number of cases, the key ids \
            the data needs), register.sqlite and audit.sqlite. It needs no keyring and never contains one: \
            keep keyring copies apart from backups (docs/operations.md, "Backups").

            Example: ehe backup -o /backups/ehe-2026-12-05.tar
            """
    )

    @OptionGroup var register: RegisterFlags

    @Option(name: [.short, .customLong("out")], help: "The backup file to write (replaced only once complete).")
    var out: String

    @Flag(help: "Print the manifest as JSON.")
    var json = false

    func run() async throws {
        let manifest = try await Backup.create(archive: out, options: register.options)
        if json {
            print(try Terminal.json(manifest))
        } else {
            print(
                "Backed up \(manifest.contents.cases) cases to \(out): register schema \(manifest.contents.registerSchema), audit schema "
                    + "\(manifest.contents.auditSchema), audit head \(manifest.contents.auditHeadSequence.map(String.init) ?? "none")"
                    + (manifest.contents.auditHeadMAC.map { ":" + $0 } ?? "")
                    + "; keys needed: \(manifest.contents.keyIDs.joined(separator: ", "))."
            )
        }
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup into an empty data folder and verify it before use.",
        discussion: """
            The data folder must hold no register. The keyring (--keyring, EHE_KEYRING_FILE or EHE_KEYRING) must \
            be the register's, with every key the manifest names. Verified: the checksums against the manifest, \
            pending migrations applied, the keyring against the register's key checks, the audit chain under \
            the keyring up to the manifest's head, and every case opened. If any check fails the restored files \
            are removed and the folder is left empty.

            Example: ehe restore /backups/ehe-2026-12-05.tar --data-dir /srv/ehe/data --keyring /secure/keyring.json
            """
    )

    @OptionGroup var register: RegisterFlags

    @Argument(help: "The backup file written by `ehe backup`.")
    var file: String

    @Flag(help: "Print the report as JSON.")
    var json = false

    func run() async throws {
        let report = try await Backup.restore(archive: file, options: register.options)
        if json {
            print(try Terminal.json(report))
        } else {
            print(
                "Restored the backup of \(report.manifest.createdAt): \(report.casesOpened) cases opened under the keyring"
                    + (report.casesErased > 0 ? " (\(report.casesErased) erased before the backup stay erased)" : "")
                    + ", audit log intact (\(report.auditEntries) entries, head \(report.manifest.contents.auditHeadSequence.map(String.init) ?? "none") as in the manifest)"
                    + (report.migrationsApplied > 0 ? ", \(report.migrationsApplied) migrations applied" : "") + "."
            )
        }
    }
}
