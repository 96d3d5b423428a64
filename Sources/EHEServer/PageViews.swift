import EHEApp
import EHECore
import EHEReports
import Foundation
import Mustache

/// A page the officers see: its Mustache template and the values that template reads, typed. Every
/// template has one view type here; `PageRenderer.render` adds the layout's values (who is signed in, what
/// they may do, the form token).
protocol PageView: Sendable {
    static var template: String { get }
}

/// One `<option>` of a `<select>`.
struct OptionView: Sendable {
    var value: String
    var label: String
    var selected: Bool

    /// The options of a code list, the current value selected, optionally after a blank choice.
    static func list<C: CodeList>(_ type: C.Type, selected: String?, blank: String? = "Choose…") -> [OptionView] {
        (blank.map { [OptionView(value: "", label: $0, selected: selected == nil)] } ?? [])
            + C.allCases.map { OptionView(value: $0.rawValue, label: $0.label, selected: $0.rawValue == selected) }
    }
}

/// A problem shown in the error summary, linking to its field.
struct FieldErrorView: Sendable {
    var id: String
    var message: String
}

/// A label and a published (disclosure-controlled) figure.
struct FigureView: Sendable {
    var label: String
    var value: String
}

/// A due item in a list.
struct DueRowView: Sendable {
    var reference: String
    var kind: String
    var date: String
    var iso: String
    var officer: String
    var overdue: Bool
    var status: String

    /// The status as `DueStatus` defines it (issue 16 item 13): overdue, due (within `dueSoonDays`), or
    /// upcoming — an item a year away is not "Due".
    init(_ item: DueItem, today: LocalDate, dueSoonDays: Int) {
        reference = item.reference.description
        kind = item.kind.label
        date = PageModel.date(item.dueDate)
        iso = item.dueDate.iso
        officer = item.officer ?? "Unassigned"
        let state = DueStatus.of(item.dueDate, asOf: today, dueSoonDays: dueSoonDays)
        overdue = state == .overdue
        status = state.rawValue.prefix(1).uppercased() + state.rawValue.dropFirst()
    }
}

struct SignInView: PageView {
    static let template = "sign-in"
    var title = "Sign in"
    var next: String
    var expired = false
    var name = ""
    var errors: [FieldErrorView] = []
}

struct CasesView: PageView {
    static let template = "cases"
    struct Row: Sendable {
        var reference, status, yearGroup, reason, sen, officer, start: String
    }

    var title = "Cases"
    var rows: [Row]
    var empty: Bool
    var statuses: [OptionView]
    var officer: String
    var reasons: [OptionView]
    var ehcp: Bool
    var overdue: Bool
    var page: Int
    var previous: String
    var next: String
}

struct FindView: PageView {
    static let template = "find"
    struct Result: Sendable {
        var reference, name, dateOfBirth, yearGroup, status: String
    }

    var title = "Find a child"
    var results: [Result] = []
    var searched = false
    var noResults = false
    var upn = "", surname = "", forename = "", dateOfBirth = "", postcode = "", soundsLike = ""
    var errors: [FieldErrorView] = []
}

struct NewCaseView: PageView {
    static let template = "new-case"
    struct Field: Sendable {
        var id, name, label, hint, value, width: String
        var hasHint, isSelect, isTextArea, isText: Bool
        var options: [OptionView]
    }

    struct Section: Sendable {
        var title: String
        var fields: [Field]
    }

    struct Duplicate: Sendable {
        var reference, rules: String
    }

    var title = "Register a child"
    var sections: [Section]
    var errors: [FieldErrorView] = []
    var duplicates: [Duplicate] = []
}

struct CaseView: PageView {
    static let template = "case"
    struct Episode: Sendable {
        var start, end, reason, source, endReason, previousSchool: String
    }

    struct Contact: Sendable {
        var date, method, officer, judgement: String
        var substantive: Bool
        var notes: String?
    }

    struct Review: Sendable {
        var meeting, decision, decided: String
    }

    struct Plan: Sendable {
        var target, school, status: String
    }

