import EHEApp
import EHECore
import EHEReports
import Foundation

/// What pages show, as the plain dictionaries the templates read.
enum PageModel {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `30 Nov 2026`.
    static func date(_ date: LocalDate?) -> String {
        guard let date else { return "" }
        return "\(date.day) \(months[date.month - 1]) \(date.year)"
    }

    /// Options for a `<select>` of a code list, the current value selected.
    static func options<C: CodeList>(_ type: C.Type, selected: String?, blank: String? = "Choose…") -> [[String: Any]] {
        var options: [[String: Any]] = []
        if let blank { options.append(["value": "", "label": blank, "selected": selected == nil]) }
        for code in C.allCases { options.append(["value": code.rawValue, "label": code.label, "selected": code.rawValue == selected]) }
        return options
    }

    static func dueRow(_ item: DueItem, today: LocalDate) -> [String: Any] {
        let overdue = item.dueDate < today
        return [
            "reference": item.reference.description, "kind": item.kind.label, "date": date(item.dueDate), "iso": item.dueDate.iso,
            "officer": item.officer ?? "Unassigned", "overdue": overdue, "status": overdue ? "Overdue" : "Due",
        ]
    }

    /// The case page's sections, from the opened case.
    static func casePage(_ stored: StoredCase, today: LocalDate, due: [DueItem]) -> [String: Any] {
        let record = stored.record
        let child = record.child
        let year = SchoolCalendar.yearGroup(dateOfBirth: child.dateOfBirth, on: today)
        return [
            "reference": stored.reference.description,
            "version": stored.version,
            "name": "\(child.forenames) \(child.surname)",
            "dateOfBirth": date(child.dateOfBirth),
            "yearGroup": SchoolCalendar.yearGroupLabel(year),
            "status": record.status == .open ? "Open" : "Closed",
            "isOpen": record.status == .open,
            "officer": record.assignedOfficer ?? "Unassigned",
            "upn": child.upn ?? "",
            "address": [child.address?.line1, child.address?.town, child.address?.postcode].compactMap { $0 }.joined(separator: ", "),
            "sen": record.senProvision.label,
            "planningArea": record.planningArea ?? "Unknown",
            "nextDue": due.first.map { dueRow($0, today: today) } as Any,
            "hasDue": !due.isEmpty,
            "due": due.map { dueRow($0, today: today) },
            "episodes": record.episodes.map { episode -> [String: Any] in
                [
                    "start": date(episode.startDate), "end": date(episode.endDate), "reason": episode.primaryReason.label,
                    "source": episode.notificationSource.label, "endReason": episode.endReason?.label ?? "",
                    "previousSchool": episode.previousSchool.map { "\($0.type.label)\($0.urn.map { " (URN \($0))" } ?? "")" } ?? "",
                ]
            },
            "contacts": record.contacts.reversed().map { contact -> [String: Any] in
                [
                    "date": date(contact.date), "method": contact.method.label, "officer": contact.officer,
                    "judgement": contact.judgement.label, "substantive": contact.substantive,
                    "notes": contact.notes ?? "",
                ]
            },
            "hasEHCP": record.ehcp != nil,
            "ehcpIssued": date(record.ehcp?.issueDate),
            "reviews": (record.ehcp?.reviews ?? []).map { review -> [String: Any] in
                [
                    "meeting": date(review.meetingDate), "decision": review.decision?.label ?? "Awaited",
                    "decided": date(review.decisionDate),
                ]
            },
            "returnPlans": record.returnPlans.map { plan -> [String: Any] in
                ["target": date(plan.targetDate), "school": plan.targetSchoolURN ?? "", "status": plan.status.label]
            },
            "enforcement": record.enforcement.map { step -> [String: Any] in
                var text = step.kind.label
                if let days = step.periodDays { text += " (\(days) days)" }
                if let outcome = step.outcome { text += " – outcome: \(outcome.label), \(date(step.outcomeDate))" }
                return ["date": date(step.date), "kind": text]
            },
            "awaitingS437Outcome": record.enforcement.contains { $0.kind == .s437Notice && $0.outcome == nil },
            "enforcementKinds": options(EnforcementKind.self, selected: nil),
            "s437Outcomes": options(S437Outcome.self, selected: nil),
            "contactMethods": options(ContactMethod.self, selected: nil),
            "judgements": options(SuitabilityJudgement.self, selected: nil),
            "decisions": options(ReviewDecision.self, selected: nil, blank: "Awaited"),
            "planStatuses": options(ReturnPlanStatus.self, selected: nil),
            "endReasons": options(EndReason.self, selected: nil),
            "reasons": options(PrimaryReason.self, selected: nil),
            "sources": options(NotificationSource.self, selected: nil),
            "today": today.iso,
        ]
    }
}

