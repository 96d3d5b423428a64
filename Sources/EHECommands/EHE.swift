public import ArgumentParser
import EHEApp
public import EHECore
import Foundation

/// The `ehe` command: an Elective Home Education case register for an English local authority.
public struct EHE: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ehe",
        abstract: "The Elective Home Education case register.",
        discussion: """
            Keeps the LA's register of electively home educated children: who they are (sealed, never stored \
            in plain text), their EHE episodes, reasons, SEN and EHCP, contacts and suitability, return plans \
            and enforcement. Run it from the register's folder (the one with Config/ and Migrations/), or set \
            EHE_HOME. Data lives in ./data unless configured otherwise.

            Exit codes: 0 done; 64 wrong command-line use; 65 invalid data (nothing changed); 66 no such case \
            (or its personal data was erased); 67 conflict (the case changed, the action does not fit it, or \
            the child may already be on the register; nothing changed); 68 keyring or \
            integrity problem; 69 configuration problem; 70 storage or internal error; 77 not permitted (wrong \
            password, locked account, or a role without the right).
            """,
        subcommands: [
            InitCommand.self, MigrateCommand.self, CaseCommand.self, ContactCommand.self, KeysCommand.self,
            RemindersCommand.self, WorkloadCommand.self, MaintenanceCommand.self, ExportCommand.self, YearGroupCommand.self,
            SummaryCommand.self, ServeCommand.self, UserCommand.self, TokenCommand.self, AuditCommand.self,
            ConfigCommand.self, DemoCommand.self, BackupCommand.self, RestoreCommand.self, ReferenceCommand.self,
        ]
    )

    public init() {}

    /// Runs `ehe` with these arguments and returns the exit code; errors are printed to standard error.
    public static func run(arguments: [String]) async -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch let error as RegisterError {
            Terminal.error("ehe: \(error)" + advice(for: error))
            return ExitStatus.code(for: error)
        } catch let error as AccountService.SignInFailure {
            Terminal.error("ehe: \(error)")
            return ExitStatus.notPermitted
        } catch let error as NotPermitted {
            Terminal.error("ehe: \(error)")
            return ExitStatus.notPermitted
        } catch {
            let code = exitCode(for: error).rawValue
            let message = fullMessage(for: error)
            if !message.isEmpty {
                if code == 0 { print(message) } else { Terminal.error(message) }
            }
            return code
        }
    }
}

/// What to do next, in the command line's words (the error itself names no driver's flags or URLs).
func advice(for error: RegisterError) -> String {
    switch error {
    case .possibleDuplicate:
        "\nCheck them with `ehe case show REF`; to start a new episode for one use `ehe case reopen REF`; "
            + "if this really is a different child, add again with --new-child."
    case .invalid(let problems) where problems.contains(where: { $0.field == "version" }):
        "\nTake the document from `ehe case show REF --json`, which carries its version."
    default: ""
    }
}

/// The exit codes `ehe` uses (documented in `ehe --help` and docs/commands.md).
public enum ExitStatus {
    public static let usage: Int32 = 64
    public static let invalidData: Int32 = 65
    public static let notFound: Int32 = 66
    public static let conflict: Int32 = 67
    public static let keyOrIntegrity: Int32 = 68
    public static let configuration: Int32 = 69
    public static let internalError: Int32 = 70
    public static let notPermitted: Int32 = 77

    public static func code(for error: RegisterError) -> Int32 {
        switch error {
        case .invalid: invalidData
        case .notFound, .erased: notFound
        case .conflict, .notAllowed, .possibleDuplicate: conflict
        case .integrity, .keyring: keyOrIntegrity
        case .configuration: configuration
        case .storage: internalError
        }
    }
}

/// Flags every command that opens the register accepts.
struct RegisterFlags: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Folder for the database and development keyring (default: ./data).")
    var dataDirectory: String?

    @Option(name: .customLong("keyring"), help: "Keyring file (default: <data-dir>/keyring.json, or EHE_KEYRING).")
    var keyringFile: String?

    var options: RegisterOptions { RegisterOptions(dataDirectory: dataDirectory, keyringFile: keyringFile) }

    /// Opens the register, creating a fresh one when `initialise` is set. `settings` are the command's own
    /// flags, by setting key (`server.port`), over the environment and settings.json.
    func open(initialise: Bool = false, migrate: Bool = false, settings: [String: String] = [:]) throws -> Register {
        var options = options
        options.settings.merge(settings) { _, flag in flag }
        return try Register.open(options: options, initialise: initialise, migrate: migrate, warn: Terminal.error)
    }
}