    struct Step: Sendable {
        var date, kind: String
    }

    struct AuditRowView: Sendable {
        var at, who, action, outcome: String
    }

    var title: String
    var reference: String
    var version: Int
    var name, dateOfBirth, yearGroup, status: String
    var isOpen: Bool
    var officer, upn, address, sen, planningArea: String
    var nextDue: DueRowView?
    var due: [DueRowView]
    var episodes: [Episode]
    var contacts: [Contact]
    var hasEHCP: Bool
    var ehcpIssued: String
    var reviews: [Review]
    var returnPlans: [Plan]
    var enforcement: [Step]
    var awaitingS437Outcome: Bool
    var enforcementKinds, s437Outcomes, revocationReasons, contactMethods, judgements, decisions, planStatuses, endReasons, reasons,
        sources: [OptionView]
    var today: String
    // What happened on the way here.
    var added = false
    var saved = false
    var stale = false
    var errors: [FieldErrorView] = []
    /// The section whose form is shown open again (its problems beside it).
    var openForm: String?
    var audit: [AuditRowView] = []
    var showAudit = false

    /// The case page's sections, from the opened case.
    init(_ stored: StoredCase, today: LocalDate, due items: [DueItem], dueSoonDays: Int) {
        let record = stored.record
        let child = record.child
        let date = PageModel.date
        title = "Case \(stored.reference)"
        reference = stored.reference.description
        version = stored.version
        name = "\(child.forenames) \(child.surname)"
        dateOfBirth = date(child.dateOfBirth)
        yearGroup = SchoolCalendar.yearGroupLabel(SchoolCalendar.yearGroup(dateOfBirth: child.dateOfBirth, on: today))
        status = record.status == .open ? "Open" : "Closed"
        isOpen = record.status == .open
        officer = record.assignedOfficer ?? "Unassigned"
        upn = child.upn ?? ""
        address = [child.address?.line1, child.address?.town, child.address?.postcode].compactMap { $0 }.joined(separator: ", ")
        sen = record.senProvision.label
        planningArea = record.planningArea ?? "Unknown"
        due = items.map { DueRowView($0, today: today, dueSoonDays: dueSoonDays) }
        nextDue = due.first
        episodes = record.episodes.map { episode in
            Episode(
                start: date(episode.startDate),
                end: date(episode.endDate),
                reason: episode.primaryReason.label,
                source: episode.notificationSource.label,
                endReason: episode.endReason?.label ?? "",
                previousSchool: episode.previousSchool.map { "\($0.type.label)\($0.urn.map { " (URN \($0))" } ?? "")" } ?? ""
            )
        }
        contacts = record.contacts.reversed().map { contact in
            Contact(
                date: date(contact.date),
                method: contact.method.label,
                officer: contact.officer,
                judgement: contact.judgement.label,
                substantive: contact.substantive,
                notes: contact.notes
            )
        }
        hasEHCP = record.ehcp != nil
        ehcpIssued = date(record.ehcp?.issueDate)
        reviews = (record.ehcp?.reviews ?? []).map {
            Review(meeting: date($0.meetingDate), decision: $0.decision?.label ?? "Awaited", decided: date($0.decisionDate))
        }
        returnPlans = record.returnPlans.map {
            Plan(target: date($0.targetDate), school: $0.targetSchoolURN ?? "", status: $0.status.label)
        }
        enforcement = record.enforcement.map { step in
            var text = step.kind.label
            if let days = step.periodDays { text += " (\(days) days)" }
            if let outcome = step.outcome { text += " – outcome: \(outcome.label), \(date(step.outcomeDate))" }
            if let urn = step.namedSchoolURN { text += " – names school \(urn)" }
            if let reason = step.revocationReason { text += " – \(reason.label)" }
            return Step(date: date(step.date), kind: text)
        }
        awaitingS437Outcome = record.enforcement.contains { $0.kind == .s437Notice && $0.outcome == nil }
        enforcementKinds = OptionView.list(EnforcementKind.self, selected: nil)
        s437Outcomes = OptionView.list(S437Outcome.self, selected: nil)
        revocationReasons = OptionView.list(SAORevocationReason.self, selected: nil, blank: "Not recorded")
        contactMethods = OptionView.list(ContactMethod.self, selected: nil)
        judgements = OptionView.list(SuitabilityJudgement.self, selected: nil)
        decisions = OptionView.list(ReviewDecision.self, selected: nil, blank: "Awaited")
        planStatuses = OptionView.list(ReturnPlanStatus.self, selected: nil)
        endReasons = OptionView.list(EndReason.self, selected: nil)
        reasons = OptionView.list(PrimaryReason.self, selected: nil)
        sources = OptionView.list(NotificationSource.self, selected: nil)
        self.today = today.iso
    }
}