/// The dashboard's aggregates, kept for a few minutes: counting a million children takes about a second,
/// a page must not.
actor DashboardCache {
    struct Entry {
        var asOf: LocalDate
        var made: Date
        var dashboard: Dashboard
    }

    private var entry: Entry?
    static let lifetime: TimeInterval = 600

    func dashboard(asOf: LocalDate, source: () throws -> StatisticsSource) async throws -> (Dashboard, Date) {
        if let entry, entry.asOf == asOf, Date().timeIntervalSince(entry.made) < Self.lifetime {
            return (entry.dashboard, entry.made)
        }
        let made = Date()
        let dashboard = try await source().dashboard(asOf: asOf, periodStart: asOf.adding(months: -12).adding(days: 1))
        entry = Entry(asOf: asOf, made: made, dashboard: dashboard)
        return (dashboard, made)
    }
}

/// Charts drawn on the server as SVG from published (disclosure-controlled) numbers: a line for the trend,
/// horizontal bars for breakdowns. Suppressed values are drawn as gaps and labelled.
enum Chart {
    static func bars(_ title: String, _ rows: [(label: String, value: PublishedValue)]) -> String {
        let width = 640
        let rowHeight = 22
        let labelWidth = 260
        let height = rows.count * rowHeight + 10
        let top = rows.compactMap { if case .count(let value) = $0.value { value } else { nil } }.max() ?? 0
        var svg =
            #"<svg role="img" aria-label="\#(escape(title))" viewBox="0 0 \#(width) \#(height)" width="100%" class="chart"><title>\#(escape(title))</title>"#
        for (index, row) in rows.enumerated() {
            let y = index * rowHeight + 5
            let label = row.label.count > 36 ? String(row.label.prefix(35)) + "…" : row.label
            svg += #"<text x="0" y="\#(y + 15)" class="chart-label"><title>\#(escape(row.label))</title>\#(escape(label))</text>"#
            switch row.value {
            case .count(let value):
                let length = top == 0 ? 0 : Int(Double(width - labelWidth - 60) * Double(value) / Double(top))
                svg += #"<rect x="\#(labelWidth)" y="\#(y + 3)" width="\#(max(length, 1))" height="14" class="chart-bar"></rect>"#
                svg += #"<text x="\#(labelWidth + length + 6)" y="\#(y + 15)" class="chart-value">\#(value)</text>"#
            default:
                svg += #"<text x="\#(labelWidth)" y="\#(y + 15)" class="chart-value">\#(row.value) (not published)</text>"#
            }
        }
        return svg + "</svg>"
    }

    static func line(_ title: String, _ points: [(label: String, value: PublishedValue)]) -> String {
        let width = 640
        let height = 220
        let values = points.compactMap { if case .count(let value) = $0.value { value } else { nil } }
        let top = max(values.max() ?? 1, 1)
        func x(_ index: Int) -> Int { 40 + index * (width - 110) / max(points.count - 1, 1) }
        func y(_ value: Int) -> Int { height - 30 - value * (height - 60) / top }
        var svg =
            #"<svg role="img" aria-label="\#(escape(title))" viewBox="0 0 \#(width) \#(height)" width="100%" class="chart"><title>\#(escape(title))</title>"#
        svg += #"<line x1="40" y1="\#(height - 30)" x2="\#(width - 20)" y2="\#(height - 30)" class="chart-axis"></line>"#
        var path = ""
        for (index, point) in points.enumerated() {
            guard case .count(let value) = point.value else { continue }
            path += (path.isEmpty ? "M" : " L") + "\(x(index)) \(y(value))"
            svg +=
                #"<circle cx="\#(x(index))" cy="\#(y(value))" r="3" class="chart-point"><title>\#(escape(point.label)): \#(value)</title></circle>"#
        }
        svg += #"<path d="\#(path)" class="chart-line"></path>"#
        for (index, point) in points.enumerated() where index % 6 == 0 || index == points.count - 1 {
            svg += #"<text x="\#(x(index))" y="\#(height - 10)" text-anchor="middle" class="chart-label">\#(escape(point.label))</text>"#
        }
        svg += #"<text x="0" y="\#(y(top) + 4)" class="chart-label">\#(top)</text>"#
        return svg + "</svg>"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
