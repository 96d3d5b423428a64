import ArgumentParser
import EHEApp
import EHECore
import Foundation

struct CaseShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a child's case: details, episodes, contacts, EHCP and what is due.",
        discussion: """
            Shows personal data: use it only for your work on this case. With --json it prints the case \
            document that `ehe case update` accepts back (including its version).

            Example: ehe case show EHE-000123
            """
    )

    @OptionGroup var register: RegisterFlags
    @OptionGroup var output: OutputFlags

    @Argument(help: "Case reference, e.g. EHE-000123.")
    var reference: String

    func run() async throws {
        let reference = try Arguments.reference(reference)
        let opened = try register.open()
        let stored = try await opened.cases.show(reference)
        if output.json {
            print(String(decoding: CaseDocument(stored, asOf: opened.today).encoded(), as: UTF8.self))
        } else {
            print(CaseShowCommand.describe(stored, today: opened.today, policy: opened.policy))
        }
    }

    static func describe(_ stored: StoredCase, today: LocalDate, policy: ReviewPolicy) -> String {
        let record = stored.record
        let child = record.child
        let facts = SchoolAgeFacts(dateOfBirth: child.dateOfBirth, asOf: today)
        var lines = [
            "\(stored.reference)  (\(record.status.label), version \(stored.version))",
            "Child:          \(child.forenames) \(child.surname)" + (child.preferredName.map { " (known as \($0))" } ?? ""),
            "Date of birth:  \(child.dateOfBirth)   Sex: \(child.sex.label)   UPN: \(child.upn ?? "—")",
            "Year group:     \(facts.yearGroupLabel) in \(facts.academicYear)"
                + "   Compulsory school age: \(facts.compulsorySchoolAgeStart) to \(facts.compulsorySchoolAgeEnd)"
                + (facts.ofCompulsorySchoolAge ? "" : " (not of CSA today)"),
        ]
        if let address = child.address {
            lines.append(
                "Address:        "
                    + [address.line1, address.line2, address.town, address.postcode].compactMap { $0 }.joined(separator: ", ")
            )
        }
        lines.append("Planning area:  \(record.planningArea ?? "—")   Officer: \(record.assignedOfficer ?? "unassigned")")
        lines.append("SEN provision:  \(record.senProvision.label)")
        for parent in record.parents {
            let contact = (parent.phones + [parent.email].compactMap { $0 }).joined(separator: ", ")
            lines.append("Parent/carer:   \(parent.name)\(parent.relationship.map { " (\($0))" } ?? "")  \(contact)")
        }
        for provider in record.providers {
            lines.append("Provider:       \(provider.name) (\(provider.type.label))")
        }
        lines.append("Episodes:")
        for episode in record.episodes {
            var line = "  \(episode.startDate) – \(episode.endDate?.iso ?? "open")  \(episode.primaryReason.label)"
            if let reason = episode.endReason { line += "; ended: \(reason.label)" }
            if let school = episode.previousSchool { line += "; previous school: \(school.type.label)" }
            lines.append(line)
        }
        if !record.contacts.isEmpty {
            lines.append("Contacts:")
            for contact in record.contacts {
                lines.append(
                    "  \(contact.date)  \(contact.method.label) by \(contact.officer): \(contact.judgement.label)"
                        + (contact.substantive ? "" : " (not substantive)") + (contact.notes.map { " — \($0)" } ?? "")
                )
            }
        }
        if let plan = record.ehcp {
            lines.append(
                "EHCP:           issued \(plan.issueDate); "
                    + (ReviewClock.ehcpReviewDue(for: plan, policy: policy).map { "next review due \($0)" } ?? "to cease: no further review")
                    + ReviewClock.lateReviews(in: plan, policy: policy).map { "; review of \($0.meetingDate) held late" }.joined()
            )
            if let pending = ReviewClock.pendingDecision(in: plan, policy: policy) {
                lines.append("                decision after the \(pending.review.meetingDate) meeting due by \(pending.due)")
            }
        }
        if let due = ReviewClock.annualContactDue(for: record, policy: policy) {
            lines.append("Annual contact due: \(due)\(due < today ? " (OVERDUE)" : "")")
        }
        for plan in record.returnPlans {
            lines.append(
                "Return plan:    \(plan.status.label), target \(plan.targetDate)\(plan.targetSchoolURN.map { ", school URN \($0)" } ?? "")"
            )
        }
        for event in record.enforcement {
            lines.append("Enforcement:    \(event.date)  \(event.kind.label)\(event.periodDays.map { " (\($0) days)" } ?? "")")
        }
        if let notes = record.notes { lines.append("Notes:          \(notes)") }
        return lines.joined(separator: "\n")
    }
}