struct MyWorkView: PageView {
    static let template = "my-work"
    var title = "My work"
    var items: [DueRowView]
    var empty: Bool
    var within: Int
    var overdueCount: Int
    var hasFeed = false
}

struct CalendarView: PageView {
    static let template = "calendar"
    var title = "Your calendar link"
    var url: String
}

struct DashboardView: PageView {
    static let template = "dashboard"
    struct Section: Sendable {
        var topic: String
        var chart: String
        var rows: [FigureView]
    }

    var title = "Dashboard"
    var asOf, made, mode, modeExplained, total, trendChart, monitoringChart, starts: String
    var trend: [FigureView]
    var monitoring: [FigureView]
    var sections: [Section]
}

struct ErrorView: PageView {
    static let template = "error"
    var title: String
    var detail: String
    var status: Int
    /// The request's id, to quote when reporting a fault (as in `X-Request-Id` and the server's log).
    var requestId = ""
}

/// What the layout (top.mustache) reads for the signed-in person.
struct LayoutView: Sendable {
    var signedIn = false
    var userName = ""
    var role = ""
    var canCases = false, canChange = false, canWork = false, canDashboard = false, canAudit = false
    var csrf: String?

    init(_ identity: Identity?) {
        guard let identity else { return }
        signedIn = true
        userName = identity.name
        role = identity.role.rawValue
        let permissions = identity.role.permissions
        canCases = permissions.contains(.readCases)
        canChange = permissions.contains(.changeCases)
        canWork = permissions.contains(.reminders)
        canDashboard = permissions.contains(.aggregates)
        canAudit = permissions.contains(.auditTrail)
        if case .session(_, let token) = identity.credential { csrf = token }
    }
}

/// The page's values first, then the layout's: what a template reads at the top level. Two derived names
/// save each view a flag: `hasX` is whether the list `x` has anything in it (`hasErrors`, `hasDue`), and
/// `openX` whether `openForm` is the section `x` (`openContact`).
struct PageContext: MustacheParent {
    let view: any PageView
    let layout: LayoutView

    func child(named name: String) -> Any? {
        Self.stored(name, view) ?? Self.derived(name, view) ?? Self.stored(name, layout)
    }

    /// A stored property's value (nil for nil, or when there is none).
    static func stored(_ name: String, _ subject: Any) -> Any? {
        guard let found = Mirror(reflecting: subject).children.first(where: { $0.label == name })?.value else { return nil }
        let mirror = Mirror(reflecting: found)
        guard mirror.displayStyle == .optional else { return found }
        return mirror.children.first?.value
    }

    static func derived(_ name: String, _ subject: Any) -> Any? {
        func lowerFirst(_ text: Substring) -> String { text.prefix(1).lowercased() + text.dropFirst() }
        if name.hasPrefix("has"), name.count > 3, let list = stored(lowerFirst(name.dropFirst(3)), subject) as? any Collection {
            return !list.isEmpty
        }
        if name.hasPrefix("open"), name != "openForm", Mirror(reflecting: subject).children.contains(where: { $0.label == "openForm" }) {
            return stored("openForm", subject) as? String == lowerFirst(name.dropFirst(4))
        }
        return nil
    }
}
