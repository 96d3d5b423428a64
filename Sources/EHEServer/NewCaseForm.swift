import EHEApp
import EHECore
import EHEReports
import Foundation

/// The "register a child" form: fields named by their path in the case document, so validation problems
/// (which name document paths) land on the right field.
enum NewCaseForm {
    struct Field: Sendable {
        var path: String
        var label: String
        var hint: String = ""
        var options: @Sendable (String?) -> [OptionView] = { _ in [] }
        var isSelect = false
        var isTextArea = false
        var width = "20"
    }

    static func select<C: CodeList>(_ path: String, _ label: String, _ type: C.Type, hint: String = "") -> Field {
        Field(path: path, label: label, hint: hint, options: { OptionView.list(type, selected: $0) }, isSelect: true)
    }

    static let dateHint = "For example, 2015-03-27"

    static let sections: [(title: String, fields: [Field])] = [
        (
            "Child",
            [
                Field(path: "child.forenames", label: "Forenames"), Field(path: "child.surname", label: "Surname"),
                Field(path: "child.dateOfBirth", label: "Date of birth", hint: dateHint, width: "10"),
                select("child.sex", "Sex", Sex.self),
                Field(
                    path: "child.upn",
                    label: "Unique pupil number (UPN), if known",
                    hint: "13 characters, for example A123456789012",
                    width: "13"
                ),
                Field(path: "child.address.line1", label: "Address line 1"), Field(path: "child.address.town", label: "Town"),
                Field(path: "child.address.postcode", label: "Postcode", width: "10"),
            ]
        ),
        (
            "Parent or carer",
            [
                Field(path: "parents[0].name", label: "Full name"),
                Field(path: "parents[0].relationship", label: "Relationship to the child", hint: "For example, mother"),
                Field(path: "parents[0].phones", label: "Phone"), Field(path: "parents[0].email", label: "Email"),
            ]
        ),
        (
            "Home education",
            [
                Field(path: "episodes[0].startDate", label: "Date home education started", hint: dateHint, width: "10"),
                select("episodes[0].notificationSource", "Who told the LA", NotificationSource.self),
                Field(path: "episodes[0].notificationDate", label: "Date the LA was told", hint: dateHint, width: "10"),
                select("episodes[0].primaryReason", "Main reason given", PrimaryReason.self),
                Field(path: "episodes[0].previousSchool.urn", label: "Previous school URN", hint: "6 digits", width: "6"),
                select("episodes[0].previousSchool.type", "Previous school type", PreviousSchoolType.self),
                Field(
                    path: "episodes[0].deletionReturn.ground",
                    label: "Deletion ground (school's return)",
                    hint: "For example, reg 9(1)(f)"
                ),
                Field(
                    path: "episodes[0].deletionReturn.removedFromRollDate",
                    label: "Date removed from the school roll",
                    hint: dateHint,
                    width: "10"
                ),
                select("episodes[0].consent.requirement", "Consent needed to remove from roll", ConsentRequirement.self),
            ]
        ),
        (
            "Special educational needs and social care",
            [
                select("senProvision", "SEN provision", SENProvision.self),
                Field(path: "ehcp.issueDate", label: "EHCP issue date, if the child has a plan", hint: dateHint, width: "10"),
                select("socialCare[0].flag", "Social care involvement, if any", SocialCareFlag.self),
                Field(path: "socialCare[0].from", label: "Social care involvement from", hint: dateHint, width: "10"),
                Field(path: "notes", label: "Notes", isTextArea: true),
            ]
        ),
    ]

    static func view(_ form: FormData) -> NewCaseView {
        NewCaseView(
            sections: sections.map { section in
                NewCaseView.Section(
                    title: section.title,
                    fields: section.fields.map { field in
                        NewCaseView.Field(
                            id: field.path.fieldID,
                            name: field.path,
                            label: field.label,
                            hint: field.hint,
                            value: form[field.path] ?? "",
                            width: field.width,
                            hasHint: !field.hint.isEmpty,
                            isSelect: field.isSelect,
                            isTextArea: field.isTextArea,
                            isText: !field.isSelect && !field.isTextArea,
                            options: field.options(form[field.path])
                        )
                    }
                )
            }
        )
    }

