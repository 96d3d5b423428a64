import ArgumentParser
import EHEApp
import EHECore
import Foundation

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "The tamper-evident audit log: verify the chain, show a case's trail, export for the DPO.",
        discussion: """
            Every read of personal data (case view, search results), every change, sign-in and sign-out, \
            failed sign-in, token use, key operation and export is an entry: who, when, what, which case \
            reference, from which address — never personal data. Each entry carries an HMAC (audit key from \
            the keyring) over its content and the previous entry's MAC, and a MACed head record names the last \
            entry: editing, deleting or reordering entries, or removing them from the end, makes `verify` fail \
            naming the first bad entry. To detect a rollback of the whole database to an older copy, keep the \
            head `verify` prints (SEQ:MAC) somewhere else and check it later with --expect.
            """,
        subcommands: [AuditVerifyCommand.self, AuditShowCommand.self, AuditExportCommand.self]
    )
}

struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the whole chain; name the first bad entry (exit 68 when the log was tampered with)."
    )

    @OptionGroup var register: RegisterFlags

    @Option(help: "A head printed earlier (SEQ:MAC): check the log still holds that entry with that MAC.")
    var expect: String?

    func run() async throws {
        let opened = try register.open()
        // Take any events exported without the keyring into the chain first.
        try await opened.audit.chainInbox()
        let result = try await opened.audit.verify()
        guard result.intact else {
            Terminal.error(
                "ehe: the audit log has been tampered with: first bad entry \(result.firstBad ?? 0): \(result.problem ?? ""). "
                    + "Keep this database as evidence and tell your data protection officer."
            )
            throw ExitCode(ExitStatus.keyOrIntegrity)
        }
        if let expect {
            let parts = expect.split(separator: ":")
            guard parts.count == 2, let sequence = Int(parts[0]) else {
                throw ValidationError("--expect: write SEQ:MAC as printed by verify")
            }
            let mac = try await opened.audit.entryMAC(sequence: sequence)
            guard mac == String(parts[1]) else {
                Terminal.error(
                    "ehe: the audit log has been tampered with: first bad entry \(sequence): it is "
                        + "\(mac == nil ? "missing" : "not the entry recorded earlier"): the log was rolled back or replaced"
                )
                throw ExitCode(ExitStatus.keyOrIntegrity)
            }
        }
        print("Audit log intact: \(result.entries) entries.")
        if let sequence = result.headSequence, let mac = result.headMAC {
            print("Head \(sequence):\(mac)")
        }
    }
}

struct AuditShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Who viewed and changed a case, and when."
    )

    @OptionGroup var register: RegisterFlags

    @Option(name: .customLong("case"), help: "The case reference, e.g. EHE-000123.")
    var reference: String

    @OptionGroup var output: OutputFlags

    func run() async throws {
        let reference = try Arguments.reference(reference)
        let opened = try register.open()
        let entries = Collector<AuditEntry>()
        try await opened.audit.forEachEntry(AuditQuery(caseReference: reference.description)) { entries.append($0) }
        try await opened.audit.record(
            AuditEvent(actor: AuditService.commandLineActor(), action: "audit.read", caseReference: reference.description)
        )
        if output.json {
            print(try Terminal.json(entries.items.map(AuditRow.init)))
            return
        }
        guard !entries.items.isEmpty else {
            print("No audit entries for \(reference).")
            return
        }
        print(
            Terminal.table(
                ["SEQ", "AT", "WHO", "ACTION", "FROM", "OUTCOME", "DETAIL"],
                entries.items.map {
                    [
                        String($0.sequence), $0.at, $0.event.actor, $0.event.action, $0.event.address ?? "-", $0.event.outcome,
                        $0.event.detail ?? "",
                    ]
                }
            )
        )
    }
}

struct AuditExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Entries between two dates as CSV, for the data protection officer."
    )

    @OptionGroup var register: RegisterFlags

    @Option(help: "First day (YYYY-MM-DD), inclusive.")
    var from: String

    @Option(help: "Last day (YYYY-MM-DD), inclusive.")
    var to: String

    @Option(name: [.customShort("o"), .customLong("out")], help: "File to write (default: standard output).")
    var out: String?

    func run() async throws {
        let start = try Arguments.date(from, option: "--from")
        let end = try Arguments.date(to, option: "--to")
        guard start <= end else { throw ValidationError("--from: must not be after --to") }
        let opened = try register.open()
        try await opened.audit.chainInbox()
        let lines = Collector<String>()
        lines.append("sequence,at,actor,action,case_reference,address,outcome,detail,mac")
        try await opened.audit.forEachEntry(AuditQuery(from: start.iso, to: end.iso)) { entry in
            let fields = [
                String(entry.sequence), entry.at, entry.event.actor, entry.event.action, entry.event.caseReference ?? "",
                entry.event.address ?? "", entry.event.outcome, entry.event.detail ?? "",
                entry.mac.hexString,
            ]
            lines.append(fields.map(Self.csvField).joined(separator: ","))
        }
        let text = lines.items.joined(separator: "\n") + "\n"
        if let out {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out))
            print("Wrote \(lines.items.count - 1) entries to \(out)")
        } else {
            print(text, terminator: "")
        }
        try await opened.audit.record(
            AuditEvent(
                actor: AuditService.commandLineActor(),
                action: "audit.export",
                detail: "from=\(start) to=\(end) entries=\(lines.items.count - 1)"
            )
        )
    }

    static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
