import ArgumentParser
import EHEApp
import EHECore
import EHEReports
import Foundation

struct RemindersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reminders",
        abstract: "What is due, for whom and when: contacts, EHCP reviews, notices, return plans, consent, school-age end.",
        discussion: """
            Lists due items of open cases in date order with their status: overdue (the date has passed), due \
            (within the next reminders.dueSoonDays days, default 14) or upcoming. Items carry the case reference, \
            kind, date and officer only — no personal data — so the iCalendar feed (--format ics) can go into \
            an Outlook calendar. Kinds: \(DueKind.allCodes.joined(separator: ", ")).

            Examples: ehe reminders --within 30
                      ehe reminders --overdue --officer "J. Officer"
                      ehe reminders --officer "J. Officer" --within 90 --format ics > my-ehe.ics
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, ics
    }

    @OptionGroup var register: RegisterFlags

    @Option(name: .customLong("as-of"), help: "The date to judge from (default: today).")
    var asOf: String?

    @Option(help: "Only items due within this many days (overdue ones included).")
    var within: Int?

    @Flag(help: "Only overdue items.")
    var overdue = false

    @Option(help: "Only this officer's items.")
    var officer: String?

    @Flag(help: "Only items of cases with no officer assigned.")
    var unassigned = false

    @Option(help: "Only items of this kind.")
    var kind: String?

    @Option(help: "table, json or ics (iCalendar).")
    var format = Format.table

    func validate() throws {
        if let within, within < 0 { throw ValidationError("--within: must not be negative") }
        if officer != nil && unassigned { throw ValidationError("--officer and --unassigned cannot be used together") }
    }

    func run() async throws {
        let opened = try register.open()
        let date = try Arguments.optionalDate(asOf, option: "--as-of") ?? opened.today
        let query = DueQuery(
            asOf: date,
            within: within,
            overdueOnly: overdue,
            officer: officer,
            unassignedOnly: unassigned,
            kind: try kind.map { try Arguments.code(DueKind.self, $0, option: "--kind") }
        )
        let dueSoon = opened.dueRules.policy.dueSoonDays
        switch format {
        case .json:
            try await streamJSON(opened, query, dueSoon: dueSoon)
        case .table:
            let items = try await opened.reminders.list(query)
            print(
                Terminal.table(
                    ["DUE", "STATUS", "REFERENCE", "WHAT", "OFFICER"],
                    items.map {
                        [
                            $0.dueDate.iso, DueStatus.of($0.dueDate, asOf: date, dueSoonDays: dueSoon).rawValue, $0.reference.description,
                            $0.kind.label, $0.officer ?? "(unassigned)",
                        ]
                    }
                )
            )
            print("\(items.count) item\(items.count == 1 ? "" : "s") as of \(date)")
        case .ics:
            FileHandle.standardOutput.write(Data(try await opened.reminders.calendar(query).utf8))
        }
        if let last = opened.dueRules.calendar.coveredYears?.upperBound, date.year + 1 > last {
            Terminal.error("warning: the bank holiday list ends in \(last); update Config/bank-holidays.json (see docs/reminders.md)")
        }
    }

    /// Writes a JSON array item by item, so a million-case register never sits in memory.
    func streamJSON(_ opened: Register, _ query: DueQuery, dueSoon: Int) async throws {
        let writer = JSONLines()
        writer.write("[")
        try await opened.reminders.forEach(query) { item in
            let status = DueStatus.of(item.dueDate, asOf: query.asOf, dueSoonDays: dueSoon)
            let officer = item.officer.map { "\"" + JSONLines.escape($0) + "\"" } ?? "null"
            writer.item(
                "{\"reference\":\"\(item.reference)\",\"kind\":\"\(item.kind.rawValue)\",\"dueDate\":\"\(item.dueDate.iso)\","
                    + "\"status\":\"\(status.rawValue)\",\"officer\":\(officer),\"sequence\":\(item.sequence)}"
            )
        }
        writer.write("\n]\n")
        writer.flush()
    }
}

/// Buffered standard output for streamed JSON arrays.
final class JSONLines: @unchecked Sendable {
    private var buffer = Data()
    private var first = true
    private let lock = NSLock()

    func write(_ text: String) {
        lock.lock()
        buffer.append(contentsOf: text.utf8)
        lock.unlock()
    }

    func item(_ json: String) {
        lock.lock()
        buffer.append(contentsOf: ((first ? "\n  " : ",\n  ") + json).utf8)
        first = false
        if buffer.count > 1 << 16 {
            FileHandle.standardOutput.write(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
        lock.unlock()
    }

    func flush() {
        lock.lock()
        FileHandle.standardOutput.write(buffer)
        buffer.removeAll()
        lock.unlock()
    }

    /// JSON string escaping.
    static func escape(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case let control where control.value < 0x20: output += String(format: "\\u%04x", control.value)
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