    /// The id of the form field a problem belongs to: the field itself, or the first field of the part of
    /// the document it names (`episodes` → the episode's start date).
    static func anchor(_ path: String) -> String {
        let fields = sections.flatMap(\.fields).map(\.path)
        if fields.contains(path) { return path.fieldID }
        return (fields.first { $0.hasPrefix(path + ".") || $0.hasPrefix(path + "[") } ?? fields[0]).fieldID
    }

    /// A validation message for the summary, naming the field by its label.
    static func message(_ problem: ValidationProblem) -> String {
        let label =
            sections.flatMap(\.fields).first { $0.path == problem.field }?.label
            ?? sections.first { $0.fields.contains { $0.path.hasPrefix(problem.field) } }?.title ?? problem.field
        return "\(label): \(problem.message)"
    }

    /// The case document the form describes (blank fields left out; a blank parent or social-care row
    /// left out entirely).
    static func document(_ form: FormData) throws -> CaseDocument {
        var root: [String: Any] = [:]
        for field in sections.flatMap(\.fields) {
            guard let value = form[field.path] else { continue }
            set(&root, path: field.path, value: field.path == "parents[0].phones" ? [value] : value)
        }
        return try JSONDecoder().decode(CaseDocument.self, from: JSONSerialization.data(withJSONObject: root))
    }

    /// Sets `value` at a document path such as `episodes[0].previousSchool.urn`.
    static func set(_ object: inout [String: Any], path: String, value: Any) {
        var parts = path.split(separator: ".").map(String.init)
        let first = parts.removeFirst()
        let (key, index) = split(first)
        if parts.isEmpty {
            object[key] = value
            return
        }
        let rest = parts.joined(separator: ".")
        if let index {
            var array = object[key] as? [[String: Any]] ?? []
            while array.count <= index { array.append([:]) }
            set(&array[index], path: rest, value: value)
            object[key] = array
        } else {
            var child = object[key] as? [String: Any] ?? [:]
            set(&child, path: rest, value: value)
            object[key] = child
        }
    }

    static func split(_ part: String) -> (String, Int?) {
        guard let open = part.firstIndex(of: "["), let close = part.firstIndex(of: "]"),
            let index = Int(part[part.index(after: open)..<close])
        else { return (part, nil) }
        return (String(part[..<open]), index)
    }
}

/// The dashboard page: published (disclosure-controlled) numbers as tables and SVG charts.
enum DashboardPage {
    static func view(_ dashboard: Dashboard, mode: DisclosureMode, made: Date) -> DashboardView {
        let published = DisclosureControl.apply(dashboard.disclosureTable, mode: mode)
        func value(_ key: String) -> PublishedValue { published[key] ?? .unavailable }
        let sections = dashboard.breakdowns.map { topic, categories in
            let rows = categories.map { (label: $0, value: value("live|\(topic)|\($0)")) }
            return DashboardView.Section(
                topic: topic,
                chart: Chart.bars("Live EHE by \(topic.lowercased())", rows),
                rows: rows.map { FigureView(label: $0.label, value: $0.value.description) }
            )
        }
        let trend = dashboard.trendDates.map { (label: PageModel.date($0), value: value("trend|" + $0.iso)) }
        let monitoring = [
            ("Annual contact in time", "monitoring|Annual contact|In time"),
            ("Annual contact overdue", "monitoring|Annual contact|Overdue"),
            ("EHCP review in time", "monitoring|EHCP review|In time"), ("EHCP review overdue", "monitoring|EHCP review|Overdue"),
        ].map { (label: $0.0, value: value($0.1)) }
        return DashboardView(
            asOf: PageModel.date(dashboard.asOf),
            made: made.iso8601(),
            mode: mode.description,
            modeExplained: explain(mode),
            total: value("live|Total").description,
            trendChart: Chart.line("Live EHE at each month end, last 24 months", trend),
            monitoringChart: Chart.bars("Monitoring in time", monitoring),
            starts: value("flows|Starts").description,
            trend: trend.map { FigureView(label: $0.label, value: $0.value.description) },
            monitoring: monitoring.map { FigureView(label: $0.label, value: $0.value.description) },
            sections: sections
        )
    }

    static func explain(_ mode: DisclosureMode) -> String {
        switch mode {
        case .exact: "exact counts — NOT FOR PUBLICATION"
        case .rounding(let base): "rounded to the nearest \(base); 'low' means fewer than \(base / 2) but not none"
        case .suppression(let threshold):
            "counts from 1 to \(threshold - 1) hidden as 'c', with further cells hidden so none can be worked out"
        }
    }
}
