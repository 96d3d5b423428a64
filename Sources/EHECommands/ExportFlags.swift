import ArgumentParser
import EHEApp
import EHECore
import EHEReports
import Foundation

/// What every export takes: the register folder, the disclosure mode, who is asking (exact figures are for
/// managers only) and where to write; and writing the files, marked NOT FOR PUBLICATION in exact mode.
struct ExportFlags: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Folder holding the register database (default: ./data).")
    var dataDirectory: String?

    @Option(
        help: """
            dfe (round to the nearest 10, 'low' for non-zero counts that round to 0), suppress[:N] (hide counts \
            1..N-1 as 'c', then hide more cells until none can be worked out from totals; N is at least \
            disclosure.suppressionThreshold: more can be hidden, never less), or exact (NOT FOR \
            PUBLICATION: the file says so; needs --user with the manager role). Default: disclosure.defaultMode \
            in Config/settings.json.
            """
    )
    var disclosure: String?

    @Option(help: "Your register user name: needed for --disclosure exact, which only managers may use.")
    var user: String?

    @Flag(name: .customLong("password-stdin"), help: "Read the --user password from standard input instead of the terminal.")
    var passwordStdin = false

    @Option(help: "Folder to write the files into.")
    var out = "exports"

    /// Opens the register for statistics (no keyring), checks who may have this disclosure mode, makes the
    /// export, writes its files and records the export in the audit log.
    func run(_ request: (DisclosureMode) -> ExportRequest) async throws {
        let source = try StatisticsSource.open(options: RegisterOptions(dataDirectory: dataDirectory))
        let mode = try ExportRequest.disclosureMode(disclosure, settings: source.settings)
        var actor = AuditService.commandLineActor()
        if let user {
            let account = try await source.accounts.authenticate(
                name: user,
                password: try PasswordInput.read(prompt: "Password for \(user): ", fromStandardInput: passwordStdin),
                address: nil
            )
            actor = "user:\(account.name)"
            if mode == .exact, !account.role.permissions.contains(.exactAggregates) {
                try await source.audit.record(
                    AuditEvent(actor: actor, action: "export", outcome: "denied", detail: "disclosure=exact role=\(account.role.rawValue)")
                )
                throw NotPermitted("--disclosure exact: only the manager role may have exact figures; \(user) is \(account.role.rawValue)")
            }
        } else if mode == .exact {
            throw ValidationError("--disclosure exact: exact figures are for managers only; give --user NAME (a manager)")
        }
        let asked = request(mode)
        let made = try await source.export(asked)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let paths = try made.files.map { file in
            let path = out + "/" + made.stem + file.suffix
            try Data(file.text.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
        try await source.audit.record(
            AuditEvent(actor: actor, action: "export", detail: "kind=\(asked.kind.rawValue) disclosure=\(mode)")
        )
        print("Wrote " + paths.joined(separator: " and "))
        print(made.note.prefix(1).uppercased() + made.note.dropFirst())
        if mode == .exact { Terminal.error("warning: exact counts — NOT FOR PUBLICATION") }
    }
}

/// A refusal because of who is asking (exit code 77).
struct NotPermitted: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Reads a password without echoing it, or one line from standard input for scripts.
enum PasswordInput {
    static func read(prompt: String, fromStandardInput: Bool) throws -> String {
        if fromStandardInput {
            guard let line = readLine(strippingNewline: true) else {
                throw ValidationError("--password-stdin: no password on standard input")
            }
            return line
        }
        guard let pointer = getpass(prompt) else { throw ValidationError("cannot read a password from the terminal; use --password-stdin") }
        return String(cString: pointer)
    }
}
