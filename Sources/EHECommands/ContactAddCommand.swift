import ArgumentParser
import EHEApp
import EHECore
import Foundation

struct ContactAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Record a contact with a family and the suitability judgement.",
        discussion: """
            A substantive contact (the default) restarts the annual-contact clock; mark an unanswered letter \
            with --not-substantive. Notes are personal data: pass them on standard input with --notes-stdin so \
            they do not appear in the shell history or the process list.
            Methods: \(ContactMethod.allCodes.joined(separator: ", ")).
            Judgements: \(SuitabilityJudgement.allCodes.joined(separator: ", ")).

            Example: echo "Saw portfolio." | ehe contact add EHE-000123 --date 2026-11-20 --method home_visit \\
                       --officer "A. Officer" --judgement suitable --notes-stdin
            """
    )

    @OptionGroup var register: RegisterFlags

    @OptionGroup var target: CaseChangeTarget

    @Option(help: "Date of the contact, YYYY-MM-DD.")
    var date: String

    @Option(help: "How contact was made (a contact method code).")
    var method: String

    @Option(help: "The officer who made the contact.")
    var officer: String

    @Option(help: "Suitability judgement (default: not_yet_assessed).")
    var judgement = SuitabilityJudgement.notYetAssessed.rawValue

    @Flag(name: .customLong("not-substantive"), help: "The contact does not count as the annual update (e.g. no reply).")
    var notSubstantive = false

    @Flag(name: .customLong("home-visit-requested"), help: "A home visit was requested.")
    var homeVisitRequested = false

    @Flag(name: .customLong("home-visit-declined"), help: "The family declined the home visit.")
    var homeVisitDeclined = false

    @Flag(name: .customLong("notes-stdin"), help: "Read the contact notes from standard input.")
    var notesFromStandardInput = false

    func run() async throws {
        let reference = try target.caseReference()
        var notes: String?
        if notesFromStandardInput {
            let text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self).trimmingWhitespace
            notes = text.isEmpty ? nil : text
        }
        let contact = Contact(
            date: try Arguments.date(date, option: "--date"),
            method: try Arguments.code(ContactMethod.self, method, option: "--method"),
            officer: officer.trimmingWhitespace,
            judgement: try Arguments.code(SuitabilityJudgement.self, judgement, option: "--judgement"),
            substantive: !notSubstantive,
            homeVisitRequested: homeVisitRequested,
            homeVisitDeclined: homeVisitDeclined,
            notes: notes
        )
        let opened = try register.open()
        let stored = try await opened.cases.addContact(reference, contact, expectedVersion: target.expectedVersion)
        var message = "\(stored.reference): contact on \(contact.date) recorded (version \(stored.version))"
        if let due = ReviewClock.annualContactDue(for: stored.record, policy: opened.policy) {
            message += "; next annual contact due \(due)"
        }
        print(message)
    }
}
